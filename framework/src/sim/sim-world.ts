import { HandlerFrame, type EffectSink, type Topology } from '../engine/index.js';
import { ACTION, DELIVER, EventQueue, SimEvent, TIMER } from '../events.js';
import { cloneJson } from '../json.js';
import { MessageStats } from '../message-stats.js';
import { corruptStrings, drawDelay, LinkTable, type NetworkConfig } from '../network.js';
import type { MessageCounters, NodeSlot, ProcSlot } from '../node.js';
import type { Message, Process } from '../process.js';
import type { Rng } from '../rng.js';
import { snapshotFields, type ProcessSnapshot, type StateOwner } from '../state.js';
import type { BuggifyHook, DelayHook } from '../system-types.js';
import { TraceRecorder } from '../trace-recorder.js';

/**
 * The simulator as a driver of the transition model: it keeps pending deliveries and timers
 * in a (time, sequence) heap and processes the earliest one. Handlers run through the shared
 * HandlerFrame; as its EffectSink this class decides each send's fate (links, drop, corrupt,
 * delay, duplicate) with the seeded generator at send time and schedules the result.
 * Internal: `System` is its public face.
 */
export class SimWorld implements EffectSink {
  readonly links = new LinkTable();
  readonly queue = new EventQueue();
  readonly nodes = new Map<string, NodeSlot>();
  readonly procs: ProcSlot[] = [];
  readonly counts = new MessageStats();
  readonly recorder: TraceRecorder;
  /** Rebuilt by `addedProcess` (contexts are made per process); never null once a process exists. */
  frame: HandlerFrame;
  now = 0;
  stepNo = 0;
  seq = 0;
  msgId = 0;
  localIn = 0;
  localOut = 0;
  largest = 0;
  /** The process that has sent the most network messages (first to reach that count); -1 before any send. */
  busiest = -1;
  buggifyHook: BuggifyHook | null = null;
  delayHook: DelayHook | null = null;
  stepHooks: ((w: SimWorld) => void)[] = [];
  /** Probability that a crash loses a process's unsynced storage writes. */
  loseUnsynced = 0;

  constructor(
    readonly topology: Topology,
    public rng: Rng,
    public net: NetworkConfig,
    trace: boolean,
    readonly recordStates: boolean,
  ) {
    this.recorder = new TraceRecorder(trace, { step: () => this.stepNo, time: () => this.now }, topology.ids);
    this.frame = new HandlerFrame(topology, this, this.recorder);
  }

  /** The process set changed (added, or an add undone): the frame makes one context per process. */
  processesChanged(): void {
    this.frame = new HandlerFrame(this.topology, this, this.recorder);
  }

  owner(slot: ProcSlot): StateOwner {
    return { proc: slot.id, className: slot.className };
  }

  instantiate(slot: ProcSlot): Process {
    const p = this.frame.construct(slot.index, this.stepNo);
    slot.className = (p as { constructor?: { name?: string } }).constructor?.name || 'anonymous class';
    return p;
  }

  // ---------------------------------------------------------------- events

  /** Processes the next event; false when there are none. */
  step(): boolean {
    const queue = this.queue;
    for (;;) {
      const ev = queue.pop();
      if (ev === undefined) return false;
      if (ev.cancelled) continue;
      if (ev.kind === ACTION) {
        this.now = ev.time;
        this.stepNo++;
        ev.action!();
        this.afterStep(null, -1);
        return true;
      }
      const slot = this.procs[ev.target]!;
      if (ev.incarnation !== slot.incarnation || slot.instance === null) continue;
      this.now = ev.time;
      this.stepNo++;
      if (ev.kind === DELIVER) this.deliver(slot, ev);
      else this.fire(slot, ev);
      return true;
    }
  }

  private deliver(slot: ProcSlot, ev: SimEvent): void {
    const msg = ev.msg!;
    slot.counters.delivered++;
    this.counts.total.delivered++;
    (ev.typeCounters ?? this.counts.forType(msg.type)).delivered++;
    const rec = this.recorder.enabled ? this.recorder.message('deliver', ev.from, slot.index, ev.msgId, msg, ev.traceData) : -1;
    this.frame.deliver(slot.index, slot.instance!, msg, this.topology.ids[ev.from]!, this.stepNo);
    this.afterStep(slot, rec);
  }

  private fire(slot: ProcSlot, ev: SimEvent): void {
    slot.timers.delete(ev.timer);
    slot.timerFires++;
    let rec = -1;
    if (this.recorder.enabled) {
      rec = this.recorder.event('timer-fire', slot.index, undefined, undefined);
      this.recorder.setTimer(rec, ev.timer);
    }
    this.frame.fire(slot.index, slot.instance!, ev.timer, this.stepNo);
    this.afterStep(slot, rec);
  }

