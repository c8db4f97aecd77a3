import fs from 'node:fs';
import path from 'node:path';
import type { CompileResult } from '../compile/diagnostic.js';
import { pyodideLocation } from './pyodide-location.js';
import { PYTHON_BUNDLE, PYTHON_BUNDLE_FORMAT, type PythonBundle } from './python-bundle.js';

const MAX_FILES = 200;

function pythonFiles(rootDir: string, dir = rootDir, out: Record<string, string> = {}): Record<string, string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === '__pycache__' || e.name === 'node_modules') continue;
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) pythonFiles(rootDir, abs, out);
    else if (e.isFile() && e.name.endsWith('.py')) out[path.relative(rootDir, abs).split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

/**
 * Packs a Python solution (every .py file under solutionDir) into one bundle file for the
 * sandbox child. Syntax is checked in the child (see python-runner.ts): the grader's own
 * process has no Python and never runs student code.
 */
export function compilePython(opts: { solutionDir: string; entry: string; outDir: string }): CompileResult {
  if (typeof opts !== 'object' || opts === null || typeof opts.solutionDir !== 'string' || typeof opts.entry !== 'string' || typeof opts.outDir !== 'string') {
    throw new Error('compilePython: pass { solutionDir, entry, outDir } (paths as strings)');
  }
  const rootDir = fs.realpathSync(opts.solutionDir);
  if (!fs.existsSync(path.join(rootDir, opts.entry))) {
    return { ok: false, errors: [{ file: opts.entry, line: 0, column: 0, message: `${opts.entry} is missing; the solution's entry file must exist` }] };
  }
  const files = pythonFiles(rootDir);
  if (Object.keys(files).length > MAX_FILES) {
    return { ok: false, errors: [{ file: '', line: 0, column: 0, message: `the solution has more than ${MAX_FILES} .py files` }] };
  }
  const bundle: PythonBundle = { format: PYTHON_BUNDLE_FORMAT, pyodideDir: pyodideLocation(), entry: opts.entry, files };
  fs.mkdirSync(opts.outDir, { recursive: true });
  const bundlePath = path.join(opts.outDir, PYTHON_BUNDLE);
  fs.writeFileSync(bundlePath, JSON.stringify(bundle));
  return { ok: true, bundlePath, warnings: [] };
}
