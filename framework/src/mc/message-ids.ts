import type { NetEvent } from './model.js';

/**
 * Message ids for the trace of a replayed path: given out at send time, and followed through
 * identical copies in FIFO order, so a deliver carries the id of the send it answers. Keyed by
 * the message's identity without its duplication budget, so a duplicated copy keeps its id.
 */
export class MessageIds {
  private next: number;
  private readonly queues = new Map<string, number[]>();

  constructor(lastId: number) {
    this.next = lastId;
  }

  private queue(ev: NetEvent): number[] {
    const key = `${ev.b1},${ev.b2}`;
    let q = this.queues.get(key);
    if (q === undefined) {
      q = [];
      this.queues.set(key, q);
    }
    return q;
  }

  /** Gives an id to a message pending before the checker started (the system's own id). */
  adopt(ev: NetEvent, id: number): void {
    this.queue(ev).push(id);
  }

  /** A new send. */
  issue(ev: NetEvent): number {
    const id = ++this.next;
    this.queue(ev).push(id);
    return id;
  }

  /** The id of the copy that leaves the network now (delivered or dropped). */
  take(ev: NetEvent): number {
    return this.queue(ev).shift() ?? 0;
  }

  /** The id of a message lost as it was sent (to a crashed node, over a down link). */
  retract(ev: NetEvent): number {
    return this.queue(ev).pop() ?? 0;
  }

  /** The id of the copy that is delivered while it stays pending (a duplicate). */
  peek(ev: NetEvent): number {
    return this.queue(ev)[0] ?? 0;
  }
}