  /** A message from the outside world to a process's onLocalMessage, as a step of its own. */
  localMessage(slot: ProcSlot, msg: Message): void {
    this.stepNo++;
    this.localIn++;
    const rec = this.recorder.enabled ? this.recorder.event('local-in', slot.index, msg.type, cloneJson(msg.data)) : -1;
    if (slot.instance === null) {
      if (rec >= 0) this.recorder.setDetail(rec, 'node crashed; message ignored');
      return;
    }
    this.frame.local(slot.index, slot.instance, msg, this.stepNo);
    this.afterStep(slot, rec);
  }

  /** `rec` is the index of the step's trace record, -1 without one. */
  private afterStep(slot: ProcSlot | null, rec: number): void {
    if (slot !== null && rec >= 0 && this.recordStates && slot.instance !== null) this.recorder.setState(rec, this.stateCopy(slot, slot.instance));
    for (let i = 0; i < this.stepHooks.length; i++) this.stepHooks[i]!(this);
  }

  /** Copies of process states taken in the current step, by instance (see stateCopy). */
  private readonly stateCopies = { step: -1, of: new Map<Process, ProcessSnapshot>() };

  /**
   * A copy of the fields of `instance` (the slot's live process) as they are after the current
   * step, made once: the trace's record of the step and every check that reads the state share
   * it, so none of them may change it.
   */
  stateCopy(slot: ProcSlot, instance: Process): ProcessSnapshot {
    const memo = this.stateCopies;
    if (memo.step !== this.stepNo) {
      memo.step = this.stepNo;
      memo.of.clear();
    }
    let copy = memo.of.get(instance);
    if (copy === undefined) {
      copy = snapshotFields(instance, this.owner(slot));
      memo.of.set(instance, copy);
    }
    return copy;
  }

  /** The next stateCopy copies afresh (the state may have changed within the step: a restore, a caller holding the instance). */
  forgetStateCopies(): void {
    this.stateCopies.of.clear();
  }

  isLive(ev: SimEvent): boolean {
    if (ev.cancelled) return false;
    if (ev.kind === ACTION) return true;
    const slot = this.procs[ev.target]!;
    return ev.incarnation === slot.incarnation && slot.instance !== null;
  }

  nextLiveEvent(): SimEvent | undefined {
    for (;;) {
      const ev = this.queue.peek();
      if (ev === undefined) return undefined;
      if (this.isLive(ev)) return ev;
      this.queue.pop();
    }
  }

  scheduleAction(delay: number, action: () => void): void {
    this.queue.push(new SimEvent(this.now + delay, this.seq++, ACTION, -1, 0, -1, null, '', 0, 0, action));
  }

  // ---------------------------------------------------------------- faults

  /** Stops the node's processes, drops their timers and pending deliveries to them, disconnects it. */
  crash(n: NodeSlot): void {
    n.crashed = true;
    this.links.disconnect(n.name);
    this.recorder.change('crash', n.name, undefined);
    const targets = new Set(n.procs);
    for (const ev of this.queue.ordered()) {
      if (ev.cancelled || !targets.has(ev.target)) continue;
      ev.cancelled = true;
      if (ev.kind === DELIVER) this.countDrop(ev.from, ev.target, ev.msgId, ev.msg!, 'receiver crashed', ev.traceData);
    }
    for (const i of n.procs) {
      const slot = this.procs[i]!;
      slot.incarnation++;
      slot.timers.clear();
      slot.instance = null;
      this.settleStorage(slot);
    }
  }

  /** At a crash: unsynced writes are lost (with probability loseUnsynced) or reach the disk. */
  private settleStorage(slot: ProcSlot): void {
    if (slot.unsynced.size === 0) return;
    if (this.rng.chance(this.loseUnsynced)) {
      if (this.recorder.enabled) this.recorder.setDetail(this.recorder.event('storage', slot.index, 'lost', { keys: [...slot.unsynced.keys()] }), 'unsynced writes lost in the crash');
      slot.unsynced.clear();
      return;
    }
    this.storageSync(slot.index);
  }

  /** Reconnects the node and restarts its processes from fresh instances (their state is lost). */
  recover(n: NodeSlot): void {
    n.crashed = false;
    this.links.connect(n.name);
    this.recorder.change('recover', n.name, undefined);
    for (const i of n.procs) {
      const slot = this.procs[i]!;
      slot.instance = this.instantiate(slot);
    }
  }

  /** A lost message, at send time (network, links) or later (its receiver crashed): counted against its sender and traced. */
  countDrop(from: number, to: number, id: number, msg: Message, why: string, traced?: unknown): void {
    this.procs[from]!.counters.dropped++;
    this.counts.total.dropped++;
    this.counts.forType(msg.type).dropped++;
    if (this.recorder.enabled) this.recorder.setDetail(this.recorder.message('drop', from, to, id, msg, traced), why);
  }

  // ---------------------------------------------------------------- EffectSink

