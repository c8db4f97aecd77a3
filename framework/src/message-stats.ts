import { newCounters, type MessageCounters } from './node.js';

/** Message counters of a whole run: in total and per message type (per process counters live on each process). */
export class MessageStats {
  readonly total: MessageCounters = newCounters();
  /** Counters by message type: a prototype-less object, as every send looks its type up (see Topology). */
  private readonly byType: Record<string, MessageCounters> = Object.create(null) as Record<string, MessageCounters>;

  /** The type names in order, kept between calls of typeTable (checks read stats after every step). */
  private sortedTypes: string[] = [];

  forType(type: string): MessageCounters {
    let c = this.byType[type];
    if (c === undefined) {
      c = newCounters();
      this.byType[type] = c;
      this.sortedTypes = Object.keys(this.byType).sort((a, b) => (a < b ? -1 : 1));
    }
    return c;
  }

  /** A copy per type, in type-name order. */
  typeTable(): Record<string, MessageCounters> {
    const out: Record<string, MessageCounters> = {};
    for (const t of this.sortedTypes) out[t] = { ...this.byType[t]! };
    return out;
  }
}
