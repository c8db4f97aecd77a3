import type { Message } from '../process.js';
import { newCounters, type MessageCounters } from '../node.js';
import type { PendingEvent, SimStats } from '../system.js';
import type { Engine } from './engine.js';
import { sameEvent, type MCState } from './model.js';
import type { PendingTimer, StateView } from './types.js';

/** The read-only StateView of one checker state. Lists are built on demand, never on the search's hot path. */
export class View implements StateView {
  constructor(
    private readonly engine: Engine,
    public current: MCState,
  ) {}

  get depth(): number {
    return this.current.depth;
  }

  readonly time = 0;

  processIds(): string[] {
    return this.engine.ids.slice();
  }

  state(id: string): Readonly<Record<string, unknown>> | null {
    return this.process<Record<string, unknown>>(id);
  }

  /** Counters of the path that reached this state (see StateView.stats); bytes and message types are not counted. */
  stats(): SimStats {
    const st = this.current;
    const total = newCounters();
    const byProcess: Record<string, MessageCounters> = {};
    const timerFires: Record<string, number> = {};
    this.engine.ids.forEach((id, p) => {
      const e = st.procs[p]!;
      const m = newCounters();
      m.sent = e.sent;
      m.delivered = e.delivered;
      byProcess[id] = m;
      timerFires[id] = e.fired;
      total.sent += e.sent;
      total.delivered += e.delivered;
    });
    total.dropped = st.drops;
    total.duplicated = st.dups;
    return { steps: st.depth, time: 0, total, byProcess, byType: {}, timerFires, localIn: 0, localOut: 0 };
  }

  process<T = unknown>(id: string): Readonly<T> | null {
    return this.current.procs[this.engine.procIndex('view.process', id)]!.instance as Readonly<T> | null;
  }

  pending(): readonly (PendingEvent & { readonly count: number })[] {
    const ids = this.engine.ids;
    const out: (PendingEvent & { count: number })[] = [];
    const events = this.current.events;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      if (i > 0 && sameEvent(ev, events[i - 1]!)) {
        out[out.length - 1]!.count++;
        continue;
      }
      out.push({ kind: 'deliver', time: 0, from: ids[ev.from]!, to: ids[ev.to]!, type: ev.msg.type, data: ev.msg.data, count: 1 });
    }
    this.current.procs.forEach((e, p) => {
      if (e.instance !== null) for (const t of e.timers) out.push({ kind: 'timer', time: 0, to: ids[p]!, timer: t.name, count: 1 });
    });
    return out;
  }

  timers(id: string): readonly PendingTimer[] {
    return this.current.procs[this.engine.procIndex('view.timers', id)]!.timers.map((t) => ({ name: t.name, delay: t.delay, deadline: t.armedAt + t.delay }));
  }

  storage(id: string): Readonly<Record<string, unknown>> {
    return this.current.procs[this.engine.procIndex('view.storage', id)]!.storage.data;
  }

  localMessages(id: string): readonly Message[] {
    const out: Message[] = [];
    for (let n = this.current.procs[this.engine.procIndex('view.localMessages', id)]!.outbox; n !== null; n = n.prev) out.push(n.msg);
    return out.reverse();
  }

  clock(id: string): number {
    return this.current.procs[this.engine.procIndex('view.clock', id)]!.clock;
  }

  isCrashed(node: string): boolean {
    const procs = this.engine.topology.procsOf[this.engine.topology.node('view.isCrashed', node)]!;
    return procs.length > 0 && procs.every((p) => this.current.procs[p]!.instance === null);
  }
}
