import { ProcessContext, type ContextHost } from './context.js';
import { StepLimitError, StudentError } from './errors.js';
import { ACTION, DELIVER, EventQueue, SimEvent, TIMER } from './events.js';
import { copyJson, cloneJson } from './json.js';
import { corruptStrings, DEFAULT_NETWORK, drawDelay, LinkTable, makeNetworkConfig, type NetworkConfig } from './network.js';
import { newCounters, type MessageCounters, type NodeSlot, type ProcSlot } from './node.js';
import type { Message, Process, ProcessFactory } from './process.js';
import { MessageStats } from './message-stats.js';
import { Rng } from './rng.js';
import { TraceRecorder } from './trace-recorder.js';
import { Hasher, hashFields, snapshotFields, restoreFields, type ProcessSnapshot, type StateOwner } from './state.js';
import type { BuggifyHook, DelayHook, PendingEvent, SimStats, StepHook, SystemOptions, SystemSnapshot } from './system-types.js';
import type { Trace, TraceEvent, TraceKind } from './trace.js';

export type { SystemOptions, BuggifyHook, StepHook, DelayHook, PendingEvent, SimStats, SystemSnapshot } from './system-types.js';

const DEFAULT_STEP_LIMIT = 1_000_000;

function className(p: Process): string {
  return (p as { constructor?: { name?: string } }).constructor?.name || 'anonymous class';
}

/**
 * A deterministic simulation of processes on nodes connected by an unreliable network.
 * Every random choice comes from one generator seeded with `seed`; the same seed and the
 * same calls give a byte-identical trace.
 */
export class System implements ContextHost {
  readonly seed: number;
  private rng: Rng;
  private net: NetworkConfig;
  private readonly links = new LinkTable();
  private readonly queue = new EventQueue();
  private readonly nodes = new Map<string, NodeSlot>();
  private readonly procs: ProcSlot[] = [];
  private readonly procIndex = new Map<string, ProcSlot>();
  private readonly counts = new MessageStats();
  private now = 0;
  private stepNo = 0;
  private seq = 0;
  private msgId = 0;
  private localIn = 0;
  private largest = 0;
  /** The process that has sent the most network messages (first to reach that count); -1 before any send. */
  private busiest = -1;
  private localOut = 0;
  private readonly recorder: TraceRecorder;
  private readonly recordStates: boolean;
  private readonly stepLimit: number;
  private buggifyHook: BuggifyHook | null = null;
  private delayHook: DelayHook | null = null;
  private stepHooks: StepHook[] = [];

