import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** The installed pyodide package (pinned in grader/package.json; it ships the wasm and the stdlib, so nothing is downloaded). */
export function pyodideLocation(): string {
  const require = createRequire(import.meta.url);
  const dir = fs.realpathSync(path.dirname(require.resolve('pyodide/package.json')));
  for (const f of ['pyodide.mjs', 'pyodide.asm.js', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json']) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(`pyodideLocation: ${f} is missing from ${dir}; reinstall with npm ci`);
  }
  return dir;
}
