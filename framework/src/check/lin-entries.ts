// The call/return events of one partition as a doubly linked list in real-time order, the
// structure of Lowe's search: linearizing an operation lifts its call and return out of the
// list, backtracking puts them back.
import type { Operation } from './lin-types.js';

export interface Entry {
  readonly isCall: boolean;
  /** Index of the operation in its partition. */
  readonly op: number;
  /** The call's return entry (a return entry points to itself). */
  match: Entry;
  prev: Entry | null;
  next: Entry | null;
}

/** Builds the list and returns its sentinel head. At equal times calls come before returns. */
export function buildEntries<I, O>(ops: readonly Operation<I, O>[]): Entry {
  const events: { time: number; isCall: boolean; op: number }[] = [];
  ops.forEach((op, i) => {
    events.push({ time: op.call, isCall: true, op: i });
    events.push({ time: op.return ?? Infinity, isCall: false, op: i });
  });
  events.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? a.op - b.op : a.isCall ? -1 : 1));
  const head: Entry = { isCall: false, op: -1, match: null as unknown as Entry, prev: null, next: null };
  head.match = head;
  const calls = new Map<number, Entry>();
  let last = head;
  for (const ev of events) {
    const entry: Entry = { isCall: ev.isCall, op: ev.op, match: null as unknown as Entry, prev: last, next: null };
    entry.match = entry;
    if (ev.isCall) calls.set(ev.op, entry);
    else (calls.get(ev.op) as Entry).match = entry;
    last.next = entry;
    last = entry;
  }
  return head;
}

/** Removes a call entry and its return from the list. */
export function lift(call: Entry): void {
  unlink(call);
  unlink(call.match);
}

/** Undoes lift(call): the return first, then the call, the reverse order of removal. */
export function unlift(call: Entry): void {
  relink(call.match);
  relink(call);
}

function unlink(e: Entry): void {
  (e.prev as Entry).next = e.next;
  if (e.next) e.next.prev = e.prev;
}

function relink(e: Entry): void {
  (e.prev as Entry).next = e;
  if (e.next) e.next.prev = e;
}
