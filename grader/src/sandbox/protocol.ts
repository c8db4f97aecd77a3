/**
 * Messages between the parent and the sandbox child, one JSON object per line. Parent → child
 * goes over the child's stdin; child → parent over fd 3. The parent trusts nothing it reads:
 * `parseChildMessage` checks every shape and caps every string.
 */

export interface InitMessage {
  kind: 'init';
  bundlePath: string;
  checksPath: string | null;
  runnerModule: string;
  outputLimit: number;
  /** Wall-time budget of one student call (handler, constructor, top level), in ms. */
  handlerBudgetMs: number;
}

export interface JobMessage {
  kind: 'job';
  id: number;
  job: unknown;
}

export type ParentMessage = InitMessage | JobMessage;

export type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'init-failed'; reason: string }
  | { kind: 'output'; id: number; text: string }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'threw'; id: number; student: boolean; name: string; message: string }
  | { kind: 'non-error'; id: number; description: string }
  | { kind: 'unserialisable'; id: number; reason: string }
  | { kind: 'fatal'; reason: string };

export const MAX_REASON = 4_000;

function text(v: unknown, max = MAX_REASON): string | undefined {
  if (typeof v !== 'string') return undefined;
  return v.length <= max ? v : `${v.slice(0, max)}… [truncated]`;
}

function jobId(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;
}

/** Returns the message, or a string saying why the line is not one. */
export function parseChildMessage(line: string, maxOutputText: number): ChildMessage | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return `the child sent a line that is not JSON (${JSON.stringify(line.slice(0, 80))})`;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'the child sent a message that is not an object';
  const m = raw as Record<string, unknown>;
  const bad = `the child sent a malformed ${JSON.stringify(String(m.kind).slice(0, 40))} message`;
  switch (m.kind) {
    case 'ready':
      return { kind: 'ready' };
    case 'init-failed':
    case 'fatal': {
      const reason = text(m.reason);
      return reason === undefined ? bad : { kind: m.kind, reason };
    }
    case 'output': {
      const id = jobId(m.id);
      const t = text(m.text, maxOutputText);
      return id === undefined || t === undefined ? bad : { kind: 'output', id, text: t };
    }
    case 'result': {
      const id = jobId(m.id);
      return id === undefined || !('value' in m) ? bad : { kind: 'result', id, value: m.value };
    }
    case 'threw': {
      const id = jobId(m.id);
      const name = text(m.name, 200);
      const message = text(m.message);
      if (id === undefined || name === undefined || message === undefined || typeof m.student !== 'boolean') return bad;
      return { kind: 'threw', id, student: m.student, name, message };
    }
    case 'non-error':
    case 'unserialisable': {
      const id = jobId(m.id);
      const d = text(m.kind === 'non-error' ? m.description : m.reason);
      if (id === undefined || d === undefined) return bad;
      return m.kind === 'non-error' ? { kind: 'non-error', id, description: d } : { kind: 'unserialisable', id, reason: d };
    }
    default:
      return `the child sent a message of unknown kind ${JSON.stringify(String(m.kind).slice(0, 40))}`;
  }
}
