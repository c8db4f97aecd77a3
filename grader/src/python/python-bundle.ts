import fs from 'node:fs';

/** What compilePython writes and the sandbox child loads: the student's Python files as data. */
export interface PythonBundle {
  format: typeof PYTHON_BUNDLE_FORMAT;
  /** The installed pyodide package the child loads (absolute). */
  pyodideDir: string;
  /** Entry file, relative to the solution folder (posix), e.g. 'solution.py'. */
  entry: string;
  /** Every .py file of the solution: relative path → source. */
  files: Record<string, string>;
}

export const PYTHON_BUNDLE_FORMAT = 'dsgrade-python-1';
/** File name of a Python bundle; the sandbox child tells the language by it. */
export const PYTHON_BUNDLE = 'solution.py.json';

export function isPythonBundle(bundlePath: string): boolean {
  return bundlePath.endsWith(PYTHON_BUNDLE);
}

/** Reads a bundle the parent wrote (trusted: the grader made it, only the sources are the student's). */
export function readPythonBundle(bundlePath: string): PythonBundle {
  const b = JSON.parse(fs.readFileSync(bundlePath, 'utf8')) as PythonBundle;
  if (b.format !== PYTHON_BUNDLE_FORMAT) throw new Error(`readPythonBundle: ${bundlePath} is not a ${PYTHON_BUNDLE_FORMAT} bundle; compile it with compilePython`);
  return b;
}
