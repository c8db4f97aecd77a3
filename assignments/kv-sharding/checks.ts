import type { Message, SystemView } from '@dsgrade/framework';

/**
 * Checks of the sharded key-value store. The spec requires every node to keep the keys it is
 * responsible for in a field `store` (a Map from key to value); the bulk checks read it to see
 * where every key lives. Bulk tests use keys k0 .. k<count-1> with values v0 .. v<count-1>.
 */

interface Keys {
  count: number;
  /** Key k<i> has value v<i> unless listed here (deleted, so absent everywhere). */
  deleted?: number[];
  /** Keys k0 .. k<deletedBelow-1> are deleted too (a bulk DELETE). */
  deletedBelow?: number;
}

function keysOf(check: string, p: Keys): Map<string, string> {
  if (typeof p?.count !== 'number' || (p.deleted !== undefined && !Array.isArray(p.deleted)) || (p.deletedBelow !== undefined && typeof p.deletedBelow !== 'number')) {
    throw new Error(`${check}: pass params { count: <number of keys k0..>, deleted?: [<index>, ...], deletedBelow?: <number> }, got ${JSON.stringify(p)}`);
  }
  const gone = new Set(p.deleted ?? []);
  const below = p.deletedBelow ?? 0;
  const out = new Map<string, string>();
  for (let i = below; i < p.count; i++) if (!gone.has(i)) out.set(`k${i}`, `v${i}`);
  return out;
}

/** Map and Set test by tag: a process's fields come from the student's realm, whose Map is not ours. */
function isMap(v: unknown): v is Map<unknown, unknown> {
  return Object.prototype.toString.call(v) === '[object Map]';
}

function isSet(v: unknown): v is Set<unknown> {
  return Object.prototype.toString.call(v) === '[object Set]';
}

/** Each running process's `store`, or a failure message when one lacks it. */
function stores(view: SystemView): Map<string, Map<string, unknown>> | string {
  const out = new Map<string, Map<string, unknown>>();
  for (const proc of view.processIds()) {
    const state = view.state(proc);
    if (state === null) continue;
    const store = state['store'];
    if (!isMap(store)) return `${proc} has no field \`store\` holding a Map from key to value (the spec requires one)`;
    out.set(proc, store as Map<string, unknown>);
  }
  return out;
}

/** Where each key is held: key -> holders. */
function holders(all: Map<string, Map<string, unknown>>): Map<string, string[]> {
  const at = new Map<string, string[]>();
  for (const [proc, store] of all) {
    for (const k of store.keys()) {
      const list = at.get(String(k));
      if (list === undefined) at.set(String(k), [proc]);
      else list.push(proc);
    }
  }
  return at;
}

function show(xs: readonly string[], max = 5): string {
  return xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;
}

/**
 * Every key is held by exactly one running process, with its value, and no other key is
 * stored anywhere: nothing lost, nothing copied, nothing left behind by a migration.
 */
export function placement(view: SystemView, p: Keys): true | string {
  const want = keysOf('placement', p);
  const all = stores(view);
  if (typeof all === 'string') return all;
  const at = holders(all);
  const lost = [...want.keys()].filter((k) => !at.has(k));
  if (lost.length > 0) return `${lost.length} key(s) stored nowhere: ${show(lost)}`;
  for (const [k, procs] of at) {
    if (!want.has(k)) return `${procs.join(', ')} store(s) key ${k}, which should not exist (deleted, or never written)`;
    if (procs.length > 1) return `key ${k} is stored by ${procs.join(' and ')}; a key lives on exactly one node (a migrated key must be deleted where it was)`;
    const v = all.get(procs[0]!)!.get(k);
    if (v !== want.get(k)) return `${procs[0]} stores ${k} = ${JSON.stringify(v)}, expected ${JSON.stringify(want.get(k))}`;
  }
  return true;
}

