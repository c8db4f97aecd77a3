import type { Message, Process } from '../process.js';
import { Hasher, hashFields, hashValue, type StateOwner } from '../state.js';

/**
 * The checker's immutable state. A transition copies only the process that handled the event
 * (structural sharing); every part caches its 64-bit hash as two 32-bit lanes, and a state's
 * hash is the lane-wise sum of its parts, so a successor's hash is updated, not recomputed.
 */

export interface TimerEntry {
  readonly name: string;
  readonly deadline: number;
}

/** Local messages sent so far, newest first, each node caching the hash of the list it heads. */
export interface OutboxNode {
  readonly msg: Message;
  readonly prev: OutboxNode | null;
  readonly h1: number;
  readonly h2: number;
}

export class ProcEntry {
  constructor(
    /** Null while the process's node is crashed. */
    readonly instance: Process | null,
    /** Armed timers, earliest deadline first (ties in arming order, as the simulator's sequence numbers). */
    readonly timers: readonly TimerEntry[],
    readonly clock: number,
    readonly outbox: OutboxNode | null,
    readonly h1: number,
    readonly h2: number,
  ) {}
}

/** A pending network message. Identical messages have identical hashes and count as one choice. */
export class NetEvent {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly msg: Message,
    /** Between processes of one node: never dropped, duplicated or corrupted. */
    readonly local: boolean,
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
  ) {}
}

const NO_OWNER: StateOwner = { proc: 'message', className: 'Message' };

export function pushOutbox(prev: OutboxNode | null, msg: Message): OutboxNode {
  const h = new Hasher();
  h.int(prev === null ? 0 : prev.h1);
  h.int(prev === null ? 0 : prev.h2);
  h.str(msg.type);
  hashValue(h, msg.data, NO_OWNER, 'data');
  return { msg, prev, h1: h.h1, h2: h.h2 };
}

export function makeEntry(index: number, owner: StateOwner, instance: Process | null, timers: readonly TimerEntry[], clock: number, outbox: OutboxNode | null): ProcEntry {
  const h = new Hasher();
  h.int(0x70c0 + index);
  if (instance === null) h.int(0);
  else hashFields(instance, owner, h);
  h.int(timers.length);
  for (let i = 0; i < timers.length; i++) {
    const t = timers[i]!;
    h.str(t.name);
    // Relative deadlines: absolute clocks would make every retry loop an infinite state space.
    h.num(t.deadline - clock);
  }
  if (outbox !== null) {
    h.int(outbox.h1);
    h.int(outbox.h2);
  }
  return new ProcEntry(instance, timers, clock, outbox, h.h1, h.h2);
}

export function makeEvent(from: number, to: number, msg: Message, local: boolean): NetEvent {
  const h = new Hasher();
  h.int(0xe7e7);
  h.int(from);
  h.int(to);
  h.str(msg.type);
  hashValue(h, msg.data, NO_OWNER, 'data');
  return new NetEvent(from, to, msg, local, h.h1, h.h2);
}

function before(a: NetEvent, b: NetEvent): boolean {
  return a.h1 < b.h1 || (a.h1 === b.h1 && a.h2 < b.h2);
}

export function sameEvent(a: NetEvent, b: NetEvent): boolean {
  return a.h1 === b.h1 && a.h2 === b.h2;
}

/**
 * Inserts `ev` in hash order. With `merge` (the network duplicates), an identical pending copy
 * absorbs it and false is returned: the duplicate branch can deliver one copy any number of
 * times, so further copies add no behaviour, only an unbounded count.
 */
export function insertEvent(events: NetEvent[], ev: NetEvent, merge: boolean): boolean {
  if (merge) {
    for (let j = 0; j < events.length; j++) if (sameEvent(events[j]!, ev)) return false;
  }
  let i = events.length;
  events.push(ev);
  while (i > 0 && before(ev, events[i - 1]!)) {
    events[i] = events[i - 1]!;
    i--;
  }
  events[i] = ev;
  return true;
}

/** A copy of `events` without the element at `index`. */
export function removeEventAt(events: readonly NetEvent[], index: number): NetEvent[] {
  const out = new Array<NetEvent>(events.length - 1);
  for (let i = 0, j = 0; i < events.length; i++) if (i !== index) out[j++] = events[i]!;
  return out;
}
