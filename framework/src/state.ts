import { types } from 'node:util';

/**
 * Snapshot, restore and canonical hash of a process's state, which is its own enumerable
 * fields. Copies keep the prototype of every object (and so its class and its realm), and
 * preserve aliasing within one snapshot. Anything that cannot be copied faithfully is an
 * error naming the field.
 */

export class StateError extends Error {
  override name = 'StateError';
}

/** Describes whose state is being copied, for error messages. */
export interface StateOwner {
  proc: string;
  className: string;
}

/** Deepest state copied; past it a field is an error naming its path (a cycle through a Map, a long linked list). */
export const MAX_STATE_DEPTH = 200;

// Host built-ins taken once: state may come from a sandbox realm whose Map.prototype[Symbol.iterator]
// or getters the student replaced, and copying must never run student code.
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const ownDescriptor = Object.getOwnPropertyDescriptor;

/** Entries of a Map through the host's own iterator (never the realm's Symbol.iterator). */
export function mapEntriesOf(m: Map<unknown, unknown>): [unknown, unknown][] {
  const out: [unknown, unknown][] = [];
  const it = mapEntries.call(m);
  for (let r = it.next(); r.done !== true; r = it.next()) out.push(r.value);
  return out;
}

/** Items of a Set through the host's own iterator. */
export function setItemsOf(s: Set<unknown>): unknown[] {
  const out: unknown[] = [];
  const it = setValues.call(s);
  for (let r = it.next(); r.done !== true; r = it.next()) out.push(r.value);
  return out;
}

function constructorName(v: object): string | undefined {
  if (types.isProxy(v)) return undefined;
  for (let o: object | null = v; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    if (types.isProxy(o)) return undefined;
    const ctor = ownDescriptor(o, 'constructor')?.value as unknown;
    if (typeof ctor === 'function') {
      const name = ownDescriptor(ctor, 'name')?.value as unknown;
      return typeof name === 'string' && name !== '' ? name : undefined;
    }
  }
  return undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'function') {
    const name = ownDescriptor(v, 'name')?.value as unknown;
    return `a function (${typeof name === 'string' && name !== '' ? name : 'anonymous'})`;
  }
  if (typeof v === 'symbol') return 'a symbol';
  if (typeof v === 'object' && v !== null) {
    if (types.isProxy(v)) return 'a Proxy';
    return `an instance of ${constructorName(v) ?? 'an unknown class'}`;
  }
  return typeof v;
}

function keyLabel(k: unknown): string {
  return typeof k === 'string' ? JSON.stringify(k) : typeof k === 'number' || typeof k === 'boolean' || k === null ? String(k) : '…';
}

function shortPath(path: string): string {
  return path.length <= 200 ? path : `${path.slice(0, 120)}…${path.slice(-60)}`;
}

function tooDeep(owner: StateOwner, path: string): never {
  throw new StateError(
    `process "${owner.proc}" (class ${owner.className}): state nested deeper than ${MAX_STATE_DEPTH} levels at ${shortPath(path)}; ` +
      'keep state shallower (a cycle through copies? a long linked list?)',
  );
}

function uncopyable(owner: StateOwner, path: string, v: unknown): never {
  throw new StateError(
    `process "${owner.proc}" (class ${owner.className}): field ${path} holds ${describe(v)}, which cannot be ` +
      'snapshotted; keep only plain data in fields (objects, arrays, Map, Set, strings, numbers, booleans, null)',
  );
}

const objectToString = Object.prototype.toString;

function isPlainObjectTag(v: object): boolean {
  // Not fooled by a realm's Symbol.toStringTag getter: a Proxy or tagged object never gets here as plain.
  if (types.isProxy(v)) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  // Fast path: our own Object.prototype carries no tag getter a student could have planted.
  if (proto === Object.prototype) return ownDescriptor(v, Symbol.toStringTag) === undefined;
  for (let o: object | null = v; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    if (types.isProxy(o) || ownDescriptor(o, Symbol.toStringTag) !== undefined) return false;
  }
  return objectToString.call(v) === '[object Object]';
}

/*
 * The path from a field to the value being copied, kept as segments (a kind and a key each) and
 * turned into text only for an error message: building "log[12].op.key" for every element copied
 * was most of the cost of snapshotting a large state.
 */
const AT_INDEX = 0;
const AT_FIELD = 1;
const AT_MAP_KEY = 2;
const AT_MAP_VALUE = 3;
const AT_SET_ITEM = 4;
const segKinds: number[] = [];
const segKeys: unknown[] = [];

function enter(kind: number, key: unknown): void {
  segKinds.push(kind);
  segKeys.push(key);
}

function leave(): void {
  segKinds.pop();
  segKeys.pop();
}

