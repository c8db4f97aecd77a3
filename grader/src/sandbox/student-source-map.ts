import { SourceMap, type SourceMapPayload } from 'node:module';

/** The name the child gives the bundle's script; stack frames of student code name it. */
export const SOLUTION_SCRIPT = 'solution.js';

/** A stack rewritten to the student's own files, and its first frame there (`index.ts:12:5`). */
export interface MappedStack {
  stack: string;
  location: string;
}

const FRAME = new RegExp(`${SOLUTION_SCRIPT.replace('.', '\\.')}:(\\d+):(\\d+)`, 'g');

/**
 * Maps stack frames of the bundled solution back to the student's TypeScript, using the source
 * map the compile step wrote beside the bundle (its `sources` are relative to the solution folder).
 * Frames of the sandbox's own scripts are dropped: the student can do nothing with them.
 */
export class StudentSourceMap {
  private readonly map: SourceMap;

  constructor(payload: SourceMapPayload) {
    this.map = new SourceMap(payload);
  }

  /** `file:line:column` (1-based) of a bundle position (1-based), or null outside student files. */
  position(line: number, column: number): string | null {
    const entry = this.map.findEntry(line - 1, column - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
    if (typeof entry.originalSource !== 'string' || entry.originalLine === undefined || entry.originalColumn === undefined) return null;
    return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  }

  mapStack(stack: string): MappedStack {
    let location = '';
    const lines: string[] = [];
    for (const line of stack.split('\n')) {
      if (!/^\s+at /.test(line)) {
        lines.push(line);
        continue;
      }
      if (!line.includes(SOLUTION_SCRIPT)) continue;
      const mapped = line.replace(FRAME, (whole, l: string, c: string) => this.position(Number(l), Number(c)) ?? whole);
      if (location === '') location = /\(([^()]+:\d+:\d+)\)$/.exec(mapped)?.[1] ?? /at (\S+:\d+:\d+)$/.exec(mapped)?.[1] ?? '';
      lines.push(mapped);
    }
    return { stack: lines.join('\n'), location };
  }
}

/** Reads `solution.js.map`, or null when it is missing or unreadable (the stack stays as it was). */
export function parseSourceMap(text: string | null): StudentSourceMap | null {
  if (text === null) return null;
  try {
    return new StudentSourceMap(JSON.parse(text) as SourceMapPayload);
  } catch {
    return null;
  }
}
