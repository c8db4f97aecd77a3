import { ACTION, DELIVER, SimEvent, TIMER } from '../events.js';
import { cloneJson } from '../json.js';
import { Rng } from '../rng.js';
import { Hasher, hashFields, restoreFields, snapshotFields } from '../state.js';
import type { SystemSnapshot } from '../system-types.js';
import type { SimWorld } from './sim-world.js';

/** Everything needed to put a simulation back where it was (scheduled harness actions excepted). */
export function takeSnapshot(w: SimWorld): SystemSnapshot {
  return {
    time: w.now,
    step: w.stepNo,
    seq: w.seq,
    msgId: w.msgId,
    rng: w.rng.getState(),
    network: { ...w.net },
    links: w.links.describe(),
    nodes: [...w.nodes.values()].map((n) => ({ name: n.name, crashed: n.crashed, drift: n.drift })),
    procs: w.procs.map((p) => ({
      id: p.id,
      incarnation: p.incarnation,
      fields: p.instance === null ? null : snapshotFields(p.instance, w.owner(p)),
      timers: [...p.timers.keys()],
      outbox: p.outbox.map((m) => cloneJson(m)),
      disk: [...p.disk].map(([k, v]) => [k, cloneJson(v)] as [string, unknown]),
      unsynced: [...p.unsynced].map(([k, v]) => [k, v === undefined ? undefined : cloneJson(v)] as [string, unknown]),
    })),
    events: w.queue
      .ordered()
      .filter((ev) => ev.kind !== ACTION && w.isLive(ev))
      .map((ev) => ({
        time: ev.time,
        seq: ev.seq,
        kind: ev.kind === DELIVER ? ('deliver' as const) : ('timer' as const),
        to: w.procs[ev.target]!.id,
        incarnation: ev.incarnation,
        from: ev.from < 0 ? '' : w.procs[ev.from]!.id,
        msg: ev.msg === null ? null : cloneJson(ev.msg),
        timer: ev.timer,
        id: ev.msgId,
        bytes: ev.bytes,
      })),
  };
}

/** Puts processes, clock, network, random state and pending events back as they were at `snap`. Counters and trace are kept. */
export function restoreSnapshot(w: SimWorld, snap: SystemSnapshot): void {
  if (snap.procs.length !== w.procs.length || snap.procs.some((p, i) => p.id !== w.procs[i]!.id)) {
    throw new Error('restore: the snapshot was taken of a system with different processes');
  }
  w.now = snap.time;
  w.stepNo = snap.step;
  w.seq = snap.seq;
  w.msgId = snap.msgId;
  w.rng = Rng.fromState(snap.rng);
  w.net = { ...snap.network };
  w.links.reset();
  for (const [a, b] of snap.links.disabled) w.links.disable(a!, b!);
  for (const n of snap.links.disconnected) w.links.disconnect(n);
  for (const n of snap.nodes) {
    const slot = w.nodes.get(n.name);
    if (slot === undefined) throw new Error(`restore: unknown node "${n.name}"; the snapshot was taken of a system with different nodes`);
    slot.crashed = n.crashed;
    slot.drift = n.drift;
  }
  w.queue.clear();
  snap.procs.forEach((p, i) => {
    const slot = w.procs[i]!;
    slot.incarnation = p.incarnation;
    slot.timers.clear();
    slot.outbox = p.outbox.map((m) => cloneJson(m));
    slot.disk = new Map(p.disk.map(([k, v]) => [k, cloneJson(v)]));
    slot.unsynced = new Map(p.unsynced.map(([k, v]) => [k, v === undefined ? undefined : cloneJson(v)]));
    if (p.fields === null) {
      slot.instance = null;
    } else {
      if (slot.instance === null) slot.instance = w.instantiate(slot);
      restoreFields(slot.instance, p.fields, w.owner(slot));
    }
  });
  for (const e of snap.events) {
    const slot = w.procs[w.topology.proc('restore', e.to)]!;
    const ev = new SimEvent(e.time, e.seq, e.kind === 'deliver' ? DELIVER : TIMER, slot.index, e.incarnation, e.from === '' ? -1 : w.topology.proc('restore', e.from), e.msg === null ? null : cloneJson(e.msg), e.timer, e.id, e.bytes);
    if (ev.kind === TIMER) slot.timers.set(ev.timer, ev);
    w.queue.push(ev);
  }
}

function hashStorage(h: Hasher, entries: readonly [string, unknown][]): void {
  h.int(entries.length);
  for (const [k, v] of entries) {
    h.str(k);
    h.str(v === undefined ? '\u0000deleted' : JSON.stringify(v));
  }
}

/** A 64-bit hash of the whole state: process fields, node status, network, pending events (as a multiset). */
export function stateHash(w: SimWorld): bigint {
  const h = new Hasher();
  for (const p of w.procs) {
    h.str(p.id);
    if (p.instance === null) h.int(0);
    else hashFields(p.instance, w.owner(p), h);
    hashStorage(h, [...p.disk, ...p.unsynced]);
  }
  for (const n of w.nodes.values()) h.int(n.crashed ? 1 : 0);
  h.str(JSON.stringify(w.links.describe()));
  let sum1 = 0;
  let sum2 = 0;
  for (const ev of w.queue.all()) {
    if (ev.kind === ACTION || !w.isLive(ev)) continue;
    const e = new Hasher();
    e.int(ev.kind);
    e.int(ev.target);
    e.str(ev.from < 0 ? '' : w.procs[ev.from]!.id);
    e.str(ev.timer);
    if (ev.msg !== null) e.str(JSON.stringify(ev.msg));
    sum1 = (sum1 + e.h1) | 0;
    sum2 = (sum2 + e.h2) | 0;
  }
  h.int(sum1);
  h.int(sum2);
  return h.value();
}
