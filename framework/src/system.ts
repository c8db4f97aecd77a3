import { Topology } from './engine/index.js';
import { StepLimitError } from './errors.js';
import { ACTION, DELIVER } from './events.js';
import { copyJson, cloneJson } from './json.js';
import { DEFAULT_NETWORK, makeNetworkConfig, type NetworkConfig } from './network.js';
import { newCounters, type MessageCounters, type NodeSlot, type ProcSlot } from './node.js';
import type { Message, Process, ProcessFactory } from './process.js';
import { Rng } from './rng.js';
import { hashFields, type ProcessSnapshot } from './state.js';
import { restoreSnapshot, SimWorld, stateHash, takeSnapshot } from './sim/index.js';
import type { BuggifyHook, DelayHook, PendingEvent, SimStats, StepHook, SystemOptions, SystemSnapshot } from './system-types.js';
import type { Trace, TraceEvent, TraceKind } from './trace.js';

export type { SystemOptions, BuggifyHook, StepHook, DelayHook, PendingEvent, SimStats, SystemSnapshot } from './system-types.js';

const DEFAULT_STEP_LIMIT = 1_000_000;

/**
 * A deterministic simulation of processes on nodes connected by an unreliable network.
 * Every random choice comes from one generator seeded with `seed`; the same seed and the
 * same calls give a byte-identical trace. This is the public face (build, control, step,
 * inspect); `sim/sim-world.ts` is the driver that processes events.
 */
export class System {
  readonly seed: number;
  private readonly topology = new Topology();
  private readonly w: SimWorld;
  private readonly stepLimit: number;

