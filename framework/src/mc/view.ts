import type { Message } from '../process.js';
import type { Engine } from './engine.js';
import { sameEvent, type MCState } from './model.js';
import type { PendingMessage, PendingTimer, StateView } from './types.js';

/** The read-only StateView of one checker state. Lists are built on demand, never on the search's hot path. */
export class View implements StateView {
  constructor(
    private readonly engine: Engine,
    public state: MCState,
  ) {}

  get depth(): number {
    return this.state.depth;
  }

  processIds(): readonly string[] {
    return this.engine.ids;
  }

  process<T = unknown>(id: string): Readonly<T> | null {
    return this.state.procs[this.engine.procIndex('view.process', id)]!.instance as Readonly<T> | null;
  }

  pending(): readonly (PendingMessage & { readonly count: number })[] {
    const ids = this.engine.ids;
    const out: (PendingMessage & { count: number })[] = [];
    const events = this.state.events;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      if (i > 0 && sameEvent(ev, events[i - 1]!)) {
        out[out.length - 1]!.count++;
        continue;
      }
      out.push({ from: ids[ev.from]!, to: ids[ev.to]!, type: ev.msg.type, data: ev.msg.data, count: 1 });
    }
    return out;
  }

  timers(id: string): readonly PendingTimer[] {
    return this.state.procs[this.engine.procIndex('view.timers', id)]!.timers;
  }

  localMessages(id: string): readonly Message[] {
    const out: Message[] = [];
    for (let n = this.state.procs[this.engine.procIndex('view.localMessages', id)]!.outbox; n !== null; n = n.prev) out.push(n.msg);
    return out.reverse();
  }

  clock(id: string): number {
    return this.state.procs[this.engine.procIndex('view.clock', id)]!.clock;
  }

  isCrashed(node: string): boolean {
    const procs = this.engine.config.procsOfNode.get(node);
    if (procs === undefined) throw new Error(`view.isCrashed: unknown node "${node}"; nodes are: ${[...this.engine.config.procsOfNode.keys()].join(', ')}`);
    return procs.length > 0 && procs.every((p) => this.state.procs[p]!.instance === null);
  }
}