  constructor(options: SystemOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new Error('new System: pass options such as { seed: 1 }');
    }
    this.seed = options.seed;
    this.rng = Rng.fromSeed(options.seed);
    this.net = makeNetworkConfig('new System', DEFAULT_NETWORK, options.network ?? {});
    this.recorder = new TraceRecorder(options.trace ?? true, { step: () => this.stepNo, time: () => this.now });
    this.recordStates = options.recordStates ?? false;
    this.stepLimit = options.stepLimit ?? DEFAULT_STEP_LIMIT;
    if (!(Number.isInteger(this.stepLimit) && this.stepLimit > 0)) {
      throw new Error(`new System: stepLimit must be a positive integer, got ${String(options.stepLimit)}`);
    }
  }

  // ---------------------------------------------------------------- building

  addNode(name: string): void {
    if (typeof name !== 'string' || name === '') throw new Error('addNode: pass a non-empty node name');
    if (this.nodes.has(name)) throw new Error(`addNode: node "${name}" already exists; node names must be unique`);
    this.nodes.set(name, { name, crashed: false, drift: this.drawDrift(), procs: [] });
  }

  addProcess(node: string, id: string, factory: ProcessFactory): void {
    const n = this.nodes.get(node);
    if (n === undefined) throw new Error(`addProcess: unknown node "${node}"; add it with addNode first (nodes: ${this.nodeNames()})`);
    if (typeof id !== 'string' || id === '') throw new Error('addProcess: pass a non-empty process id');
    if (this.procIndex.has(id)) throw new Error(`addProcess: process id "${id}" is already used; process ids must be unique across nodes`);
    if (typeof factory !== 'function') throw new Error(`addProcess: pass a factory function returning a new process instance for "${id}"`);
    const index = this.procs.length;
    const slot: ProcSlot = {
      index,
      id,
      node: n,
      factory,
      className: '',
      instance: null,
      incarnation: 0,
      ctx: new ProcessContext(id, this, index),
      timers: new Map(),
      outbox: [],
      history: [],
      counters: newCounters(),
    };
    slot.instance = this.instantiate(slot);
    this.procs.push(slot);
    this.procIndex.set(id, slot);
    n.procs.push(index);
  }

  private instantiate(slot: ProcSlot): Process {
    let p: Process;
    try {
      p = slot.factory();
    } catch (e) {
      throw new StudentError(slot.id, 'constructor', this.stepNo, e);
    }
    if (typeof p !== 'object' || p === null || typeof p.onMessage !== 'function' || typeof p.onLocalMessage !== 'function' || typeof p.onTimer !== 'function') {
      throw new Error(`addProcess: the factory of "${slot.id}" must return an object with onMessage, onLocalMessage and onTimer methods`);
    }
    slot.className = className(p);
    return p;
  }

  // ---------------------------------------------------------------- network control

  setNetwork(patch: Partial<NetworkConfig>): void {
    const old = this.net;
    this.net = makeNetworkConfig('setNetwork', this.net, patch);
    if (this.net.maxDrift !== old.maxDrift) for (const n of this.nodes.values()) n.drift = this.drawDrift();
    this.recorder.change('network', undefined, `config ${JSON.stringify(patch)}`);
  }

  network(): Readonly<NetworkConfig> {
    return this.net;
  }

  disableLink(from: string, to: string): void {
    this.node('disableLink', from);
    this.node('disableLink', to);
    this.links.disable(from, to);
    this.recorder.change('network', from, `link ${from} -> ${to} disabled`);
  }

  enableLink(from: string, to: string): void {
    this.node('enableLink', from);
    this.node('enableLink', to);
    this.links.enable(from, to);
    this.recorder.change('network', from, `link ${from} -> ${to} enabled`);
  }

  disconnectNode(node: string): void {
    this.node('disconnectNode', node);
    this.links.disconnect(node);
    this.recorder.change('network', node, `node ${node} disconnected`);
  }

  connectNode(node: string): void {
    this.node('connectNode', node);
    this.links.connect(node);
    this.recorder.change('network', node, `node ${node} connected`);
  }

  /** Disables every link between the two groups, both ways. */
  makePartition(groupA: readonly string[], groupB: readonly string[]): void {
    if (!Array.isArray(groupA) || !Array.isArray(groupB)) throw new Error('makePartition: pass two arrays of node names');
    for (const a of groupA) this.node('makePartition', a);
    for (const b of groupB) this.node('makePartition', b);
    const overlap = groupA.filter((a) => groupB.includes(a));
    if (overlap.length > 0) throw new Error(`makePartition: node(s) ${overlap.join(', ')} appear in both groups`);
    for (const a of groupA) {
      for (const b of groupB) {
        this.links.disable(a, b);
        this.links.disable(b, a);
      }
    }
    this.recorder.change('network', undefined, `partition [${groupA.join(', ')}] | [${groupB.join(', ')}]`);
  }

  /** Enables every link and reconnects every node that is not crashed. */
  resetNetwork(): void {
    this.links.reset();
    for (const n of this.nodes.values()) if (n.crashed) this.links.disconnect(n.name);
    this.recorder.change('network', undefined, 'network reset');
  }

  // ---------------------------------------------------------------- faults

  /** Stops the node's processes, drops their timers and pending deliveries to them, disconnects it. */
  crashNode(node: string): void {
    const n = this.node('crashNode', node);
    if (n.crashed) throw new Error(`crashNode: node "${node}" is already crashed; recover it first`);
    n.crashed = true;
    this.links.disconnect(node);
    this.recorder.change('crash', node, undefined);
    const targets = new Set(n.procs);
    for (const ev of this.queue.ordered()) {
      if (ev.cancelled || !targets.has(ev.target)) continue;
      ev.cancelled = true;
      if (ev.kind === DELIVER) this.countDrop(ev.from, this.procs[ev.target]!.id, ev.msgId, ev.msg!, 'receiver crashed');
    }
    for (const i of n.procs) {
      const slot = this.procs[i]!;
      slot.incarnation++;
      slot.timers.clear();
      slot.instance = null;
    }
  }

  /** Reconnects the node and restarts its processes from fresh instances (their state is lost). */
  recoverNode(node: string): void {
    const n = this.node('recoverNode', node);
    if (!n.crashed) throw new Error(`recoverNode: node "${node}" is not crashed`);
    n.crashed = false;
    this.links.connect(node);
    this.recorder.change('recover', node, undefined);
    for (const i of n.procs) {
      const slot = this.procs[i]!;
      slot.ctx = new ProcessContext(slot.id, this, slot.index);
      slot.instance = this.instantiate(slot);
    }
  }

  // ---------------------------------------------------------------- hooks

  /** Installs (or with null removes) the decision procedure of ctx.buggify. Without one, buggify is always false. */
  setBuggify(hook: BuggifyHook | null): void {
    this.buggifyHook = hook;
  }

  /** Installs (or with null removes) a source of extra network delay per message. */
  setDelayHook(hook: DelayHook | null): void {
    this.delayHook = hook;
  }

  /**
   * Runs `action` as a step of its own `delay` seconds from now, in (time, sequence) order with
   * the processes' events. Used for chaos faults. Scheduled actions are not part of snapshots.
   */
  scheduleAction(delay: number, action: () => void): void {
    if (!(Number.isFinite(delay) && delay >= 0)) throw new Error(`scheduleAction: delay must be a finite number >= 0, got ${String(delay)}`);
    if (typeof action !== 'function') throw new Error('scheduleAction: pass a function to run');
    this.queue.push(new SimEvent(this.now + delay, this.seq++, ACTION, -1, 0, '', null, '', 0, 0, action));
  }

  /** Adds an observer run after every step. */
  addStepHook(hook: StepHook): void {
    this.stepHooks.push(hook);
  }

  /** The simulation's random source, for layers (chaos, sandbox) that must draw from the same seed. */
  random(): Rng {
    return this.rng;
  }

  // ---------------------------------------------------------------- local messages

  /** Delivers a message from the outside world to a process's onLocalMessage, immediately. */
  sendLocalMessage(proc: string, msg: Message): void {
    const slot = this.proc('sendLocalMessage', proc);
    if (typeof msg !== 'object' || msg === null || typeof msg.type !== 'string') {
      throw new Error('sendLocalMessage: pass a message object { type: string, data: <JSON value> }');
    }
    const copy: Message = { type: msg.type, data: copyJson(msg.data, 'sendLocalMessage').copy };
    this.stepNo++;
    this.localIn++;
    const rec = this.recorder.enabled ? this.recorder.event('local-in', slot.id, copy.type, cloneJson(copy.data)) : null;
    if (slot.instance === null) {
      if (rec !== null) rec.detail = 'node crashed; message ignored';
      return;
    }
    try {
      slot.instance.onLocalMessage(copy, slot.ctx);
    } catch (e) {
      throw new StudentError(slot.id, 'onLocalMessage', this.stepNo, e);
    }
    this.afterStep(slot, rec);
  }

  /** Returns and clears the local messages a process has sent to its user. */
  readLocalMessages(proc: string): Message[] {
    const slot = this.proc('readLocalMessages', proc);
    const out = slot.outbox;
    slot.outbox = [];
    return out;
  }

  /** Every local message the process has sent in this run, read or not (copies). */
  localMessageHistory(proc: string): Message[] {
    return this.proc('localMessageHistory', proc).history.map((m) => cloneJson(m));
  }

  /** Local messages a process has sent and nobody has read yet, without clearing them. */
  peekLocalMessages(proc: string): readonly Message[] {
    return this.proc('peekLocalMessages', proc).outbox;
  }

  // ---------------------------------------------------------------- stepping

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
        for (let i = 0; i < this.stepHooks.length; i++) this.stepHooks[i]!(this);
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

  /** Processes up to n events; returns how many were processed. */
  steps(n: number): number {
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`steps: pass a non-negative integer, got ${String(n)}`);
    let done = 0;
    while (done < n && this.step()) done++;
    return done;
  }

  stepUntilNoEvents(limit = this.stepLimit): number {
    let done = 0;
    while (this.step()) {
      if (++done >= limit && this.hasEvents()) throw new StepLimitError('stepUntilNoEvents', limit);
    }
    return done;
  }

  /** Steps until the process has sent a local message; returns (and clears) its local messages. */
  stepUntilLocalMessage(proc: string, limit = this.stepLimit): Message[] {
    const slot = this.proc('stepUntilLocalMessage', proc);
    let done = 0;
    while (slot.outbox.length === 0) {
      if (!this.step()) {
        throw new Error(`stepUntilLocalMessage: no events left and process "${proc}" has sent no local message`);
      }
      if (++done >= limit && slot.outbox.length === 0) throw new StepLimitError('stepUntilLocalMessage', limit);
    }
    return this.readLocalMessages(proc);
  }

  /** Processes every event due within the next `duration` seconds, then advances the clock to the end. */
  stepForDuration(duration: number, limit = this.stepLimit): number {
    if (!(Number.isFinite(duration) && duration >= 0)) {
      throw new Error(`stepForDuration: duration must be a finite number of seconds >= 0, got ${String(duration)}`);
    }
    const end = this.now + duration;
    let done = 0;
    for (;;) {
      const next = this.nextLiveEvent();
      if (next === undefined || next.time > end) break;
      if (done >= limit) throw new StepLimitError('stepForDuration', limit);
      this.step();
      done++;
    }
    this.now = end;
    return done;
  }

  private nextLiveEvent(): SimEvent | undefined {
    for (;;) {
      const ev = this.queue.peek();
      if (ev === undefined) return undefined;
      if (this.isLive(ev)) return ev;
      this.queue.pop();
    }
  }

  private isLive(ev: SimEvent): boolean {
    if (ev.cancelled) return false;
    if (ev.kind === ACTION) return true;
    const slot = this.procs[ev.target]!;
    return ev.incarnation === slot.incarnation && slot.instance !== null;
  }

  /** True while deliveries or timers are pending (scheduled harness actions do not count). */
  hasProcessEvents(): boolean {
    return this.queue.all().some((ev) => ev.kind !== ACTION && this.isLive(ev));
  }

  hasEvents(): boolean {
    return this.nextLiveEvent() !== undefined;
  }

  private deliver(slot: ProcSlot, ev: SimEvent): void {
    const msg = ev.msg!;
    slot.counters.delivered++;
    this.counts.total.delivered++;
    this.counts.forType(msg.type).delivered++;
    const rec = this.recorder.enabled ? this.recorder.message('deliver', ev.from, slot.id, ev.msgId, msg) : null;
    try {
      slot.instance!.onMessage(msg, ev.from, slot.ctx);
    } catch (e) {
      throw new StudentError(slot.id, 'onMessage', this.stepNo, e);
    }
    this.afterStep(slot, rec);
  }

  private fire(slot: ProcSlot, ev: SimEvent): void {
    slot.timers.delete(ev.timer);
    let rec: TraceEvent | null = null;
    if (this.recorder.enabled) {
      rec = this.recorder.event('timer-fire', slot.id, undefined, undefined);
      rec.timer = ev.timer;
    }
    try {
      slot.instance!.onTimer(ev.timer, slot.ctx);
    } catch (e) {
      throw new StudentError(slot.id, 'onTimer', this.stepNo, e);
    }
    this.afterStep(slot, rec);
  }

  private afterStep(slot: ProcSlot, rec: TraceEvent | null): void {
    if (rec !== null && this.recordStates && slot.instance !== null) rec.state = snapshotFields(slot.instance, this.owner(slot));
    for (let i = 0; i < this.stepHooks.length; i++) this.stepHooks[i]!(this);
  }

  // ---------------------------------------------------------------- ContextHost

  ctxTime(slotIndex: number): number {
    const slot = this.procs[slotIndex]!;
    return this.now * (1 + slot.node.drift);
  }

  ctxSend(slotIndex: number, msg: Message, to: string): void {
    const slot = this.procs[slotIndex]!;
    const dest = this.procIndex.get(to);
    if (dest === undefined) {
      throw new Error(`ctx.send: unknown process "${to}"; processes are: ${[...this.procIndex.keys()].join(', ')}`);
    }
    const { copy, bytes: dataBytes } = copyJson(msg.data, 'ctx.send');
    const message: Message = { type: msg.type, data: copy };
    const bytes = dataBytes + msg.type.length + 19; // {"type":"","data":}
    const id = ++this.msgId;
    if (bytes > this.largest) this.largest = bytes;
    slot.counters.sent++;
    if (this.busiest < 0 || slot.counters.sent > this.procs[this.busiest]!.counters.sent) this.busiest = slot.index;
    slot.counters.bytesSent += bytes;
    this.counts.total.sent++;
    this.counts.total.bytesSent += bytes;
    const tc = this.counts.forType(msg.type);
    tc.sent++;
    tc.bytesSent += bytes;
    if (this.recorder.enabled) this.recorder.message('send', slot.id, to, id, message);

    if (dest.node === slot.node) {
      this.schedule(dest, 0, slot.id, message, id, bytes);
      return;
    }
    if (dest.node.crashed || !this.links.isUp(slot.node.name, dest.node.name)) {
      this.countDrop(slot.id, to, id, message, dest.node.crashed ? 'receiver node is down' : 'link down');
      return;
    }
    const net = this.net;
    if (this.rng.chance(net.dropRate)) {
      this.countDrop(slot.id, to, id, message, 'network drop');
      return;
    }
    let delivered = message;
    if (this.rng.chance(net.corruptRate)) {
      delivered = { type: message.type, data: corruptStrings(message.data, this.rng) };
      slot.counters.corrupted++;
      this.counts.total.corrupted++;
      tc.corrupted++;
      if (this.recorder.enabled) this.recorder.message('corrupt', slot.id, to, id, delivered);
    }
    const extra = this.delayHook === null ? 0 : this.delayHook(slot.node.name, dest.node.name, this.rng);
    this.schedule(dest, drawDelay(net, this.rng) + extra, slot.id, delivered, id, bytes);
    if (this.rng.chance(net.dupRate)) {
      slot.counters.duplicated++;
      this.counts.total.duplicated++;
      tc.duplicated++;
      if (this.recorder.enabled) this.recorder.message('duplicate', slot.id, to, id, delivered);
      this.schedule(dest, drawDelay(net, this.rng) + extra, slot.id, cloneJson(delivered), id, bytes);
    }
  }

  private schedule(dest: ProcSlot, delay: number, from: string, msg: Message, id: number, bytes: number): void {
    this.queue.push(new SimEvent(this.now + delay, this.seq++, DELIVER, dest.index, dest.incarnation, from, msg, '', id, bytes));
  }

  ctxSendLocal(slotIndex: number, msg: Message): void {
    const slot = this.procs[slotIndex]!;
    const copy: Message = { type: msg.type, data: copyJson(msg.data, 'ctx.sendLocal').copy };
    slot.outbox.push(copy);
    slot.history.push(copy);
    this.localOut++;
    if (this.recorder.enabled) this.recorder.event('local-out', slot.id, copy.type, cloneJson(copy.data));
  }

  ctxSetTimer(slotIndex: number, name: string, delay: number, once: boolean): void {
    const slot = this.procs[slotIndex]!;
    const existing = slot.timers.get(name);
    if (existing !== undefined) {
      if (once) return;
      existing.cancelled = true;
    }
    const ev = new SimEvent(this.now + delay, this.seq++, TIMER, slot.index, slot.incarnation, '', null, name, 0, 0);
    slot.timers.set(name, ev);
    this.queue.push(ev);
    if (this.recorder.enabled) {
      const rec = this.recorder.event('timer-set', slot.id, undefined, undefined);
      rec.timer = name;
      rec.delay = delay;
    }
  }

  ctxCancelTimer(slotIndex: number, name: string): void {
    const slot = this.procs[slotIndex]!;
    const existing = slot.timers.get(name);
    if (existing === undefined) return;
    existing.cancelled = true;
    slot.timers.delete(name);
    if (this.recorder.enabled) this.recorder.event('timer-cancel', slot.id, undefined, undefined).timer = name;
  }

  ctxRandom(): number {
    return this.rng.next();
  }

  ctxBuggify(slotIndex: number, probability: number): boolean {
    const hook = this.buggifyHook;
    return hook !== null && hook(this.procs[slotIndex]!.id, probability, this.rng);
  }

  // ---------------------------------------------------------------- inspection

  time(): number {
    return this.now;
  }

  stepCount(): number {
    return this.stepNo;
  }

  processIds(): string[] {
    return this.procs.map((p) => p.id);
  }

  nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  nodeOf(proc: string): string {
    return this.proc('nodeOf', proc).node.name;
  }

  isCrashed(node: string): boolean {
    return this.node('isCrashed', node).crashed;
  }

  /** A copy of the process's fields; null while its node is crashed. */
  processState(proc: string): ProcessSnapshot | null {
    const slot = this.proc('processState', proc);
    return slot.instance === null ? null : snapshotFields(slot.instance, this.owner(slot));
  }

  /** The live process instance (for checks that call its methods); null while crashed. */
  processInstance(proc: string): Process | null {
    return this.proc('processInstance', proc).instance;
  }

  /** The 64-bit canonical hash of a process's fields (0 while crashed). */
  processHash(proc: string): bigint {
    const slot = this.proc('processHash', proc);
    return slot.instance === null ? 0n : hashFields(slot.instance, this.owner(slot)).value();
  }

  /** Pending deliveries and timers in the order the simulator would process them. */
  pendingEvents(): PendingEvent[] {
    const out: PendingEvent[] = [];
    for (const ev of this.queue.ordered()) {
      if (ev.kind === ACTION || !this.isLive(ev)) continue;
      const slot = this.procs[ev.target]!;
      if (ev.kind === DELIVER) {
        out.push({ kind: 'deliver', time: ev.time, to: slot.id, from: ev.from, id: ev.msgId, type: ev.msg!.type, data: cloneJson(ev.msg!.data) });
      } else {
        out.push({ kind: 'timer', time: ev.time, to: slot.id, timer: ev.timer });
      }
    }
    return out;
  }

  /** Names of the process's armed timers. */
  activeTimers(proc: string): string[] {
    return [...this.proc('activeTimers', proc).timers.keys()];
  }

  /** Network messages sent so far, in total or by one process; cheap enough to call after every step. */
  messagesSent(proc?: string): number {
    return proc === undefined ? this.counts.total.sent : this.proc('messagesSent', proc).counters.sent;
  }

  /** The most network messages sent by any one process, and which; kept up to date at each send, so limits can read it after every step. */
  busiestSender(): { proc: string; sent: number } {
    if (this.busiest < 0) return { proc: '', sent: 0 };
    const p = this.procs[this.busiest]!;
    return { proc: p.id, sent: p.counters.sent };
  }

  /** Size in bytes of the largest network message sent so far. */
  largestMessage(): number {
    return this.largest;
  }

  stats(): SimStats {
    const byProcess: Record<string, MessageCounters> = {};
    for (const p of this.procs) byProcess[p.id] = { ...p.counters };
    return { steps: this.stepNo, time: this.now, total: { ...this.counts.total }, byProcess, byType: this.counts.typeTable(), localIn: this.localIn, localOut: this.localOut };
  }

  trace(): Trace {
    return { seed: this.seed, events: this.recorder.events.slice() };
  }

  /** Number of trace records so far; with `traceSince`, lets a caller read only what is new. */
  traceLength(): number {
    return this.recorder.events.length;
  }

  traceSince(index: number): TraceEvent[] {
    return this.recorder.events.slice(index);
  }

  /** Adds a record written by a higher layer (a check outcome, an assertion). */
  note(kind: TraceKind, detail: string, proc?: string): void {
    if (!this.recorder.enabled) return;
    const rec = this.recorder.event(kind, proc, undefined, undefined);
    rec.detail = detail;
  }

  // ---------------------------------------------------------------- whole-system state

  snapshot(): SystemSnapshot {
    return {
      time: this.now,
      step: this.stepNo,
      seq: this.seq,
      msgId: this.msgId,
      rng: this.rng.getState(),
      network: { ...this.net },
      links: this.links.describe(),
      nodes: [...this.nodes.values()].map((n) => ({ name: n.name, crashed: n.crashed, drift: n.drift })),
      procs: this.procs.map((p) => ({
        id: p.id,
        incarnation: p.incarnation,
        fields: p.instance === null ? null : snapshotFields(p.instance, this.owner(p)),
        timers: [...p.timers.keys()],
        outbox: p.outbox.map((m) => cloneJson(m)),
      })),
      events: this.queue
        .ordered()
        .filter((ev) => ev.kind !== ACTION && this.isLive(ev))
        .map((ev) => ({
          time: ev.time,
          seq: ev.seq,
          kind: ev.kind === DELIVER ? ('deliver' as const) : ('timer' as const),
          to: this.procs[ev.target]!.id,
          incarnation: ev.incarnation,
          from: ev.from,
          msg: ev.msg === null ? null : cloneJson(ev.msg),
          timer: ev.timer,
          id: ev.msgId,
          bytes: ev.bytes,
        })),
    };
  }

  /** Puts processes, clock, network, random state and pending events back as they were at `snap`. Counters and trace are kept. */
  restore(snap: SystemSnapshot): void {
    if (snap.procs.length !== this.procs.length || snap.procs.some((p, i) => p.id !== this.procs[i]!.id)) {
      throw new Error('restore: the snapshot was taken of a system with different processes');
    }
    this.now = snap.time;
    this.stepNo = snap.step;
    this.seq = snap.seq;
    this.msgId = snap.msgId;
    this.rng = Rng.fromState(snap.rng);
    this.net = { ...snap.network };
    this.links.reset();
    for (const [a, b] of snap.links.disabled) this.links.disable(a!, b!);
    for (const n of snap.links.disconnected) this.links.disconnect(n);
    for (const n of snap.nodes) {
      const slot = this.node('restore', n.name);
      slot.crashed = n.crashed;
      slot.drift = n.drift;
    }
    this.queue.clear();
    snap.procs.forEach((p, i) => {
      const slot = this.procs[i]!;
      slot.incarnation = p.incarnation;
      slot.timers.clear();
      slot.outbox = p.outbox.map((m) => cloneJson(m));
      if (p.fields === null) {
        slot.instance = null;
      } else {
        if (slot.instance === null) {
          slot.ctx = new ProcessContext(slot.id, this, slot.index);
          slot.instance = this.instantiate(slot);
        }
        restoreFields(slot.instance, p.fields, this.owner(slot));
      }
    });
    for (const e of snap.events) {
      const slot = this.procIndex.get(e.to)!;
      const ev = new SimEvent(e.time, e.seq, e.kind === 'deliver' ? DELIVER : TIMER, slot.index, e.incarnation, e.from, e.msg === null ? null : cloneJson(e.msg), e.timer, e.id, e.bytes);
      if (ev.kind === TIMER) slot.timers.set(ev.timer, ev);
      this.queue.push(ev);
    }
  }

  /** A 64-bit hash of the whole state: process fields, node status, network, pending events (as a multiset). */
  stateHash(): bigint {
    const h = new Hasher();
    for (const p of this.procs) {
      h.str(p.id);
      if (p.instance === null) h.int(0);
      else hashFields(p.instance, this.owner(p), h);
    }
    for (const n of this.nodes.values()) h.int(n.crashed ? 1 : 0);
    h.str(JSON.stringify(this.links.describe()));
    let sum1 = 0;
    let sum2 = 0;
    for (const ev of this.queue.all()) {
      if (ev.kind === ACTION || !this.isLive(ev)) continue;
      const e = new Hasher();
      e.int(ev.kind);
      e.int(ev.target);
      e.str(ev.from);
      e.str(ev.timer);
      if (ev.msg !== null) e.str(JSON.stringify(ev.msg));
      sum1 = (sum1 + e.h1) | 0;
      sum2 = (sum2 + e.h2) | 0;
    }
    h.int(sum1);
    h.int(sum2);
    return h.value();
  }

  // ---------------------------------------------------------------- internals

  private owner(slot: ProcSlot): StateOwner {
    return { proc: slot.id, className: slot.className };
  }

  private node(where: string, name: string): NodeSlot {
    const n = this.nodes.get(name);
    if (n === undefined) throw new Error(`${where}: unknown node "${name}"; nodes are: ${this.nodeNames().join(', ')}`);
    return n;
  }

  private proc(where: string, id: string): ProcSlot {
    const p = this.procIndex.get(id);
    if (p === undefined) throw new Error(`${where}: unknown process "${id}"; processes are: ${this.processIds().join(', ')}`);
    return p;
  }

  private drawDrift(): number {
    return this.net.maxDrift > 0 ? (this.rng.next() * 2 - 1) * this.net.maxDrift : 0;
  }

  /** A lost message, at send time (network, links) or later (its receiver crashed): counted against its sender and traced. */
  private countDrop(from: string, to: string, id: number, msg: Message, why: string): void {
    const sender = this.procIndex.get(from);
    if (sender !== undefined) sender.counters.dropped++;
    this.counts.total.dropped++;
    this.counts.forType(msg.type).dropped++;
    if (this.recorder.enabled) this.recorder.message('drop', from, to, id, msg).detail = why;
  }
}
