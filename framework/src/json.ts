/**
 * Copying message data at send time: checks it is JSON-compatible, makes the copy the
 * receiver gets (so a sender mutating its object later changes nothing in flight), and
 * measures its JSON size in bytes, all in one walk.
 */

const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;

let size = 0;

function stringBytes(s: string): number {
  return NEEDS_ESCAPE.test(s) ? Buffer.byteLength(JSON.stringify(s)) : s.length + 2;
}

function fail(where: string, path: string, what: string): never {
  throw new Error(
    `${where}: message data must be JSON-compatible (plain objects, arrays, strings, finite numbers, booleans, null); ` +
      `found ${what} at ${path}`,
  );
}

function walk(v: unknown, where: string, path: string, depth: number): unknown {
  switch (typeof v) {
    case 'string':
      size += stringBytes(v);
      return v;
    case 'number':
      if (!Number.isFinite(v)) fail(where, path, String(v));
      size += String(v).length;
      return v;
    case 'boolean':
      size += v ? 4 : 5;
      return v;
    case 'object': {
      if (v === null) {
        size += 4;
        return null;
      }
      if (depth > 200) fail(where, path, 'nesting deeper than 200 levels (a cycle?)');
      if (Array.isArray(v)) {
        const out = new Array<unknown>(v.length);
        size += 2 + Math.max(0, v.length - 1);
        for (let i = 0; i < v.length; i++) out[i] = walk(v[i], where, `${path}[${i}]`, depth + 1);
        return out;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== null && Object.getPrototypeOf(proto) !== null) {
        fail(where, path, `an instance of ${(v as object).constructor?.name ?? 'a class'}`);
      }
      const out: Record<string, unknown> = {};
      const keys = Object.keys(v);
      size += 2 + Math.max(0, keys.length - 1);
      for (const k of keys) {
        size += stringBytes(k) + 1;
        out[k] = walk((v as Record<string, unknown>)[k], where, `${path}.${k}`, depth + 1);
      }
      return out;
    }
    default:
      return fail(where, path, v === undefined ? 'undefined' : `a ${typeof v}`);
  }
}

/** Returns a deep copy of `value` and its JSON size in bytes; throws naming `where` and the path on bad data. */
export function copyJson(value: unknown, where: string, path = 'data'): { copy: unknown; bytes: number } {
  size = 0;
  const copy = walk(value, where, path, 0);
  return { copy, bytes: size };
}

/** Deep copy without measuring, for values already known to be JSON-compatible. */
export function cloneJson<T>(value: T): T {
  size = 0;
  return walk(value, 'cloneJson', 'value', 0) as T;
}
