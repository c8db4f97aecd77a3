/**
 * Copying message data at send time: checks it is JSON-compatible, makes the copy the
 * receiver gets (so a sender mutating its object later changes nothing in flight), and
 * measures its JSON size in bytes, all in one walk.
 */

const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;

let size = 0;
/**
 * The keys from the root to the value being walked. The path is text only in an error
 * message, so it is kept as keys and joined only then (no string building per element).
 */
const pathKeys: (string | number)[] = [];
let root = 'data';

function pathText(): string {
  let out = root;
  for (const k of pathKeys) out += typeof k === 'number' ? `[${k}]` : `.${k}`;
  return out;
}

/**
 * Characters of a finite number in JSON. Integers (what messages mostly carry) are counted
 * without building their text: a String() per number was most of a send's garbage.
 */
function numberBytes(v: number): number {
  if (!Number.isInteger(v) || Math.abs(v) >= 1e21) return String(v).length;
  let n = v < 0 ? 2 : 1;
  const a = Math.abs(v);
  for (let p = 10; a >= p && p <= 1e20; p *= 10) n++;
  return n;
}

function stringBytes(s: string): number {
  return NEEDS_ESCAPE.test(s) ? Buffer.byteLength(JSON.stringify(s)) : s.length + 2;
}

function fail(where: string, what: string): never {
  const path = pathText();
  pathKeys.length = 0;
  throw new Error(
    `${where}: message data must be JSON-compatible (plain objects, arrays, strings, finite numbers, booleans, null); ` +
      `found ${what} at ${path}`,
  );
}

function walk(v: unknown, where: string, depth: number): unknown {
  switch (typeof v) {
    case 'string':
      size += stringBytes(v);
      return v;
    case 'number':
      if (!Number.isFinite(v)) fail(where, String(v));
      size += numberBytes(v);
      return v;
    case 'boolean':
      size += v ? 4 : 5;
      return v;
    case 'object': {
      if (v === null) {
        size += 4;
        return null;
      }
      if (depth > 200) fail(where, 'nesting deeper than 200 levels (a cycle?)');
      if (Array.isArray(v)) {
        const out = new Array<unknown>(v.length);
        size += 2 + Math.max(0, v.length - 1);
        for (let i = 0; i < v.length; i++) {
          pathKeys.push(i);
          out[i] = walk(v[i], where, depth + 1);
          pathKeys.pop();
        }
        return out;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== null && Object.getPrototypeOf(proto) !== null) {
        fail(where, `an instance of ${(v as object).constructor?.name ?? 'a class'}`);
      }
      const out: Record<string, unknown> = {};
      const keys = Object.keys(v);
      size += 2 + Math.max(0, keys.length - 1);
      for (const k of keys) {
        size += stringBytes(k) + 1;
        pathKeys.push(k);
        out[k] = walk((v as Record<string, unknown>)[k], where, depth + 1);
        pathKeys.pop();
      }
      return out;
    }
    default:
      return fail(where, v === undefined ? 'undefined' : `a ${typeof v}`);
  }
}

/** Returns a deep copy of `value` and its JSON size in bytes; throws naming `where` and the path on bad data. */
export function copyJson(value: unknown, where: string, path = 'data'): { copy: unknown; bytes: number } {
  const copy = copyJsonData(value, where, path);
  return { copy, bytes: size };
}

/** copyJson's copy alone, with no result object to allocate (the hot send path); its size is then `copiedBytes()`. */
export function copyJsonData(value: unknown, where: string, path = 'data'): unknown {
  size = 0;
  root = path;
  // A walk that threw left its keys; a plain walk leaves none (setting length is not free).
  if (pathKeys.length !== 0) pathKeys.length = 0;
  return walk(value, where, 0);
}

/** The JSON size in bytes of the value copyJsonData copied last. */
export function copiedBytes(): number {
  return size;
}

/** Deep copy without measuring, for values already known to be JSON-compatible. */
export function cloneJson<T>(value: T): T {
  size = 0;
  root = 'value';
  if (pathKeys.length !== 0) pathKeys.length = 0;
  return walk(value, 'cloneJson', 0) as T;
}
