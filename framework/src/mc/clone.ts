import { types } from 'node:util';
import type { Process } from '../process.js';
import { snapshotFields, type StateOwner } from '../state.js';

/**
 * The one deep copy per transition: the handling process's fields into a fresh object with
 * the same prototype. Same rules as state.ts's snapshot (prototypes and aliasing kept), but
 * without building a field path per value; on anything uncopyable it defers to snapshotFields
 * for the StateError that names the field.
 */

const memo = new Map<object, unknown>();
const objectProto = Object.prototype;
const toString = Object.prototype.toString;

class Uncopyable extends Error {}

function copy(v: unknown): unknown {
  if (typeof v !== 'object') {
    if (typeof v === 'function' || typeof v === 'symbol') throw new Uncopyable();
    return v;
  }
  if (v === null) return null;
  const proto = Object.getPrototypeOf(v) as object | null;
  if (Array.isArray(v)) {
    const seen = memo.get(v);
    if (seen !== undefined) return seen;
    const out: unknown[] = new Array(v.length);
    if (proto !== Array.prototype) Object.setPrototypeOf(out, proto);
    memo.set(v, out);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
    return out;
  }
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (proto === objectProto || toString.call(v) === '[object Object]') {
    const out = Object.create(proto) as Record<string, unknown>;
    memo.set(v, out);
    const src = v as Record<string, unknown>;
    for (const k of Object.keys(src)) out[k] = copy(src[k]);
    return out;
  }
  if (types.isMap(v)) {
    const out = new Map<unknown, unknown>();
    if (proto !== Map.prototype) Object.setPrototypeOf(out, proto);
    memo.set(v, out);
    for (const [k, val] of v as Map<unknown, unknown>) out.set(copy(k), copy(val));
    return out;
  }
  if (types.isSet(v)) {
    const out = new Set<unknown>();
    if (proto !== Set.prototype) Object.setPrototypeOf(out, proto);
    memo.set(v, out);
    for (const item of v as Set<unknown>) out.add(copy(item));
    return out;
  }
  throw new Uncopyable();
}

/** A deep copy of a process: same prototype, copied fields. Throws StateError naming an uncopyable field. */
export function cloneProcess(instance: Process, owner: StateOwner): Process {
  const out = Object.create(Object.getPrototypeOf(instance) as object | null) as Record<string, unknown>;
  const src = instance as unknown as Record<string, unknown>;
  try {
    for (const k of Object.keys(src)) out[k] = copy(src[k]);
  } catch (e) {
    if (!(e instanceof Uncopyable)) throw e;
    snapshotFields(instance, owner); // throws the StateError naming the field
    throw new Error(`cloneProcess: process "${owner.proc}" holds a value that cannot be copied`);
  } finally {
    memo.clear();
  }
  return out as unknown as Process;
}