/** The processes holding the most and fewest keys of `nodes` are within `maxDeviation` of the mean. */
export function balanced(view: SystemView, p: { nodes: string[]; maxDeviation: number }): true | string {
  if (!Array.isArray(p?.nodes) || typeof p.maxDeviation !== 'number') {
    throw new Error(`balanced: pass params { nodes: [<process id>, ...], maxDeviation: <fraction, e.g. 0.1> }, got ${JSON.stringify(p)}`);
  }
  const all = stores(view);
  if (typeof all === 'string') return all;
  const counts = p.nodes.map((n) => [n, all.get(n)?.size ?? 0] as const);
  const mean = counts.reduce((s, [, c]) => s + c, 0) / counts.length;
  if (mean === 0) return `the nodes ${p.nodes.join(', ')} store no keys at all`;
  const worst = [...counts].sort((a, b) => Math.abs(b[1] - mean) - Math.abs(a[1] - mean))[0]!;
  const dev = Math.abs(worst[1] - mean) / mean;
  if (dev > p.maxDeviation) {
    const table = counts.map(([n, c]) => `${n}: ${c}`).join(', ');
    return `unbalanced: ${worst[0]} holds ${worst[1]} keys, ${(dev * 100).toFixed(1)}% from the mean of ${mean.toFixed(0)} (at most ${p.maxDeviation * 100}% allowed; ${table})`;
  }
  return true;
}

// ---- migrations ----

/**
 * Where every key was at the last `markPlacement`. Checks see one state at a time, so the
 * earlier placement is kept here; a scenario marks and then compares in the same run (its
 * steps are sequential), so a mark never belongs to another run.
 */
let marked: Map<string, string> | null = null;

/** Remembers where every key is now, for `movedAtMost` and `answers`. */
export function markPlacement(view: SystemView): true | string {
  const all = stores(view);
  if (typeof all === 'string') return all;
  marked = new Map([...holders(all)].map(([k, procs]) => [k, procs[0]!]));
  return true;
}

/**
 * Since `markPlacement`, at most `factor` × the optimum keys changed node: on an addition the
 * optimum is the keys the new node holds now (they had to come from somewhere), on a removal
 * the keys the removed node held (they had to go somewhere).
 */
export function movedAtMost(view: SystemView, p: { factor: number; added?: string; removed?: string }): true | string {
  if (typeof p?.factor !== 'number' || (p.added === undefined) === (p.removed === undefined)) {
    throw new Error(`movedAtMost: pass params { factor, added: <process id> } or { factor, removed: <process id> }, got ${JSON.stringify(p)}`);
  }
  if (marked === null) return 'movedAtMost: run markPlacement first';
  const all = stores(view);
  if (typeof all === 'string') return all;
  const now = holders(all);
  let moved = 0;
  for (const [k, before] of marked) {
    const after = now.get(k)?.[0];
    if (after !== undefined && after !== before) moved++;
  }
  const optimum =
    p.added !== undefined ? [...now.values()].filter((procs) => procs[0] === p.added).length : [...marked.values()].filter((proc) => proc === p.removed).length;
  const what = p.added !== undefined ? `adding ${p.added}, which now holds ${optimum}` : `removing ${p.removed}, which held ${optimum}`;
  if (moved > p.factor * Math.max(optimum, 1)) {
    return `${moved} keys changed node on ${what}: more than ${p.factor} x ${optimum} (keys other than the necessary ones moved)`;
  }
  return true;
}

/**
 * `proc`'s latest GET_OK answer for each key k0.. is its value, or null for deleted keys and
 * for keys that `lostFrom` (a crashed node) held at the last `markPlacement`.
 */
export function answers(view: SystemView, p: Keys & { proc: string; lostFrom?: string }): true | string {
  const want = keysOf('answers', p);
  if (typeof p.proc !== 'string') throw new Error(`answers: pass params { proc: <process id>, count, deleted?, lostFrom? }, got ${JSON.stringify(p)}`);
  if (p.lostFrom !== undefined && marked === null) return 'answers: lostFrom needs a markPlacement before the crash';
  const latest = new Map<string, unknown>();
  for (const m of view.localMessages(p.proc)) {
    const d = m.data as { key?: unknown; value?: unknown } | null;
    if (m.type === 'GET_OK' && typeof d?.key === 'string') latest.set(d.key, d.value);
  }
  for (let i = 0; i < p.count; i++) {
    const k = `k${i}`;
    if (!latest.has(k)) return `${p.proc} never answered GET ${k} (answers: GET_OK { key, value })`;
    const lost = p.lostFrom !== undefined && marked!.get(k) === p.lostFrom;
    const expected = lost ? null : (want.get(k) ?? null);
    if (latest.get(k) !== expected) {
      const why = lost ? ` (it lived on ${p.lostFrom}, which crashed)` : expected === null ? ' (it was deleted)' : '';
      return `${p.proc} answered GET ${k} with ${JSON.stringify(latest.get(k))}, expected ${JSON.stringify(expected)}${why}`;
    }
  }
  return true;
}