/** The current path as text, from the field `root`. */
function pathText(root: string): string {
  let out = root;
  for (let i = 0; i < segKinds.length; i++) {
    const k = segKeys[i];
    switch (segKinds[i]) {
      case AT_INDEX:
        out += `[${String(k)}]`;
        break;
      case AT_FIELD:
        out += `.${String(k)}`;
        break;
      case AT_MAP_KEY:
        out += '.key';
        break;
      case AT_MAP_VALUE:
        out += `.get(${keyLabel(k)})`;
        break;
      default:
        out += '.item';
    }
  }
  return out;
}

/** The value of an own data property; a getter is never called (its path, from field `root`, is in the error). */
function dataValue(owner: StateOwner, root: string, o: object, key: string | number): unknown {
  const d = ownDescriptor(o, key);
  if (d === undefined) return undefined;
  if (!('value' in d)) {
    throw new StateError(`process "${owner.proc}" (class ${owner.className}): field ${pathText(root)} is a getter; keep only plain data in fields`);
  }
  return d.value;
}

function copyValue(v: unknown, owner: StateOwner, root: string, memo: Map<object, unknown>, depth: number): unknown {
  if (typeof v !== 'object') {
    if (typeof v === 'function' || typeof v === 'symbol') uncopyable(owner, pathText(root), v);
    return v; // string, number, boolean, bigint, undefined
  }
  if (v === null) return null;
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (types.isProxy(v)) uncopyable(owner, pathText(root), v);
  if (depth >= MAX_STATE_DEPTH) tooDeep(owner, pathText(root));
  const proto = Object.getPrototypeOf(v) as object | null;
  if (Array.isArray(v)) {
    const length = v.length;
    const out: unknown[] = new Array(length);
    if (proto !== Array.prototype) Object.setPrototypeOf(out, proto);
    memo.set(v, out);
    for (let i = 0; i < length; i++) {
      enter(AT_INDEX, i);
      out[i] = copyValue(dataValue(owner, root, v, i), owner, root, memo, depth + 1);
      leave();
    }
    return out;
  }
  if (types.isMap(v)) {
    const out = new Map<unknown, unknown>();
    if (proto !== Map.prototype) Object.setPrototypeOf(out, proto);
    memo.set(v, out);
    for (const [k, val] of mapEntriesOf(v as Map<unknown, unknown>)) {
      enter(AT_MAP_KEY, k);
      const key = copyValue(k, owner, root, memo, depth + 1);
      leave();
      enter(AT_MAP_VALUE, k);
      out.set(key, copyValue(val, owner, root, memo, depth + 1));
      leave();
    }
    return out;
  }
  if (types.isSet(v)) {
    const out = new Set<unknown>();
    if (proto !== Set.prototype) Object.setPrototypeOf(out, proto);
    memo.set(v, out);
    for (const item of setItemsOf(v as Set<unknown>)) {
      enter(AT_SET_ITEM, item);
      out.add(copyValue(item, owner, root, memo, depth + 1));
      leave();
    }
    return out;
  }
  if (!isPlainObjectTag(v)) uncopyable(owner, pathText(root), v);
  const out = Object.create(proto) as Record<string, unknown>;
  memo.set(v, out);
  for (const k of Object.keys(v)) {
    enter(AT_FIELD, k);
    out[k] = copyValue(dataValue(owner, root, v, k), owner, root, memo, depth + 1);
    leave();
  }
  return out;
}

/** A process's fields, copied. */
export type ProcessSnapshot = Record<string, unknown>;

export function snapshotFields(instance: object, owner: StateOwner): ProcessSnapshot {
  // A copy that threw left its segments; a plain copy leaves none.
  if (segKinds.length !== 0) {
    segKinds.length = 0;
    segKeys.length = 0;
  }
  const memo = new Map<object, unknown>();
  const out: ProcessSnapshot = {};
  for (const k of Object.keys(instance)) {
    out[k] = copyValue(dataValue(owner, k, instance, k), owner, k, memo, 0);
  }
  return out;
}

/** Replaces the instance's own fields with a fresh copy of `snapshot` (the snapshot stays reusable). */
export function restoreFields(instance: object, snapshot: ProcessSnapshot, owner: StateOwner): void {
  const target = instance as Record<string, unknown>;
  for (const k of Object.keys(target)) delete target[k];
  const copy = snapshotFields(snapshot, owner);
  for (const k of Object.keys(copy)) target[k] = copy[k];
}

/** A 64-bit hash accumulated in two 32-bit lanes (no bigint or string building on the hot path). */
// One shared buffer to read a double's bits: hashing a non-integer allocates nothing.
const FLOAT = new Float64Array(1);
const FLOAT_WORDS = new Int32Array(FLOAT.buffer);

