import fs from 'node:fs';
import path from 'node:path';
import type { CompileResult } from './diagnostic.js';
import { frameworkLocation } from '../framework-location.js';
import { cachedCompile } from './compile-cache.js';

export type { CompileResult, Diagnostic } from './diagnostic.js';
export { formatDiagnostic } from './diagnostic.js';
export { BUNDLE_GLOBAL, CHECKS_BUNDLE, SOLUTION_BUNDLE } from './bundle-names.js';
export { defaultCompileCacheDir } from './compile-cache.js';

export interface CompileSolutionOptions {
  /** The student's folder. Every file of the solution must be inside it. */
  solutionDir: string;
  /** Entry file, relative to solutionDir (e.g. 'index.ts'). */
  entry: string;
  /** Classes the entry file must export (e.g. ['Server', 'Client']). */
  classes: readonly string[];
  /** Where to write the bundle (`solution.js`); created if missing. Keep one folder per submission. */
  outDir: string;
  /** Whether uses of host time, randomness, timers or asynchrony are warnings (default) or errors. */
  determinism?: 'warning' | 'error';
  /** A compile cache folder (see defaultCompileCacheDir); absent or null compiles every time. */
  cacheDir?: string | null;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function requireDir(fn: string, name: string, dir: unknown): string {
  if (typeof dir !== 'string' || dir === '') throw new Error(`${fn}: ${name} must be a non-empty path string`);
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`${fn}: ${name} ${dir} is not a folder; pass an existing folder`);
  return abs;
}

function validateSolutionOptions(opts: CompileSolutionOptions): { rootDir: string; entryFile: string; outDir: string } {
  const fn = 'compileSolution';
  if (typeof opts !== 'object' || opts === null) throw new Error(`${fn}: pass { solutionDir, entry, classes, outDir }`);
  const rootDir = fs.realpathSync(requireDir(fn, 'solutionDir', opts.solutionDir));
  if (typeof opts.entry !== 'string' || opts.entry === '' || path.isAbsolute(opts.entry)) {
    throw new Error(`${fn}: entry must be a file path relative to solutionDir, like 'index.ts'`);
  }
  const entryFile = path.resolve(rootDir, opts.entry);
  const rel = path.relative(rootDir, entryFile);
  if (rel.startsWith('..')) throw new Error(`${fn}: entry ${opts.entry} points outside solutionDir; pass a file inside it`);
  if (!Array.isArray(opts.classes) || !opts.classes.every((c) => typeof c === 'string' && IDENTIFIER.test(c))) {
    throw new Error(`${fn}: classes must be an array of class names (identifiers), like ['Server', 'Client']`);
  }
  if (typeof opts.outDir !== 'string' || opts.outDir === '') throw new Error(`${fn}: outDir must be a non-empty path string`);
  if (opts.determinism !== undefined && opts.determinism !== 'warning' && opts.determinism !== 'error') {
    throw new Error(`${fn}: determinism must be 'warning' or 'error'`);
  }
  return { rootDir, entryFile, outDir: path.resolve(opts.outDir) };
}

/**
 * Type-checks a student's solution with strict options and bundles it into one script
 * (see BUNDLE_GLOBAL for its shape). Student mistakes come back as `ok: false` with
 * file:line:column diagnostics; only misuse of this function throws.
 */
export async function compileSolution(opts: CompileSolutionOptions): Promise<CompileResult> {
  const { rootDir, entryFile, outDir } = validateSolutionOptions(opts);
  const options = { kind: 'solution', entry: path.relative(rootDir, entryFile), classes: opts.classes, determinism: opts.determinism ?? 'warning' };
  const request = { cacheDir: opts.cacheDir ?? null, rootDir, inputs: () => true, options, frameworkDir: path.dirname(frameworkLocation().indexJs), outDir };
  return cachedCompile(request, async () => (await import('./compile-now.js')).compileSolutionNow(opts, rootDir, entryFile, outDir));
}

/**
 * Type-checks and bundles an assignment's trusted checks file into `outDir/checks.mjs`, an ES
 * module the sandbox child imports. Checks may import `@dsgrade/framework` for real: the
 * import is kept and pointed at the installed framework, so checks and runner share it.
 * Other imports are bundled in.
 */
export async function compileChecks(checksFile: string, outDir: string, cache: { cacheDir?: string | null } = {}): Promise<CompileResult> {
  const fn = 'compileChecks';
  if (typeof checksFile !== 'string' || checksFile === '' || !fs.existsSync(checksFile) || !fs.statSync(checksFile).isFile()) {
    throw new Error(`${fn}: checksFile must be the path of an existing checks.ts file`);
  }
  if (typeof outDir !== 'string' || outDir === '') throw new Error(`${fn}: outDir must be a non-empty path string`);
  const file = fs.realpathSync(checksFile);
  const rootDir = path.dirname(file);
  const fw = frameworkLocation();
  // Checks are bundled with their relative imports and may read the framework's declarations and code.
  const request = {
    cacheDir: cache.cacheDir ?? null,
    rootDir,
    inputs: (name: string) => CHECK_INPUT.test(name),
    options: { kind: 'checks', entry: path.basename(file), framework: fw.indexJs },
    frameworkDir: path.dirname(fw.indexJs),
    outDir: path.resolve(outDir),
  };
  return cachedCompile(request, async () => (await import('./compile-now.js')).compileChecksNow(file, rootDir, outDir));
}

const CHECK_INPUT = /\.(ts|mts|cts|js|mjs|cjs|json)$/;
