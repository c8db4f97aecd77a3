import path from 'node:path';
import type { Message as EsbuildMessage } from 'esbuild';

/** One compile problem. `file` is relative to the solution folder (posix separators), '' if global. */
export interface Diagnostic {
  file: string;
  /** 1-based; 0 when the problem has no position. */
  line: number;
  /** 1-based, in characters; 0 when the problem has no position. */
  column: number;
  message: string;
}

export type CompileResult =
  | { ok: true; bundlePath: string; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[] };

export function relativeFile(rootDir: string, file: string): string {
  if (file === '') return '';
  const rel = path.relative(rootDir, path.resolve(rootDir, file));
  return rel.split(path.sep).join('/');
}

/** esbuild columns are 0-based byte offsets; ours are 1-based characters. */
export function fromEsbuild(m: EsbuildMessage, rootDir: string): Diagnostic {
  const loc = m.location;
  if (loc === null) return { file: '', line: 0, column: 0, message: m.text };
  const column = Buffer.from(loc.lineText, 'utf8').subarray(0, loc.column).toString('utf8').length + 1;
  return { file: relativeFile(rootDir, loc.file), line: loc.line, column, message: m.text };
}

export function formatDiagnostic(d: Diagnostic): string {
  return d.file === '' ? d.message : `${d.file}:${d.line}:${d.column}: ${d.message}`;
}
