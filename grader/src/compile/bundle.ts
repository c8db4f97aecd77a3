import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { annotateBuggifySites } from './buggify-sites.js';
import { fromEsbuild, relativeFile, type Diagnostic } from './diagnostic.js';
import { FRAMEWORK_MODULE } from './source-rules.js';

/**
 * The bundle is a classic script (esbuild `iife`) whose completion value is the entry file's
 * exports object, so the sandbox gets the exports from `script.runInContext(ctx)` without
 * any module loader or global lookup.
 */
export const BUNDLE_GLOBAL = '__dsgradeSolution__';

export interface BundleOutput {
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function containmentPlugin(rootDir: string): esbuild.Plugin {
  const realRoot = fs.realpathSync(rootDir);
  return {
    name: 'dsgrade-solution-only',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || args.path.startsWith('./') || args.path.startsWith('../')) return undefined;
        if (args.path === FRAMEWORK_MODULE) {
          return {
            errors: [
              {
                text:
                  `'${FRAMEWORK_MODULE}' may be imported only as types ` +
                  `(import type { Process, Context, Message } from '${FRAMEWORK_MODULE}'); nothing of it exists at run time`,
              },
            ],
          };
        }
        return { errors: [{ text: `import of '${args.path}' is not allowed: a solution may import only its own relative files` }] };
      });
      build.onLoad({ filter: /.*/ }, (args) => {
        const real = fs.realpathSync(args.path);
        const shown = relativeFile(rootDir, args.path);
        if (!isInside(realRoot, real)) return { errors: [{ text: `${shown} is outside the solution folder; import only files inside it` }] };
        if (!real.endsWith('.ts')) return { errors: [{ text: `${shown} is not a .ts file; a solution is TypeScript only` }] };
        return { contents: annotateBuggifySites(fs.readFileSync(real, 'utf8'), shown), loader: 'ts' };
      });
    },
  };
}

/**
 * One esbuild run of `entryFile` into `outFile` with the options every dsgrade bundle shares
 * (never a tsconfig.json of the submission: it could change what gets compiled), plus `own`;
 * build errors come back as diagnostics, anything else is thrown.
 */
export async function runBundle(rootDir: string, entryFile: string, outFile: string, own: esbuild.BuildOptions): Promise<BundleOutput> {
  try {
    const result = await esbuild.build({
      absWorkingDir: rootDir,
      entryPoints: [entryFile],
      outfile: outFile,
      bundle: true,
      write: true,
      charset: 'utf8',
      legalComments: 'none',
      logLevel: 'silent',
      tsconfigRaw: { compilerOptions: { strict: true, useDefineForClassFields: true } },
      ...own,
    });
    return { errors: [], warnings: result.warnings.map((m) => fromEsbuild(m, rootDir)) };
  } catch (e) {
    const failure = e as Partial<esbuild.BuildFailure>;
    if (!Array.isArray(failure.errors)) throw e;
    return {
      errors: failure.errors.map((m) => fromEsbuild(m, rootDir)),
      warnings: (failure.warnings ?? []).map((m) => fromEsbuild(m, rootDir)),
    };
  }
}

/** Bundles the solution entry and its relative imports into one script at `outFile`. */
export function bundleSolution(rootDir: string, entryFile: string, outFile: string): Promise<BundleOutput> {
  return runBundle(rootDir, entryFile, outFile, {
    format: 'iife',
    globalName: BUNDLE_GLOBAL,
    footer: { js: `${BUNDLE_GLOBAL};` },
    platform: 'neutral',
    target: 'es2022',
    keepNames: true,
    plugins: [containmentPlugin(rootDir)],
  });
}
