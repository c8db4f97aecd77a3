import { Hasher } from '../state.js';
import type { PathStep } from './types.js';

/**
 * The replay token of a model-checking path as one short string a student can paste into a
 * command line: each step is a choice index (decimal), `s<N>` (prepare stage N), or `c<I>` /
 * `r<I>` (crash / recover the I-th node, a step chosen in the explorer), joined by dots, then
 * `-` and 8 hex digits hashing the steps' labels. The checksum lets a replay say "the solution
 * has changed since this path was recorded" instead of replaying something else. The empty
 * path is `-` + checksum. Tokens without `c` / `r` steps are the format's first version and
 * read the same.
 */

const STEP = '(?:[0-9]+|[scr][0-9]+)';
const TOKEN = new RegExp(`^(${STEP}(?:\\.${STEP})*)?-([0-9a-f]{8})$`);

/** A step of a decoded token, without its label. */
export type TokenStep = { readonly choice: number } | { readonly prepare: number } | { readonly crash: number } | { readonly recover: number };

/** A decoded token: the steps without labels, and the checksum the labels must match. */
export interface DecodedToken {
  readonly steps: readonly TokenStep[];
  readonly checksum: string;
}

export function labelChecksum(labels: readonly string[]): string {
  const h = new Hasher();
  h.int(labels.length);
  for (const l of labels) h.str(l);
  return (h.h1 >>> 0).toString(16).padStart(8, '0');
}

function encodeStep(p: PathStep): string {
  if ('prepare' in p) return `s${p.prepare}`;
  if ('crash' in p) return `c${p.crash}`;
  if ('recover' in p) return `r${p.recover}`;
  return String(p.choice);
}

export function encodeReplayToken(path: readonly PathStep[]): string {
  return `${path.map(encodeStep).join('.')}-${labelChecksum(path.map((p) => p.label))}`;
}

function decodeStep(s: string): TokenStep {
  const n = Number(s.slice(1));
  switch (s[0]) {
    case 's':
      return { prepare: n };
    case 'c':
      return { crash: n };
    case 'r':
      return { recover: n };
    default:
      return { choice: Number(s) };
  }
}

export function decodeReplayToken(token: string): DecodedToken {
  if (typeof token !== 'string') throw new Error('decodeReplayToken: pass the path token a failed model-checking test printed (e.g. "0.3.1-9f3a01bc")');
  const m = TOKEN.exec(token.trim());
  if (m === null) {
    throw new Error(`decodeReplayToken: "${token.slice(0, 60)}" is not a path token; copy the --path value from the replay command a failed model-checking test printed (e.g. "0.3.1-9f3a01bc")`);
  }
  const body = m[1] ?? '';
  return { steps: body === '' ? [] : body.split('.').map(decodeStep), checksum: m[2]! };
}
