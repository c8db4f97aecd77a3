import type { Message, Process } from '../process.js';
import { Hasher, hashFields, hashValue, type StateOwner } from '../state.js';
import type { InstanceTable } from './instance-table.js';

/**
 * The checker's immutable state. A transition copies only the process that handled the event
 * (structural sharing); every part caches its 64-bit hash as two 32-bit lanes, and a state's
 * hash is the lane-wise sum of its parts, so a successor's hash is updated, not recomputed.
 */

export interface TimerEntry {
  readonly name: string;
  readonly delay: number;
  /** The process's logical clock when the timer was armed. */
  readonly armedAt: number;
  /** Which handler run of the process armed it; timers of one run were armed at the same instant. */
  readonly batch: number;
}

/** Local messages sent so far, newest first, each node caching the hash of the list it heads. */
export interface OutboxNode {
  readonly msg: Message;
  readonly prev: OutboxNode | null;
  readonly h1: number;
  readonly h2: number;
}

const NO_OWNER: StateOwner = { proc: 'message', className: 'Message' };

/** A process's durable storage in a checker state: immutable, its hash cached (keys in sorted order). */
export class StoredData {
  private constructor(
    readonly data: Readonly<Record<string, unknown>>,
    readonly h1: number,
    readonly h2: number,
  ) {}

  static readonly EMPTY = StoredData.of({});

  static of(data: Readonly<Record<string, unknown>>): StoredData {
    const h = new Hasher();
    h.int(0x5707);
    const keys = Object.keys(data).sort();
    h.int(keys.length);
    for (const k of keys) {
      h.str(k);
      hashValue(h, data[k], NO_OWNER, 'storage');
    }
    return new StoredData(data, h.h1, h.h2);
  }

  /** A copy with `key` set to `value` (undefined: removed). */
  with(key: string, value: unknown): StoredData {
    const next: Record<string, unknown> = { ...this.data };
    if (value === undefined) delete next[key];
    else next[key] = value;
    return StoredData.of(next);
  }
}

export class ProcEntry {
  constructor(
    /** Null while the process's node is crashed. */
    readonly instance: Process | null,
    /** Armed timers in arming order. */
    readonly timers: readonly TimerEntry[],
    /** Logical clock: the latest deadline among the timers it fired (not hashed). */
    readonly clock: number,
    /** Handler runs so far (not hashed; only which timers share a run is). */
    readonly batch: number,
    readonly outbox: OutboxNode | null,
    /** Durable storage; kept through crashes. */
    readonly storage: StoredData,
    readonly h1: number,
    readonly h2: number,
    /** Per-path counters (not hashed): messages it sent, messages delivered to it, timers it fired. */
    readonly sent: number,
    readonly delivered: number,
    readonly fired: number,
  ) {}
}

/** A pending network message. Identical messages have identical hashes: they are one choice, counted by multiplicity. */
export class NetEvent {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly msg: Message,
    /** Between processes of one node: never dropped, duplicated or corrupted. */
    readonly local: boolean,
    /** How many more times the network may duplicate this copy (part of its identity). */
    readonly dups: number,
    /** Hash of (from, to, msg) without `dups`. */
    readonly b1: number,
    readonly b2: number,
    readonly h1: number,
    readonly h2: number,
  ) {}
}

export class MCState {
  constructor(
    readonly procs: readonly ProcEntry[],
    /** Sorted by hash so that identical messages are adjacent and the order is canonical. */
    readonly events: readonly NetEvent[],
    readonly s1: number,
    readonly s2: number,
    readonly depth: number,
    /**
     * Per-path counters, not part of the state's identity (a state reached by several paths
     * keeps the first path's): network drops and duplications so far. Per-process counters
     * live in each ProcEntry, which a transition allocates anyway.
     */
    readonly drops: number,
    readonly dups: number,
  ) {}
}

export function pushOutbox(prev: OutboxNode | null, msg: Message): OutboxNode {
  const h = new Hasher();
  h.int(prev === null ? 0 : prev.h1);
  h.int(prev === null ? 0 : prev.h2);
  h.str(msg.type);
  hashValue(h, msg.data, NO_OWNER, 'data');
  return { msg, prev, h1: h.h1, h2: h.h2 };
}

