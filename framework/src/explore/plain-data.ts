import { types } from 'node:util';

/**
 * A process field as data a page can show faithfully: every value carries its kind, so a Map
 * stays a Map (entries in insertion order), a Set a Set, `undefined` and NaN stay themselves,
 * and an object keeps its class name. JSON-serialisable, so it crosses the sandbox boundary.
 */
export type PlainData =
  | { readonly kind: 'null' | 'undefined' | 'boolean' | 'number' | 'string' | 'bigint' | 'other'; readonly text: string }
  | { readonly kind: 'array' | 'set'; readonly items: readonly PlainData[] }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [PlainData, PlainData])[] }
  | { readonly kind: 'object'; readonly className: string | null; readonly fields: readonly (readonly [string, PlainData])[] };

const MAX_DEPTH = 24;
const MAX_ITEMS = 500;

function className(v: object): string | null {
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === null) return null;
  const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
  const name = typeof ctor === 'function' && typeof ctor.name === 'string' ? ctor.name : null;
  return name === 'Object' ? null : name;
}

function cut<T>(list: T[]): T[] {
  return list.length > MAX_ITEMS ? list.slice(0, MAX_ITEMS) : list;
}

/** The kind-tagged copy of `value` (cycles and depth beyond 24 become "other"). */
export function toPlainData(value: unknown, seen: Set<object> = new Set(), depth = 0): PlainData {
  if (value === null) return { kind: 'null', text: 'null' };
  switch (typeof value) {
    case 'undefined':
      return { kind: 'undefined', text: 'undefined' };
    case 'boolean':
      return { kind: 'boolean', text: String(value) };
    case 'number':
      return { kind: 'number', text: Object.is(value, -0) ? '-0' : String(value) };
    case 'string':
      return { kind: 'string', text: value };
    case 'bigint':
      return { kind: 'bigint', text: `${value}n` };
    case 'function':
    case 'symbol':
      return { kind: 'other', text: typeof value };
  }
  const obj = value as object;
  if (seen.has(obj)) return { kind: 'other', text: '[circular]' };
  if (depth >= MAX_DEPTH) return { kind: 'other', text: '[nested too deep]' };
  seen.add(obj);
  try {
    const down = (v: unknown) => toPlainData(v, seen, depth + 1);
    if (types.isMap(obj)) return { kind: 'map', entries: cut([...(obj as Map<unknown, unknown>)]).map(([k, v]) => [down(k), down(v)] as const) };
    if (types.isSet(obj)) return { kind: 'set', items: cut([...(obj as Set<unknown>)]).map(down) };
    if (Array.isArray(obj)) return { kind: 'array', items: cut(obj.slice()).map(down) };
    return { kind: 'object', className: className(obj), fields: cut(Object.keys(obj)).map((k) => [k, down((obj as Record<string, unknown>)[k])] as const) };
  } finally {
    seen.delete(obj);
  }
}