  constructor(options: SystemOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new Error('new System: pass options such as { seed: 1 }');
    }
    this.seed = options.seed;
    const net = makeNetworkConfig('new System', DEFAULT_NETWORK, options.network ?? {});
    this.w = new SimWorld(this.topology, Rng.fromSeed(options.seed), net, options.trace ?? true, options.recordStates ?? false);
    this.stepLimit = options.stepLimit ?? DEFAULT_STEP_LIMIT;
    if (!(Number.isInteger(this.stepLimit) && this.stepLimit > 0)) {
      throw new Error(`new System: stepLimit must be a positive integer, got ${String(options.stepLimit)}`);
    }
  }

  // ---------------------------------------------------------------- building

  addNode(name: string): void {
    if (typeof name !== 'string' || name === '') throw new Error('addNode: pass a non-empty node name');
    if (this.w.nodes.has(name)) throw new Error(`addNode: node "${name}" already exists; node names must be unique`);
    this.topology.addNode(name);
    this.w.nodes.set(name, { name, crashed: false, drift: this.drawDrift(), procs: [] });
  }

  addProcess(node: string, id: string, factory: ProcessFactory): void {
    const n = this.w.nodes.get(node);
    if (n === undefined) throw new Error(`addProcess: unknown node "${node}"; add it with addNode first (nodes: ${this.nodeNames()})`);
    if (typeof id !== 'string' || id === '') throw new Error('addProcess: pass a non-empty process id');
    if (this.topology.indexOf(id) >= 0) throw new Error(`addProcess: process id "${id}" is already used; process ids must be unique across nodes`);
    if (typeof factory !== 'function') throw new Error(`addProcess: pass a factory function returning a new process instance for "${id}"`);
    const index = this.topology.addProcess(this.topology.node('addProcess', node), id, factory);
    const slot: ProcSlot = { index, id, node: n, factory, className: '', instance: null, incarnation: 0, timers: new Map(), outbox: [], history: [], counters: newCounters(), timerFires: 0, disk: new Map(), unsynced: new Map() };
    this.w.procs.push(slot);
    n.procs.push(index);
    this.w.processesChanged();
    try {
      slot.instance = this.w.instantiate(slot);
    } catch (e) {
      // A process whose constructor fails was never added.
      this.w.procs.pop();
      n.procs.pop();
      this.topology.removeLast();
      this.w.processesChanged();
      throw e;
    }
  }

  // ---------------------------------------------------------------- network control

  setNetwork(patch: Partial<NetworkConfig>): void {
    const old = this.w.net;
    this.w.net = makeNetworkConfig('setNetwork', old, patch);
    if (this.w.net.maxDrift !== old.maxDrift) for (const n of this.w.nodes.values()) n.drift = this.drawDrift();
    this.w.recorder.change('network', undefined, `config ${JSON.stringify(patch)}`);
  }

  network(): Readonly<NetworkConfig> {
    return this.w.net;
  }

  disableLink(from: string, to: string): void {
    this.node('disableLink', from);
    this.node('disableLink', to);
    this.w.links.disable(from, to);
    this.w.recorder.change('network', from, `link ${from} -> ${to} disabled`);
  }

  enableLink(from: string, to: string): void {
    this.node('enableLink', from);
    this.node('enableLink', to);
    this.w.links.enable(from, to);
    this.w.recorder.change('network', from, `link ${from} -> ${to} enabled`);
  }

  disconnectNode(node: string): void {
    this.node('disconnectNode', node);
    this.w.links.disconnect(node);
    this.w.recorder.change('network', node, `node ${node} disconnected`);
  }

  connectNode(node: string): void {
    this.node('connectNode', node);
    this.w.links.connect(node);
    this.w.recorder.change('network', node, `node ${node} connected`);
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
        this.w.links.disable(a, b);
        this.w.links.disable(b, a);
      }
    }
    this.w.recorder.change('network', undefined, `partition [${groupA.join(', ')}] | [${groupB.join(', ')}]`);
  }

  /** Enables every link and reconnects every node that is not crashed. */
  resetNetwork(): void {
    this.w.links.reset();
    for (const n of this.w.nodes.values()) if (n.crashed) this.w.links.disconnect(n.name);
    this.w.recorder.change('network', undefined, 'network reset');
  }

  // ---------------------------------------------------------------- faults

  /** Stops the node's processes, drops their timers and pending deliveries to them, disconnects it. */
  crashNode(node: string): void {
    const n = this.node('crashNode', node);
    if (n.crashed) throw new Error(`crashNode: node "${node}" is already crashed; recover it first`);
    this.w.crash(n);
  }

  /** Reconnects the node and restarts its processes from fresh instances (their state is lost). */
  recoverNode(node: string): void {
    const n = this.node('recoverNode', node);
    if (!n.crashed) throw new Error(`recoverNode: node "${node}" is not crashed`);
    this.w.recover(n);
  }

  /**
   * Storage faults: with `loseUnsynced` = p, a crash loses, with probability p, the writes a
   * process made since its last `ctx.storage.sync()`. Default 0: every write is durable at once.
   */
  setStorageFaults(faults: { loseUnsynced?: number }): void {
    const p = faults?.loseUnsynced ?? 0;
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new Error(`setStorageFaults: loseUnsynced must be a probability in [0, 1], got ${String(p)}`);
    this.w.loseUnsynced = p;
  }

  // ---------------------------------------------------------------- hooks

  /** Installs (or with null removes) the decision procedure of ctx.buggify. Without one, buggify is always false. */
  setBuggify(hook: BuggifyHook | null): void {
    this.w.buggifyHook = hook;
  }

  /** Installs (or with null removes) a source of extra network delay per message. */
  setDelayHook(hook: DelayHook | null): void {
    this.w.delayHook = hook;
  }

  /**
   * Runs `action` as a step of its own `delay` seconds from now, in (time, sequence) order with
   * the processes' events. Used for chaos faults. Scheduled actions are not part of snapshots.
   */
  scheduleAction(delay: number, action: () => void): void {
    if (!(Number.isFinite(delay) && delay >= 0)) throw new Error(`scheduleAction: delay must be a finite number >= 0, got ${String(delay)}`);
    if (typeof action !== 'function') throw new Error('scheduleAction: pass a function to run');
    this.w.scheduleAction(delay, action);
  }

  /** Adds an observer run after every step. */
  addStepHook(hook: StepHook): void {
    this.w.stepHooks.push(() => hook(this));
  }

  /** The simulation's random source, for layers (chaos, sandbox) that must draw from the same seed. */
  random(): Rng {
    return this.w.rng;
  }

  // ---------------------------------------------------------------- local messages

  /** Delivers a message from the outside world to a process's onLocalMessage, immediately. */
  sendLocalMessage(proc: string, msg: Message): void {
    const slot = this.proc('sendLocalMessage', proc);
    if (typeof msg !== 'object' || msg === null || typeof msg.type !== 'string') {
      throw new Error('sendLocalMessage: pass a message object { type: string, data: <JSON value> }');
    }
    this.w.localMessage(slot, { type: msg.type, data: copyJson(msg.data, 'sendLocalMessage').copy });
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
    return this.w.step();
  }

  /** Processes up to n events; returns how many were processed. */
  steps(n: number): number {
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`steps: pass a non-negative integer, got ${String(n)}`);
    let done = 0;
    while (done < n && this.w.step()) done++;
    return done;
  }

  stepUntilNoEvents(limit = this.stepLimit): number {
    let done = 0;
    while (this.w.step()) {
      if (++done >= limit && this.hasEvents()) throw new StepLimitError('stepUntilNoEvents', limit);
    }
    return done;
  }

  /** Steps until the process has sent a local message; returns (and clears) its local messages. */
  stepUntilLocalMessage(proc: string, limit = this.stepLimit): Message[] {
    const slot = this.proc('stepUntilLocalMessage', proc);
    let done = 0;
    while (slot.outbox.length === 0) {
      if (!this.w.step()) {
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
    const end = this.w.now + duration;
    let done = 0;
    for (;;) {
      const next = this.w.nextLiveEvent();
      if (next === undefined || next.time > end) break;
      if (done >= limit) throw new StepLimitError('stepForDuration', limit);
      this.w.step();
      done++;
    }
    this.w.now = end;
    return done;
  }

  /** True while deliveries or timers are pending (scheduled harness actions do not count). */
  hasProcessEvents(): boolean {
    return this.w.queue.all().some((ev) => ev.kind !== ACTION && this.w.isLive(ev));
  }

  hasEvents(): boolean {
    return this.w.nextLiveEvent() !== undefined;
  }

  // ---------------------------------------------------------------- inspection

  time(): number {
    return this.w.now;
  }

  stepCount(): number {
    return this.w.stepNo;
  }

  processIds(): string[] {
    return this.topology.ids.slice();
  }

  nodeNames(): string[] {
    return this.topology.nodes.slice();
  }

  nodeOf(proc: string): string {
    return this.proc('nodeOf', proc).node.name;
  }

  isCrashed(node: string): boolean {
    return this.node('isCrashed', node).crashed;
  }

  /**
   * A copy of the process's fields; null while its node is crashed. Within one step every call
   * returns the same copy (read it, do not change it): the invariants checked after each step
   * read every process's state, and copying it once per step instead of once per invariant
   * was most of a long test's time; a traced run's record of the step is that copy too. A
   * step, a crash or recovery (a new instance), `restore` and `processInstance` (whose caller
   * may change the instance) make the next call copy afresh.
   */
  processState(proc: string): ProcessSnapshot | null {
    const slot = this.proc('processState', proc);
    return slot.instance === null ? null : this.w.stateCopy(slot, slot.instance);
  }

  /** A copy of the process's durable storage (unsynced writes included), key by key; kept while crashed. */
  processStorage(proc: string): Record<string, unknown> {
    const slot = this.proc('processStorage', proc);
    const out: Record<string, unknown> = {};
    for (const [k, v] of slot.disk) out[k] = cloneJson(v);
    for (const [k, v] of slot.unsynced) {
      if (v === undefined) delete out[k];
      else out[k] = cloneJson(v);
    }
    return out;
  }

  /** The live process instance (for checks that call its methods); null while crashed. */
  processInstance(proc: string): Process | null {
    this.w.forgetStateCopies();
    return this.proc('processInstance', proc).instance;
  }

  /** The 64-bit canonical hash of a process's fields (0 while crashed). */
  processHash(proc: string): bigint {
    const slot = this.proc('processHash', proc);
    return slot.instance === null ? 0n : hashFields(slot.instance, this.w.owner(slot)).value();
  }

  /** Pending deliveries and timers in the order the simulator would process them. */
  pendingEvents(): PendingEvent[] {
    const out: PendingEvent[] = [];
    for (const ev of this.w.queue.ordered()) {
      if (ev.kind === ACTION || !this.w.isLive(ev)) continue;
      const slot = this.w.procs[ev.target]!;
      if (ev.kind === DELIVER) {
        out.push({ kind: 'deliver', time: ev.time, to: slot.id, from: this.w.procs[ev.from]!.id, id: ev.msgId, type: ev.msg!.type, data: cloneJson(ev.msg!.data) });
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
    return proc === undefined ? this.w.counts.total.sent : this.proc('messagesSent', proc).counters.sent;
  }

  /** The most network messages sent by any one process, and which; kept up to date at each send, so limits can read it after every step. */
  busiestSender(): { proc: string; sent: number } {
    if (this.w.busiest < 0) return { proc: '', sent: 0 };
    const p = this.w.procs[this.w.busiest]!;
    return { proc: p.id, sent: p.counters.sent };
  }

  /** Size in bytes of the largest network message sent so far. */
  largestMessage(): number {
    return this.w.largest;
  }

  stats(): SimStats {
    const byProcess: Record<string, MessageCounters> = {};
    const timerFires: Record<string, number> = {};
    for (const p of this.w.procs) {
      byProcess[p.id] = { ...p.counters };
      timerFires[p.id] = p.timerFires;
    }
    const w = this.w;
    return { steps: w.stepNo, time: w.now, total: { ...w.counts.total }, byProcess, byType: w.counts.typeTable(), timerFires, localIn: w.localIn, localOut: w.localOut };
  }

  trace(): Trace {
    return { seed: this.seed, events: this.w.recorder.events.slice() };
  }

  /** Number of trace records so far; with `traceSince`, lets a caller read only what is new. */
  traceLength(): number {
    return this.w.recorder.length;
  }

  traceSince(index: number): TraceEvent[] {
    return this.w.recorder.events.slice(index);
  }

  /** Adds a record written by a higher layer (a check outcome, an assertion). */
  note(kind: TraceKind, detail: string, proc?: string): void {
    if (!this.w.recorder.enabled) return;
    const rec = this.w.recorder;
    rec.setDetail(rec.event(kind, proc === undefined ? -1 : this.w.topology.proc('note', proc), undefined, undefined), detail);
  }

  // ---------------------------------------------------------------- whole-system state

  snapshot(): SystemSnapshot {
    return takeSnapshot(this.w);
  }

  /** Puts processes, clock, network, random state and pending events back as they were at `snap`. Counters and trace are kept. */
  restore(snap: SystemSnapshot): void {
    this.w.forgetStateCopies();
    restoreSnapshot(this.w, snap);
  }

  /** A 64-bit hash of the whole state: process fields, node status, network, pending events (as a multiset). */
  stateHash(): bigint {
    return stateHash(this.w);
  }

  /** The topology and frame for other drivers (the model checker) started from this system's state. Internal. */
  engineParts(): { topology: Topology; classNames: string[] } {
    return { topology: this.topology, classNames: this.w.procs.map((p) => p.className) };
  }

  // ---------------------------------------------------------------- internals

  private node(where: string, name: string): NodeSlot {
    const n = this.w.nodes.get(name);
    if (n === undefined) throw new Error(`${where}: unknown node "${name}"; nodes are: ${this.nodeNames().join(', ')}`);
    return n;
  }

  private proc(where: string, id: string): ProcSlot {
    return this.w.procs[this.topology.proc(where, id)]!;
  }

  private drawDrift(): number {
    const net = this.w.net;
    return net.maxDrift > 0 ? (this.w.rng.next() * 2 - 1) * net.maxDrift : 0;
  }
}
