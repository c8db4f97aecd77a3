import type { System, SystemSnapshot } from '../system.js';
import type { Engine } from './engine.js';
import { cloneProcess } from './clone.js';
import type { MessageIds } from './message-ids.js';
import { insertEvent, makeEntry, makeEvent, MCState, pushOutbox, StoredData, type NetEvent, type OutboxNode, type ProcEntry, type TimerEntry } from './model.js';

/**
 * The checker's initial state from a system: copies of the live process instances (so the
 * system can go on independently), their armed timers, the local messages not yet read, and
 * the pending deliveries with their message ids (for the trace). Armed timers become timers
 * armed now, all at once, with their remaining delays: their order is known exactly.
 */
export function initialState(engine: Engine, system: System, snap: SystemSnapshot, maxDuplicates: number): { state: MCState; ids: [NetEvent, number][] } {
  const ids: [NetEvent, number][] = [];
  const procs: ProcEntry[] = [];
  let s1 = 0;
  let s2 = 0;
  snap.procs.forEach((p, i) => {
    const live = system.processInstance(p.id);
    const instance = live === null ? null : cloneProcess(live, engine.owners[i]!);
    const timers: TimerEntry[] = snap.events
      .filter((e) => e.kind === 'timer' && e.to === p.id)
      .sort((a, b) => a.seq - b.seq)
      .map((e) => ({ name: e.timer, delay: e.time - snap.time, armedAt: snap.time, batch: 0 }));
    let outbox: OutboxNode | null = null;
    for (const m of p.outbox) outbox = pushOutbox(outbox, m);
    const stored: Record<string, unknown> = Object.fromEntries(p.disk);
    for (const [k, v] of p.unsynced) {
      if (v === undefined) delete stored[k];
      else stored[k] = v;
    }
    const storage = Object.keys(stored).length === 0 ? StoredData.EMPTY : StoredData.of(stored);
    const entry = makeEntry(i, engine.owners[i]!, instance, timers, snap.time, 0, outbox, storage, 0, 0, 0);
    procs.push(entry);
    s1 = (s1 + entry.h1) | 0;
    s2 = (s2 + entry.h2) | 0;
  });
  const events: NetEvent[] = [];
  for (const e of snap.events) {
    if (e.kind !== 'deliver' || e.msg === null) continue;
    const from = engine.procIndex('new ModelChecker', e.from);
    const to = engine.procIndex('new ModelChecker', e.to);
    const local = engine.topology.sameNode(from, to);
    const ev = makeEvent(from, to, e.msg, local, local ? 0 : maxDuplicates);
    ids.push([ev, e.id]);
    insertEvent(events, ev);
    s1 = (s1 + ev.h1) | 0;
    s2 = (s2 + ev.h2) | 0;
  }
  return { state: new MCState(procs, events, s1, s2, 0, 0, 0), ids };
}

/** Ids of the messages pending in the initial state, for a replay's trace. */
export function adoptIds(target: MessageIds, ids: readonly [NetEvent, number][]): void {
  for (const [ev, id] of ids) target.adopt(ev, id);
}
