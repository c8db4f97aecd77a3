import { newCounters, type MessageCounters } from './node.js';

/** Message counters of a whole run: in total and per message type (per process counters live on each process). */
export class MessageStats {
  readonly total: MessageCounters = newCounters();
  private readonly byType = new Map<string, MessageCounters>();

  forType(type: string): MessageCounters {
    let c = this.byType.get(type);
    if (c === undefined) {
      c = newCounters();
      this.byType.set(type, c);
    }
    return c;
  }

  /** A copy per type, in type-name order. */
  typeTable(): Record<string, MessageCounters> {
    const out: Record<string, MessageCounters> = {};
    for (const [t, c] of [...this.byType].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out[t] = { ...c };
    return out;
  }
}