/** JSON-like size of a value, counting a Map as its entries and a Set as its elements. */
function sizeOf(v: unknown, depth = 0): number {
  if (depth > 50) return 0;
  if (typeof v === 'string') return v.length + 2;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return 4;
  if (isMap(v)) {
    let s = 2;
    for (const [k, x] of v) s += sizeOf(k, depth + 1) + sizeOf(x, depth + 1) + 2;
    return s;
  }
  if (isSet(v) || Array.isArray(v)) {
    let s = 2;
    for (const x of v) s += sizeOf(x, depth + 1) + 1;
    return s;
  }
  if (typeof v === 'object') {
    let s = 2;
    for (const [k, x] of Object.entries(v as object)) s += k.length + 3 + sizeOf(x, depth + 1);
    return s;
  }
  return 0;
}

/**
 * All processes' fields together take at most `factor` × the stored data (each key and value
 * with a few bytes of overhead) plus `perNode` bytes per process: memory grows with the keys a
 * node holds, not with all keys ever seen or the whole store's directory.
 */
export function memoryBounded(view: SystemView, p: { factor: number; perNode: number }): true | string {
  if (typeof p?.factor !== 'number' || typeof p.perNode !== 'number') {
    throw new Error(`memoryBounded: pass params { factor, perNode }, got ${JSON.stringify(p)}`);
  }
  const all = stores(view);
  if (typeof all === 'string') return all;
  let data = 0;
  let keys = 0;
  for (const store of all.values()) {
    for (const [k, v] of store) {
      data += String(k).length + String(v).length + 6;
      keys++;
    }
  }
  let used = 0;
  let biggest = ['', 0] as [string, number];
  for (const proc of all.keys()) {
    const s = sizeOf(view.state(proc));
    used += s;
    if (s > biggest[1]) biggest = [proc, s];
  }
  const allowed = p.factor * data + p.perNode * all.size;
  if (used > allowed) {
    return `the processes' fields take ${used} bytes for ${keys} keys (${data} bytes of data): more than ${allowed} allowed (${p.factor} x data + ${p.perNode} per process); the biggest is ${biggest[0]} with ${biggest[1]} bytes`;
  }
  return true;
}

// ---- model checking ----

type Reply = { type: string; data?: unknown };

interface RepliesParams {
  replies: Record<string, Reply[]>;
}

function same(a: Message, b: Reply): boolean {
  return a.type === b.type && (b.data === undefined || JSON.stringify(a.data) === JSON.stringify(b.data));
}

function repliesOf(check: string, p: RepliesParams): Record<string, Reply[]> {
  if (typeof p?.replies !== 'object' || p.replies === null) {
    throw new Error(`${check}: pass params { replies: { <process id>: [{ type, data }, ...], ... } }, got ${JSON.stringify(p)}`);
  }
  return p.replies;
}

/** Only the asked processes answer, with the right answers, in order: each process's answers so far are a prefix of `replies`. */
export function repliesSoFar(view: SystemView, p: RepliesParams): true | string {
  const replies = repliesOf('repliesSoFar', p);
  for (const proc of view.processIds()) {
    const want = replies[proc] ?? [];
    const got = view.localMessages(proc);
    for (let i = 0; i < got.length; i++) {
      if (i >= want.length) return `${proc} sent its user ${JSON.stringify(got[i])}, but ${proc} was asked nothing more (only the node asked answers, once)`;
      if (!same(got[i]!, want[i]!)) return `${proc} answered ${JSON.stringify(got[i])}, expected ${JSON.stringify(want[i])}`;
    }
  }
  return true;
}

/** Every expected answer has been given and no message is in flight: the operation is over. */
export function repliesDone(view: SystemView, p: RepliesParams): boolean {
  const replies = repliesOf('repliesDone', p);
  if (view.pending().some((e) => e.kind === 'deliver')) return false;
  return view.processIds().every((proc) => view.localMessages(proc).length === (replies[proc] ?? []).length);
}
