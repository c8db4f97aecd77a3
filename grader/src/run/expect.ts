import type { Message } from '@dsgrade/framework';
import type { ExpectedMessage, ExpectMode } from '../scenario/index.js';

/** Deep equality of JSON values, key order ignored. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function matches(e: ExpectedMessage, m: Message): boolean {
  return e.type === m.type && (e.data === undefined || jsonEqual(e.data, m.data));
}

function show(list: readonly (Message | ExpectedMessage)[]): string {
  return JSON.stringify(list.map((m) => ('data' in m && m.data !== undefined ? { type: m.type, data: m.data } : { type: m.type })));
}

/** Compares a process's unread local messages with the expected ones; returns a failure message or null. */
export function compareMessages(got: readonly Message[], expected: readonly ExpectedMessage[], mode: ExpectMode): string | null {
  if (mode === 'exact') {
    const ok = got.length === expected.length && expected.every((e, i) => matches(e, got[i]!));
    return ok ? null : `expected exactly ${show(expected)}, got ${show(got)}`;
  }
  const left = [...got];
  const missing: ExpectedMessage[] = [];
  for (const e of expected) {
    const i = left.findIndex((m) => matches(e, m));
    if (i < 0) missing.push(e);
    else left.splice(i, 1);
  }
  if (missing.length > 0) return `expected ${mode === 'subset' ? 'at least' : 'in any order'} ${show(expected)}, got ${show(got)}; missing ${show(missing)}`;
  if (mode === 'unordered' && left.length > 0) return `expected in any order ${show(expected)}, got ${show(got)}; unexpected ${show(left)}`;
  return null;
}

export function compareCount(got: readonly Message[], count: number, type: string | null): string | null {
  const n = type === null ? got.length : got.filter((m) => m.type === type).length;
  if (n === count) return null;
  const what = type === null ? 'local messages' : `local messages of type ${type}`;
  return `expected ${count} ${what}, got ${n}: ${show(got)}`;
}
