import fs from 'node:fs';
import vm from 'node:vm';
import { bootstrap } from './bootstrap.js';
import type { OutputBuffer } from './output-buffer.js';
import type { StudentClasses, StudentHooks } from './runner-api.js';
import { loadStudentRealm } from './student-realm.js';
import { parseSourceMap, SOLUTION_SCRIPT } from './student-source-map.js';

/**
 * The vm realm has no module loader. The rejection is a primitive, so it carries no realm:
 * a host Error there would hand the student the host's Function.
 */
export const NO_DYNAMIC_IMPORT = 'dynamic import() is not available in the sandbox';
const noDynamicImport = (): never => {
  throw NO_DYNAMIC_IMPORT;
};

function compileScript(source: string, filename: string): vm.Script {
  return new vm.Script(source, { filename, importModuleDynamically: noDynamicImport as never });
}

function readIfPresent(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export type StudentLoader = (hooks: StudentHooks, output: OutputBuffer) => StudentClasses;

/** Compiles a TypeScript solution's bundle once (per thread); each call of the loader evaluates it in a fresh realm. */
export async function typescriptLoader(bundlePath: string): Promise<StudentLoader> {
  const scripts = {
    bootstrap: compileScript(`(${bootstrap.toString()})`, 'dsgrade-bootstrap.js'),
    solution: compileScript(fs.readFileSync(bundlePath, 'utf8'), SOLUTION_SCRIPT),
    sourceMap: parseSourceMap(readIfPresent(`${bundlePath}.map`)),
  };
  return (hooks, output) => loadStudentRealm(scripts, hooks, output);
}
