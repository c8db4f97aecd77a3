import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the installed @dsgrade/framework lives: its built entry, its declarations and its root. */
export interface FrameworkLocation {
  /** Real path of the built entry module (dist/src/index.js). */
  indexJs: string;
  /** Declarations of the whole export list (dist/src/index.d.ts). */
  indexDts: string;
  /** Declarations of the student-facing API only (dist/src/process.d.ts). */
  processDts: string;
  /** The package root (holds package.json and dist/). */
  packageDir: string;
  /** The built output folder (dist/). */
  distDir: string;
}

let cached: FrameworkLocation | undefined;

export function frameworkLocation(): FrameworkLocation {
  if (cached !== undefined) return cached;
  const indexJs = fs.realpathSync(fileURLToPath(import.meta.resolve('@dsgrade/framework')));
  const srcDir = path.dirname(indexJs);
  const distDir = path.dirname(srcDir);
  const location: FrameworkLocation = {
    indexJs,
    indexDts: path.join(srcDir, 'index.d.ts'),
    processDts: path.join(srcDir, 'process.d.ts'),
    packageDir: path.dirname(distDir),
    distDir,
  };
  for (const file of [location.indexDts, location.processDts]) {
    // Without the declarations every student import of the API would fail obscurely.
    if (!fs.existsSync(file)) throw new Error(`frameworkLocation: ${file} is missing; build the framework first (npm run build)`);
  }
  cached = location;
  return location;
}
