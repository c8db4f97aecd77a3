import type { HandlerFailure } from '../mc/driver.js';
import type { StepError } from './types.js';

/** `file:line:col` from a location the error carries: a string, or `{ file, line, column }`. */
function locationField(v: unknown): string | null {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'object' && v !== null) {
    const { file, line, column } = v as { file?: unknown; line?: unknown; column?: unknown };
    if (typeof file === 'string' && typeof line === 'number') return `${file}:${line}${typeof column === 'number' ? `:${column}` : ''}`;
  }
  return null;
}

function stackOf(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || !('stack' in v)) return null;
  const stack = (v as { stack: unknown }).stack;
  return typeof stack === 'string' && stack !== '' ? stack : null;
}

/** The first `file:line:col` frame of a stack that is not Node's own code. */
function firstFrame(stack: string): string | null {
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(([^()]+:\d+:\d+)\)\s*$/.exec(line) ?? /^\s*at ([^\s()]+:\d+:\d+)\s*$/.exec(line);
    if (m !== null && !m[1]!.startsWith('node:')) return m[1]!;
  }
  return null;
}

/**
 * What the explorer shows of a handler that threw at `step`: the StudentError's message,
 * process and handler, and the source line — the `location` the error (or the value the
 * student threw) carries when the compiler mapped one, else the first frame of its stack.
 */
export function stepErrorOf(f: HandlerFailure, step: number): StepError {
  const original = (f.error as { original?: unknown }).original;
  const location = locationField((f.error as { location?: unknown }).location) ?? locationField((original as { location?: unknown } | null | undefined)?.location);
  const thrownStack = stackOf(original);
  // Only the thrown value's own stack points into student code; the wrapper's is the framework's.
  const frame = thrownStack === null ? null : firstFrame(thrownStack);
  return { proc: f.proc, handler: f.handler, step, message: f.error.message, location: location ?? frame, stack: thrownStack ?? stackOf(f.error) };
}
