import { Hasher } from '../state.js';
import type { PathStep } from './types.js';

/**
 * The replay token of a model-checking path as one short string a student can paste into a
 * command line: each step is a choice index (decimal) or `s<N>` (prepare stage N), joined by
 * dots, then `-` and 8 hex digits hashing the steps' labels. The checksum lets a replay say
 * "the solution has changed since this path was recorded" instead of replaying something else.
 * The empty path is `-` + checksum.
 */

const TOKEN = /^((?:[0-9]+|s[0-9]+)(?:\.(?:[0-9]+|s[0-9]+))*)?-([0-9a-f]{8})$/;

/** A decoded token: the steps without labels, and the checksum the labels must match. */
export interface DecodedToken {
  readonly steps: readonly ({ readonly choice: number } | { readonly prepare: number })[];
  readonly checksum: string;
}

export function labelChecksum(labels: readonly string[]): string {
  const h = new Hasher();
  h.int(labels.length);
  for (const l of labels) h.str(l);
  return (h.h1 >>> 0).toString(16).padStart(8, '0');
}

export function encodeReplayToken(path: readonly PathStep[]): string {
  const body = path.map((p) => ('prepare' in p ? `s${p.prepare}` : String(p.choice))).join('.');
  return `${body}-${labelChecksum(path.map((p) => p.label))}`;
}

export function decodeReplayToken(token: string): DecodedToken {
  if (typeof token !== 'string') throw new Error('decodeReplayToken: pass the path token a failed model-checking test printed (e.g. "0.3.1-9f3a01bc")');
  const m = TOKEN.exec(token.trim());
  if (m === null) {
    throw new Error(`decodeReplayToken: "${token.slice(0, 60)}" is not a path token; copy the --path value from the replay command a failed model-checking test printed (e.g. "0.3.1-9f3a01bc")`);
  }
  const body = m[1] ?? '';
  const steps = body === '' ? [] : body.split('.').map((s) => (s.startsWith('s') ? { prepare: Number(s.slice(1)) } : { choice: Number(s) }));
  return { steps, checksum: m[2]! };
}
