import { newCounters, type MessageCounters } from './node.js';

/** Message counters of a whole run: in total and per message type (per process counters live on each process). */
export class MessageStats {
  readonly total: MessageCounters = newCounters();
  /** Counters by message type: a prototype-less object, as every send looks its type up (see Topology). */
  private readonly byType: Record<string, MessageCounters> = Object.create(null) as Record<string, MessageCounters>;

  forType(type: string): MessageCounters {
    let c = this.byType[type];
    if (c === undefined) {
      c = newCounters();
      this.byType[type] = c;
    }
    return c;
  }

  /** A copy per type, in type-name order. */
  typeTable(): Record<string, MessageCounters> {
    const out: Record<string, MessageCounters> = {};
    for (const [t, c] of Object.entries(this.byType).sort((a, b) => (a[0] < b[0] ? -1 : 1))) out[t] = { ...c };
    return out;
  }
}
