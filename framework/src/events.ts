import type { MessageCounters } from './node.js';
import type { Message } from './process.js';

export const DELIVER = 0;
export const TIMER = 1;
/** A scheduled action of the harness itself (a chaos fault, a scenario step at a set time). */
export const ACTION = 2;
export type EventKind = typeof DELIVER | typeof TIMER | typeof ACTION;

/**
 * A pending event. Flat and mutable on purpose: the hot loop allocates exactly one of these
 * per scheduled delivery or timer and nothing else. `cancelled` implements lazy deletion.
 */
export class SimEvent {
  cancelled = false;
  /** The trace's copy of a delivery's data, recorded at send time and shared by its deliver record. */
  traceData: unknown = undefined;
  /** The run's counters of this delivery's message type, found at send time (so delivery needs no lookup by name). */
  typeCounters: MessageCounters | null = null;
  constructor(
    public time: number,
    public seq: number,
    public kind: EventKind,
    /** Index of the target process slot; -1 for ACTION events. */
    public target: number,
    /** Incarnation of the target when scheduled; a crash makes older events stale. */
    public incarnation: number,
    /** Sender process index (deliveries) or -1. */
    public from: number,
    public msg: Message | null,
    /** Timer name, or '' for deliveries. */
    public timer: string,
    /** Message id (deliveries) or 0. */
    public msgId: number,
    /** Bytes of the message on the wire (deliveries) or 0. */
    public bytes: number,
    /** What an ACTION event runs. */
    public action: (() => void) | null = null,
  ) {}
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** Binary min-heap of events ordered by (time, insertion sequence). */
export class EventQueue {
  private heap: SimEvent[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(ev: SimEvent): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(ev, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = ev;
  }

  peek(): SimEvent | undefined {
    return this.heap[0];
  }

  pop(): SimEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  }

  /** All events in (time, seq) order; for inspection, not for the hot path. */
  ordered(): SimEvent[] {
    return this.heap.slice().sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  /** Unordered view, for scans such as cancelling a crashed node's events. */
  all(): readonly SimEvent[] {
    return this.heap;
  }

  clear(): void {
    this.heap = [];
  }
}
