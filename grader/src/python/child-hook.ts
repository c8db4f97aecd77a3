import type { OutputBuffer } from '../sandbox/output-buffer.js';
import type { StudentClasses, StudentHooks } from '../sandbox/runner-api.js';
import { loadPython } from './load-pyodide.js';
import { readPythonBundle } from './python-bundle.js';
import { loadPythonRealm } from './python-realm.js';

export { isPythonBundle } from './python-bundle.js';

/** The sandbox child's loader of a Python solution: Pyodide once now, fresh student modules per call. */
export async function pythonStudentLoader(bundlePath: string): Promise<(hooks: StudentHooks, output: OutputBuffer) => StudentClasses> {
  const bundle = readPythonBundle(bundlePath);
  const python = await loadPython(bundle.pyodideDir);
  return (hooks, output) => loadPythonRealm(python, bundle, hooks, output);
}
