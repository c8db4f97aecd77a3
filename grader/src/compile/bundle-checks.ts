import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { fromEsbuild } from './diagnostic.js';
import type { BundleOutput } from './bundle.js';

/**
 * Bundles an assignment's trusted checks.ts into one ES module. `@dsgrade/framework` stays an
 * import, rewritten to the absolute URL of the installed framework, so checks share the very
 * module instance (classes, instanceof) that the runner in the sandbox child uses.
 */
export async function bundleChecks(rootDir: string, checksFile: string, outFile: string, frameworkIndexJs: string): Promise<BundleOutput> {
  const frameworkUrl = pathToFileURL(frameworkIndexJs).href;
  try {
    const result = await esbuild.build({
      absWorkingDir: rootDir,
      entryPoints: [checksFile],
      outfile: outFile,
      bundle: true,
      write: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      charset: 'utf8',
      legalComments: 'none',
      logLevel: 'silent',
      tsconfigRaw: { compilerOptions: { strict: true, useDefineForClassFields: true } },
      plugins: [
        {
          name: 'dsgrade-framework-external',
          setup(build) {
            build.onResolve({ filter: /^@dsgrade\/framework$/ }, () => ({ path: frameworkUrl, external: true }));
          },
        },
      ],
    });
    return { errors: [], warnings: result.warnings.map((m) => fromEsbuild(m, rootDir)) };
  } catch (e) {
    const failure = e as Partial<esbuild.BuildFailure>;
    if (!Array.isArray(failure.errors)) throw e;
    return { errors: failure.errors.map((m) => fromEsbuild(m, rootDir)), warnings: [] };
  }
}

