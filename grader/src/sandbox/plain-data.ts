import { types } from 'node:util';

/**
 * Turns anything (student-realm objects included) into host JSON data without ever running
 * student code: no toJSON, no getters, no Proxy traps, no realm iterators or toString. Depth
 * and size are bounded, so a result can neither overflow the stack nor grow without limit.
 * Map and Set become { $Map: [[k, v]...] } / { $Set: [...] }; non-finite numbers, bigints,
 * functions and symbols become strings; what is cut says so in place.
 */
export interface PlainDataOptions {
  /** Deepest nesting kept; deeper values become a note (default 200). */
  maxDepth?: number;
}

export const PLAIN_MAX_DEPTH = 200;

const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const ownDescriptor = Object.getOwnPropertyDescriptor;
const ownKeys = Reflect.ownKeys;

function primitive(v: unknown): unknown {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? v : String(v);
    case 'bigint':
      return `${v.toString()}n`;
    case 'undefined':
      return null;
    case 'function':
      return '[function]';
    case 'symbol':
      return '[symbol]';
    default:
      return v; // string, boolean
  }
}

function ownValue(o: object, key: string | number): unknown {
  const d = ownDescriptor(o, key);
  if (d === undefined) return undefined;
  return 'value' in d ? d.value : '[getter]';
}

export function toPlainData(value: unknown, opts: PlainDataOptions = {}): unknown {
  const maxDepth = opts.maxDepth ?? PLAIN_MAX_DEPTH;
  const onPath = new Set<object>();
  const convert = (v: unknown, depth: number): unknown => {
    if (typeof v !== 'object' || v === null) return primitive(v);
    if (types.isProxy(v)) return '[Proxy]';
    if (onPath.has(v)) return '[circular]';
    if (depth >= maxDepth) return `[nested deeper than ${maxDepth} levels]`;
    onPath.add(v);
    try {
      if (Array.isArray(v)) {
        const length = ownValue(v, 'length') as number;
        const out = new Array<unknown>(length);
        for (let i = 0; i < length; i++) out[i] = convert(ownValue(v, i), depth + 1);
        return out;
      }
      if (types.isMap(v)) {
        const out: unknown[] = [];
        const it = mapEntries.call(v);
        for (let r = it.next(); r.done !== true; r = it.next()) out.push([convert(r.value[0], depth + 2), convert(r.value[1], depth + 2)]);
        return { $Map: out };
      }
      if (types.isSet(v)) {
        const out: unknown[] = [];
        const it = setValues.call(v);
        for (let r = it.next(); r.done !== true; r = it.next()) out.push(convert(r.value, depth + 1));
        return { $Set: out };
      }
      if (types.isDate(v)) return '[Date]';
      const out: Record<string, unknown> = {};
      for (const key of ownKeys(v)) {
        if (typeof key !== 'string') continue;
        const d = ownDescriptor(v, key);
        if (d === undefined || d.enumerable !== true) continue;
        out[key] = 'value' in d ? convert(d.value, depth + 1) : '[getter]';
      }
      return out;
    } finally {
      onPath.delete(v);
    }
  };
  return convert(value, 0);
}