/** Per-path counters of one process: messages sent, delivered to it, timers fired. */
export interface ProcCounts {
  readonly sent: number;
  readonly delivered: number;
  readonly fired: number;
}

export const NO_COUNTS: ProcCounts = { sent: 0, delivered: 0, fired: 0 };

export function makeEntry(
  index: number, owner: StateOwner, instance: Process | null, timers: readonly TimerEntry[], clock: number, batch: number, outbox: OutboxNode | null,
  storage: StoredData, sent: number, delivered: number, fired: number, instances: InstanceTable | null = null,
): ProcEntry {
  const h = new Hasher();
  h.int(0x70c0 + index);
  if (instance === null) h.int(0);
  else {
    hashFields(instance, owner, h);
    if (instances !== null) instance = instances.canonical(h.h1, h.h2, instance);
  }
  h.int(timers.length);
  for (let i = 0; i < timers.length; i++) {
    const t = timers[i]!;
    h.str(t.name);
    // Delays and arming order decide which timer may fire first; absolute times would make every retry loop an infinite state space.
    h.num(t.delay);
    h.int(i > 0 && timers[i - 1]!.batch === t.batch ? 1 : 0);
  }
  if (outbox !== null) {
    h.int(outbox.h1);
    h.int(outbox.h2);
  }
  if (storage !== StoredData.EMPTY) {
    h.int(storage.h1);
    h.int(storage.h2);
  }
  return new ProcEntry(instance, timers, clock, batch, outbox, storage, h.h1, h.h2, sent, delivered, fired);
}

export function makeEvent(from: number, to: number, msg: Message, local: boolean, dups: number): NetEvent {
  const h = new Hasher();
  h.int(0xe7e7);
  h.int(from);
  h.int(to);
  h.str(msg.type);
  hashValue(h, msg.data, NO_OWNER, 'data');
  return new NetEvent(from, to, msg, local, dups, h.h1, h.h2, dupsLane1(h.h1, dups), dupsLane2(h.h2, dups));
}

function dupsLane1(b1: number, dups: number): number {
  return (b1 + Math.imul(dups + 1, 0x2545f491)) | 0;
}

function dupsLane2(b2: number, dups: number): number {
  return (b2 ^ Math.imul(dups + 1, 0x9e3779b9)) | 0;
}

/** The same message with another duplication budget. */
export function withDups(ev: NetEvent, dups: number): NetEvent {
  return new NetEvent(ev.from, ev.to, ev.msg, ev.local, dups, ev.b1, ev.b2, dupsLane1(ev.b1, dups), dupsLane2(ev.b2, dups));
}

function before(a: NetEvent, b: NetEvent): boolean {
  return a.h1 < b.h1 || (a.h1 === b.h1 && a.h2 < b.h2);
}

export function sameEvent(a: NetEvent, b: NetEvent): boolean {
  return a.h1 === b.h1 && a.h2 === b.h2;
}

/** Inserts `ev` in hash order; identical copies sit side by side (a message sent twice is pending twice). */
export function insertEvent(events: NetEvent[], ev: NetEvent): void {
  let i = events.length;
  events.push(ev);
  while (i > 0 && before(ev, events[i - 1]!)) {
    events[i] = events[i - 1]!;
    i--;
  }
  events[i] = ev;
}

/** A copy of `events` without the element at `index`. */
export function removeEventAt(events: readonly NetEvent[], index: number): NetEvent[] {
  const out = new Array<NetEvent>(events.length - 1);
  for (let i = 0, j = 0; i < events.length; i++) if (i !== index) out[j++] = events[i]!;
  return out;
}

/**
 * Whether timer `i` of a process may fire next. Without network delays the checker does not
 * know how much time passes between steps, so a timer is blocked only by timers that must
 * fire before it: armed earlier with a delay no longer than its own, or armed in the same
 * handler run with a shorter delay (those were armed at the same instant).
 */
export function timerEnabled(timers: readonly TimerEntry[], i: number): boolean {
  const t = timers[i]!;
  for (let j = 0; j < timers.length; j++) {
    if (j === i) continue;
    const u = timers[j]!;
    if (j < i && u.delay <= t.delay) return false;
    if (u.batch === t.batch && u.delay < t.delay) return false;
  }
  return true;
}