export class Hasher {
  h1 = 0x9e3779b9 | 0;
  h2 = 0x85ebca6b | 0;

  int(x: number): void {
    let h1 = this.h1 ^ x;
    h1 = Math.imul(h1, 0x85ebca6b);
    h1 = (h1 ^ (h1 >>> 13)) | 0;
    let h2 = this.h2 + x;
    h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
    h2 = Math.imul(h2 ^ h1, 0x27d4eb2f);
    this.h1 = Math.imul(h1 ^ (h1 >>> 16), 0xcc9e2d51) ^ h2;
    this.h2 = h2 ^ (h2 >>> 15);
  }

  num(x: number): void {
    if (Number.isInteger(x) && x >= -0x80000000 && x <= 0x7fffffff && !Object.is(x, -0)) {
      this.int(1);
      this.int(x);
      return;
    }
    this.int(2);
    FLOAT[0] = x;
    this.int(FLOAT_WORDS[0]!);
    this.int(FLOAT_WORDS[1]!);
  }

  str(s: string): void {
    this.int(3);
    this.int(s.length);
    for (let i = 0; i < s.length; i++) this.int(s.charCodeAt(i));
  }

  /** The hash as an unsigned 64-bit bigint (for display and tests). */
  value(): bigint {
    return (BigInt(this.h1 >>> 0) << 32n) | BigInt(this.h2 >>> 0);
  }
}

const TAG_UNDEFINED = 10;
const TAG_NULL = 11;
const TAG_TRUE = 12;
const TAG_FALSE = 13;
const TAG_ARRAY = 14;
const TAG_MAP = 15;
const TAG_SET = 16;
const TAG_OBJECT = 17;
const TAG_BIGINT = 18;

/**
 * Feeds a canonical encoding of `v` into the hasher. Objects hash by content in key /
 * insertion order (two maps with the same entries in a different order behave differently
 * when iterated, so they are different states). With `rename`, string values (never field
 * names) are hashed as what the map renames them to: the model checker's symmetry reduction
 * hashes a state as if interchangeable processes had swapped ids.
 */
export function hashValue(h: Hasher, v: unknown, owner: StateOwner, path: string, depth = 0, rename: ReadonlyMap<string, string> | null = null): void {
  switch (typeof v) {
    case 'string':
      h.str(rename === null ? v : (rename.get(v) ?? v));
      return;
    case 'number':
      h.num(v);
      return;
    case 'boolean':
      h.int(v ? TAG_TRUE : TAG_FALSE);
      return;
    case 'undefined':
      h.int(TAG_UNDEFINED);
      return;
    case 'bigint':
      h.int(TAG_BIGINT);
      h.str(v.toString());
      return;
    case 'object':
      break;
    default:
      uncopyable(owner, path, v);
  }
  if (v === null) {
    h.int(TAG_NULL);
    return;
  }
  if (types.isProxy(v)) uncopyable(owner, path, v);
  if (depth > 500) {
    throw new StateError(`process "${owner.proc}" (class ${owner.className}): field ${path} is nested deeper than 500 levels or is cyclic; state must be a tree of plain data to be hashed`);
  }
  if (Array.isArray(v)) {
    h.int(TAG_ARRAY);
    h.int(v.length);
    for (let i = 0; i < v.length; i++) hashValue(h, v[i], owner, path, depth + 1, rename);
    return;
  }
  if (types.isMap(v)) {
    const m = v as Map<unknown, unknown>;
    h.int(TAG_MAP);
    h.int(m.size);
    for (const [k, val] of mapEntriesOf(m)) {
      hashValue(h, k, owner, path, depth + 1, rename);
      hashValue(h, val, owner, path, depth + 1, rename);
    }
    return;
  }
  if (types.isSet(v)) {
    const s = v as Set<unknown>;
    h.int(TAG_SET);
    h.int(s.size);
    for (const item of setItemsOf(s)) hashValue(h, item, owner, path, depth + 1, rename);
    return;
  }
  if (!isPlainObjectTag(v)) uncopyable(owner, path, v);
  const keys = Object.keys(v);
  h.int(TAG_OBJECT);
  h.int(keys.length);
  for (const k of keys) {
    h.str(k);
    hashValue(h, (v as Record<string, unknown>)[k], owner, depth === 0 ? k : path, depth + 1, rename);
  }
}

/** The 64-bit canonical hash of a process's fields, as two 32-bit halves. */
export function hashFields(instance: object, owner: StateOwner, h = new Hasher()): Hasher {
  hashValue(h, instance as Record<string, unknown>, owner, '');
  return h;
}
