import { pathToFileURL } from 'node:url';
import { runBundle, type BundleOutput } from './bundle.js';

/**
 * Bundles an assignment's trusted checks.ts into one ES module. `@dsgrade/framework` stays an
 * import, rewritten to the absolute URL of the installed framework, so checks share the very
 * module instance (classes, instanceof) that the runner in the sandbox child uses.
 */
export function bundleChecks(rootDir: string, checksFile: string, outFile: string, frameworkIndexJs: string): Promise<BundleOutput> {
  const frameworkUrl = pathToFileURL(frameworkIndexJs).href;
  return runBundle(rootDir, checksFile, outFile, {
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [
      {
        name: 'dsgrade-framework-external',
        setup(build) {
          build.onResolve({ filter: /^@dsgrade\/framework$/ }, () => ({ path: frameworkUrl, external: true }));
        },
      },
    ],
  });
}
