import type { Diagnostic } from '../compile/diagnostic.js';
import type { Sandbox } from '../sandbox/index.js';
import { readPythonBundle } from './python-bundle.js';
import type { SyntaxErrors, SyntaxJob } from './python-runner.js';

/** The runner module of a Python submission's sandbox child. */
export const PYTHON_RUNNER = new URL('./python-runner.js', import.meta.url);

function isSyntaxErrors(v: unknown): v is SyntaxErrors {
  return Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 4 && typeof e[0] === 'string' && typeof e[1] === 'number' && typeof e[2] === 'number' && typeof e[3] === 'string');
}

/** Compiles (without running) every file of the bundle in the submission's child: its syntax errors as diagnostics. */
export async function pythonSyntaxErrors(sandbox: Sandbox, bundlePath: string): Promise<Diagnostic[]> {
  const b = readPythonBundle(bundlePath);
  const job: SyntaxJob = { syntaxCheck: { pyodideDir: b.pyodideDir, files: b.files } };
  const r = await sandbox.run(job, { wallTimeMs: 60_000 });
  if (r.status !== 'ok' || !isSyntaxErrors(r.value)) {
    throw new Error(`pythonSyntaxErrors: the sandbox child could not check the Python files (${r.status === 'ok' ? 'malformed answer' : r.status})`);
  }
  return r.value.map(([file, line, column, message]) => ({ file, line, column, message }));
}