  clock(slotIndex: number): number {
    return this.now * (1 + this.procs[slotIndex]!.node.drift);
  }

  send(from: number, to: number, message: Message, bytes: number): void {
    const slot = this.procs[from]!;
    const dest = this.procs[to]!;
    const id = ++this.msgId;
    if (bytes > this.largest) this.largest = bytes;
    slot.counters.sent++;
    if (this.busiest < 0 || slot.counters.sent > this.procs[this.busiest]!.counters.sent) this.busiest = from;
    slot.counters.bytesSent += bytes;
    this.counts.total.sent++;
    this.counts.total.bytesSent += bytes;
    const tc = this.counts.forType(message.type);
    tc.sent++;
    tc.bytesSent += bytes;
    const traced = this.recorder.enabled ? this.recorder.dataOf(this.recorder.message('send', from, to, id, message)) : undefined;

    if (dest.node === slot.node) {
      this.schedule(dest, 0, from, message, id, bytes, traced, tc);
      return;
    }
    if (dest.node.crashed || !this.links.isUp(slot.node.name, dest.node.name)) {
      this.countDrop(from, to, id, message, dest.node.crashed ? 'receiver node is down' : 'link down', traced);
      return;
    }
    const net = this.net;
    if (this.rng.chance(net.dropRate)) {
      this.countDrop(from, to, id, message, 'network drop', traced);
      return;
    }
    let delivered = message;
    let deliveredTrace = traced;
    if (this.rng.chance(net.corruptRate)) {
      delivered = { type: message.type, data: corruptStrings(message.data, this.rng) };
      slot.counters.corrupted++;
      this.counts.total.corrupted++;
      tc.corrupted++;
      if (this.recorder.enabled) deliveredTrace = this.recorder.dataOf(this.recorder.message('corrupt', from, to, id, delivered));
    }
    const extra = this.delayHook === null ? 0 : this.delayHook(slot.node.name, dest.node.name, this.rng);
    this.schedule(dest, drawDelay(net, this.rng) + extra, from, delivered, id, bytes, deliveredTrace, tc);
    if (this.rng.chance(net.dupRate)) {
      slot.counters.duplicated++;
      this.counts.total.duplicated++;
      tc.duplicated++;
      if (this.recorder.enabled) this.recorder.message('duplicate', from, to, id, delivered, deliveredTrace);
      this.schedule(dest, drawDelay(net, this.rng) + extra, from, cloneJson(delivered), id, bytes, deliveredTrace, tc);
    }
  }

  private schedule(dest: ProcSlot, delay: number, from: number, msg: Message, id: number, bytes: number, traced: unknown, tc: MessageCounters): void {
    const ev = new SimEvent(this.now + delay, this.seq++, DELIVER, dest.index, dest.incarnation, from, msg, '', id, bytes);
    ev.traceData = traced;
    ev.typeCounters = tc;
    this.queue.push(ev);
  }

  sendLocal(from: number, msg: Message): void {
    const slot = this.procs[from]!;
    slot.outbox.push(msg);
    slot.history.push(msg);
    this.localOut++;
  }

  isArmed(slotIndex: number, name: string): boolean {
    return this.procs[slotIndex]!.timers.has(name);
  }

  arm(slotIndex: number, name: string, delay: number): void {
    const slot = this.procs[slotIndex]!;
    const existing = slot.timers.get(name);
    if (existing !== undefined) existing.cancelled = true;
    const ev = new SimEvent(this.now + delay, this.seq++, TIMER, slot.index, slot.incarnation, -1, null, name, 0, 0);
    slot.timers.set(name, ev);
    this.queue.push(ev);
  }

  disarm(slotIndex: number, name: string): void {
    const slot = this.procs[slotIndex]!;
    slot.timers.get(name)!.cancelled = true;
    slot.timers.delete(name);
  }

  random(): number {
    return this.rng.next();
  }

  storageGet(slotIndex: number, key: string): unknown {
    const slot = this.procs[slotIndex]!;
    return slot.unsynced.has(key) ? slot.unsynced.get(key) : slot.disk.get(key);
  }

  storageWrite(slotIndex: number, key: string, value: unknown): void {
    const slot = this.procs[slotIndex]!;
    if (this.loseUnsynced > 0) slot.unsynced.set(key, value);
    else if (value === undefined) slot.disk.delete(key);
    else slot.disk.set(key, value);
  }

  storageSync(slotIndex: number): void {
    const slot = this.procs[slotIndex]!;
    for (const [k, v] of slot.unsynced) {
      if (v === undefined) slot.disk.delete(k);
      else slot.disk.set(k, v);
    }
    slot.unsynced.clear();
  }

  buggify(slotIndex: number, probability: number, site: string | undefined): boolean {
    const hook = this.buggifyHook;
    return hook !== null && hook(this.procs[slotIndex]!.id, probability, this.rng, site);
  }
}
