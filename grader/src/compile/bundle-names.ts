/**
 * The bundle is a classic script (esbuild `iife`) whose completion value is the entry file's
 * exports object, so the sandbox gets the exports from `script.runInContext(ctx)` without
 * any module loader or global lookup.
 */
export const BUNDLE_GLOBAL = '__dsgradeSolution__';

/** File name of the solution bundle inside outDir. */
export const SOLUTION_BUNDLE = 'solution.js';
/** File name of the checks bundle inside outDir. */
export const CHECKS_BUNDLE = 'checks.mjs';
