import { HandlerFrame, type EffectSink, type Topology } from '../engine/index.js';
import { StudentError } from '../errors.js';
import { cloneJson, copyJson } from '../json.js';
import { corruptStrings, type LinkTable, type NetworkConfig } from '../network.js';
import type { Message, Process } from '../process.js';
import { Rng } from '../rng.js';
import { snapshotFields, StateError, type StateOwner } from '../state.js';
import type { TraceEvent } from '../trace.js';
import { TraceRecorder } from '../trace-recorder.js';
import { cloneProcess } from './clone.js';
import type { InstanceTable } from './instance-table.js';
import { MessageIds } from './message-ids.js';
import {
  insertEvent, makeEntry, makeEvent, MCState, NetEvent, pushOutbox, removeEventAt, sameEvent, StoredData, timerEnabled, withDups,
  type OutboxNode, type ProcEntry, type TimerEntry,
} from './model.js';

/** Action codes: an event index × 4 + variant (>= 0), or -1 - (process + timer index × 4096) to fire that timer. */
export const DELIVER = 0;
export const DROP = 1;
export const DUPLICATE = 2;
export const CORRUPT = 3;
const TIMER_SHIFT = 12;
const PROC_MASK = (1 << TIMER_SHIFT) - 1;

export function timerCode(proc: number, timer: number): number {
  return -1 - (proc + (timer << TIMER_SHIFT));
}

export function timerOf(code: number): { proc: number; timer: number } {
  const v = -1 - code;
  return { proc: v & PROC_MASK, timer: v >>> TIMER_SHIFT };
}

type Handler = 'onMessage' | 'onLocalMessage' | 'onTimer' | 'constructor';

/** Thrown out of `step` when a student handler throws or holds an uncopyable field. */
export class HandlerFailure extends Error {
  constructor(
    readonly proc: string,
    readonly handler: Handler,
    readonly error: Error,
  ) {
    super(error.message);
  }
}

export interface EngineConfig {
  topology: Topology;
  classNames: string[];
  network: NetworkConfig;
  links: LinkTable;
  seed: number;
  /** How often the network may duplicate one sent message (default 2). */
  maxDuplicates: number;
  /** While a message can be delivered, timers are not offered (a fast network). */
  messagesFirst: boolean;
}

/**
 * The model checker as a driver of the transition model: it branches on every enabled event
 * of an immutable state. Handlers run through the shared HandlerFrame; as its EffectSink
 * this class collects a handler's sends, timers and local messages into the successor state.
 */
export class Engine implements EffectSink {
  readonly ids: string[];
  readonly owners: StateOwner[];
  readonly topology: Topology;
  private readonly frame: HandlerFrame;
  private readonly canDrop: boolean;
  private readonly canDup: boolean;
  private readonly canCorrupt: boolean;
  private readonly quiet: TraceRecorder;
  /** Set while a path is replayed for its trace; the search itself records nothing. */
  private recording: { rec: TraceRecorder; ids: MessageIds } | null = null;
  private traceStep = 0;
  private traceTime = 0;

  // The handler run in progress.
  private curState: MCState | null = null;
  private timers: TimerEntry[] = [];
  private timersCopied = false;
  private now = 0;
  private batch = 0;
  private outbox: OutboxNode | null = null;
  private storage: StoredData = StoredData.EMPTY;
  private sends: NetEvent[] = [];
  private sendCount = 0;
  private rng: Rng | null = null;
  private rngSeed = 0;

  constructor(readonly config: EngineConfig) {
    this.topology = config.topology;
    this.ids = config.topology.ids;
    this.owners = this.ids.map((proc, i) => ({ proc, className: config.classNames[i]! }));
    this.canDrop = config.network.dropRate > 0;
    this.canDup = config.network.dupRate > 0 && config.maxDuplicates > 0;
    this.canCorrupt = config.network.corruptRate > 0;
    this.quiet = new TraceRecorder(false, { step: () => 0, time: () => 0 }, this.ids);
    this.frame = new HandlerFrame(this.topology, this, this.quiet);
  }

  /** Set by a strategy that keeps many states alive at once (BFS): identical process states then share one copy. */
  instances: InstanceTable | null = null;

  procIndex(where: string, id: string): number {
    return this.topology.proc(where, id);
  }

  /** Starts recording the trace of the steps that follow (a replay), from the given step and message id. */
  record(firstStep: number, ids: MessageIds): TraceRecorder {
    const rec = new TraceRecorder(true, { step: () => this.traceStep, time: () => this.traceTime }, this.ids);
    this.traceStep = firstStep;
    this.recording = { rec, ids };
    this.frame.recorder = rec;
    return rec;
  }

  stopRecording(): void {
    this.recording = null;
    this.frame.recorder = this.quiet;
  }

  /** Enabled actions of `s` in canonical order; a choice index is a position in this list. */
  actions(s: MCState): number[] {
    const out: number[] = [];
    const events = s.events;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      if (i > 0 && sameEvent(ev, events[i - 1]!)) continue;
      const base = i << 2;
      out.push(base + DELIVER);
      if (ev.local) continue;
      if (this.canDrop) out.push(base + DROP);
      if (ev.dups > 0) out.push(base + DUPLICATE);
      if (this.canCorrupt) out.push(base + CORRUPT);
    }
    if (this.config.messagesFirst && events.length > 0) return out;
    const procs = s.procs;
    for (let p = 0; p < procs.length; p++) {
      const e = procs[p]!;
      if (e.instance === null) continue;
      const timers = e.timers;
      for (let t = 0; t < timers.length; t++) if (timerEnabled(timers, t)) out.push(timerCode(p, t));
    }
    return out;
  }

  label(s: MCState, code: number): string {
    if (code < 0) {
      const { proc, timer } = timerOf(code);
      return `timer ${this.ids[proc]}:${s.procs[proc]!.timers[timer]!.name}`;
    }
    const ev = s.events[code >> 2]!;
    const verb = ['deliver', 'drop', 'duplicate', 'corrupt'][code & 3]!;
    return `${verb} ${ev.msg.type} ${this.ids[ev.from]}->${this.ids[ev.to]}`;
  }

  /** The successor of `s` by action `code`. */
  step(s: MCState, code: number): MCState {
    if (code < 0) {
      const { proc, timer } = timerOf(code);
      return this.fireTimer(s, proc, timer, code);
    }
    const i = code >> 2;
    const variant = code & 3;
    const ev = s.events[i]!;
    const r = this.recording;
    let events = removeEventAt(s.events, i);
    let s1 = (s.s1 - ev.h1) | 0;
    let s2 = (s.s2 - ev.h2) | 0;
    let dups = s.dups;
    if (variant === DUPLICATE) {
      const copy = withDups(ev, ev.dups - 1);
      insertEvent(events, copy);
      s1 = (s1 + copy.h1) | 0;
      s2 = (s2 + copy.h2) | 0;
      dups++;
    }
    if (variant === DROP) {
      if (r !== null) {
        this.traceStep++;
        this.traceTime = s.procs[ev.to]!.clock;
        r.rec.setDetail(r.rec.message('drop', ev.from, ev.to, r.ids.take(ev), ev.msg), 'network drop');
      }
      return new MCState(s.procs, events, s1, s2, s.depth + 1, s.drops + 1, dups);
    }
    let msg: Message = { type: ev.msg.type, data: cloneJson(ev.msg.data) };
    if (variant === CORRUPT) msg = { type: msg.type, data: corruptStrings(msg.data, Rng.fromSeed((ev.b1 ^ ev.b2) >>> 0)) };
    const p = ev.to;
    const old = s.procs[p]!;
    let stepRec: number | null = null;
    if (r !== null) {
      this.traceStep++;
      this.traceTime = old.clock;
      const id = variant === DUPLICATE ? r.ids.peek(ev) : r.ids.take(ev);
      if (variant === DUPLICATE) r.rec.message('duplicate', ev.from, p, id, msg);
      if (variant === CORRUPT) r.rec.message('corrupt', ev.from, p, id, msg);
      stepRec = r.rec.message('deliver', ev.from, p, id, msg);
    }
    const inst = this.begin(s, p, old, old.clock, code, 'onMessage');
    try {
      this.frame.deliver(p, inst, msg, this.ids[ev.from]!, this.traceStep);
    } catch (e) {
      throw this.failure(p, 'onMessage', e);
    }
    return this.recordState(stepRec, p, this.finish(s, events, s1, s2, p, old, inst, 1, 0, dups, 'onMessage', s.depth + 1));
  }

  private fireTimer(s: MCState, p: number, index: number, code: number): MCState {
    const old = s.procs[p]!;
    const t = old.timers[index]!;
    const clock = Math.max(old.clock, t.armedAt + t.delay);
    const r = this.recording;
    let stepRec: number | null = null;
    if (r !== null) {
      this.traceStep++;
      this.traceTime = clock;
      stepRec = r.rec.event('timer-fire', p, undefined, undefined);
      r.rec.setTimer(stepRec, t.name);
    }
    const inst = this.begin(s, p, old, clock, code, 'onTimer');
    this.timers = old.timers.filter((_, i) => i !== index);
    this.timersCopied = true;
    try {
      this.frame.fire(p, inst, t.name, this.traceStep);
    } catch (e) {
      throw this.failure(p, 'onTimer', e);
    }
    return this.recordState(stepRec, p, this.finish(s, s.events, s.s1, s.s2, p, old, inst, 0, 1, s.dups, 'onTimer', s.depth + 1));
  }

  /** Delivers a local message (a stage's prepare action); a step of its own that does not count as depth. */
  localMessage(s: MCState, p: number, msg: Message): MCState {
    const old = s.procs[p]!;
    const copy: Message = { type: msg.type, data: copyJson(msg.data, 'sendLocalMessage').copy };
    const r = this.recording;
    let stepRec: number | null = null;
    if (r !== null) {
      this.traceStep++;
      this.traceTime = old.clock;
      stepRec = r.rec.event('local-in', p, copy.type, cloneJson(copy.data));
      if (old.instance === null) r.rec.setDetail(stepRec, 'node crashed; message ignored');
    }
    if (old.instance === null) return s;
    const inst = this.begin(s, p, old, old.clock, 0x10ca1 + p, 'onLocalMessage');
    try {
      this.frame.local(p, inst, copy, this.traceStep);
    } catch (e) {
      throw this.failure(p, 'onLocalMessage', e);
    }
    return this.recordState(stepRec, p, this.finish(s, s.events, s.s1, s.s2, p, old, inst, 0, 0, s.dups, 'onLocalMessage', s.depth));
  }

  /** Crashes a node: its processes lose state and timers, pending messages to them are lost. */
  crash(s: MCState, node: string): MCState {
    const procs = this.topology.procsOf[this.topology.node('crashNode', node)]!;
    if (procs.every((p) => s.procs[p]!.instance === null)) throw new Error(`crashNode: node "${node}" is already crashed; recover it first`);
    const r = this.recording;
    if (r !== null) {
      this.traceTime = s.procs[procs[0]!]!.clock;
      r.rec.change('crash', node, undefined);
    }
    const next = s.procs.slice();
    let s1 = s.s1;
    let s2 = s.s2;
    for (const p of procs) {
      const old = s.procs[p]!;
      const e = makeEntry(p, this.owners[p]!, null, [], old.clock, old.batch, old.outbox, old.storage, old.sent, old.delivered, old.fired);
      next[p] = e;
      s1 = (s1 - old.h1 + e.h1) | 0;
      s2 = (s2 - old.h2 + e.h2) | 0;
    }
    const events: NetEvent[] = [];
    for (const ev of s.events) {
      if (procs.includes(ev.to)) {
        s1 = (s1 - ev.h1) | 0;
        s2 = (s2 - ev.h2) | 0;
        if (r !== null) r.rec.setDetail(r.rec.message('drop', ev.from, ev.to, r.ids.take(ev), ev.msg), 'receiver crashed');
      } else {
        events.push(ev);
      }
    }
    return new MCState(next, events, s1, s2, s.depth, s.drops, s.dups);
  }

  /** Recovers a crashed node: its processes start again from fresh instances. */
  recover(s: MCState, node: string): MCState {
    const procs = this.topology.procsOf[this.topology.node('recoverNode', node)]!;
    if (procs.some((p) => s.procs[p]!.instance !== null)) throw new Error(`recoverNode: node "${node}" is not crashed`);
    const r = this.recording;
    if (r !== null) r.rec.change('recover', node, undefined);
    const next = s.procs.slice();
    let s1 = s.s1;
    let s2 = s.s2;
    for (const p of procs) {
      const old = s.procs[p]!;
      let inst: Process;
      try {
        // Copied as the initial state's instances are: a host may hand out a wrapper (the sandbox's Proxy) that is not plain data itself.
        inst = cloneProcess(this.frame.construct(p, this.traceStep), this.owners[p]!);
      } catch (e) {
        throw this.failure(p, 'constructor', e);
      }
      const e = makeEntry(p, this.owners[p]!, inst, [], old.clock, old.batch, old.outbox, old.storage, old.sent, old.delivered, old.fired);
      next[p] = e;
      s1 = (s1 - old.h1 + e.h1) | 0;
      s2 = (s2 - old.h2 + e.h2) | 0;
    }
    return new MCState(next, s.events, s1, s2, s.depth, s.drops, s.dups);
  }

  /** While replaying a path, the handling process's fields after the step go on its record, as a simulation with recordStates does (the trace viewer shows them). */
  private recordState(rec: number | null, p: number, next: MCState): MCState {
    const inst = next.procs[p]!.instance;
    if (rec !== null && inst !== null) this.recording!.rec.setState(rec, snapshotFields(inst, this.owners[p]!));
    return next;
  }

  private begin(s: MCState, p: number, old: ProcEntry, clock: number, code: number, handler: Handler): Process {
    this.curState = s;
    this.timers = old.timers as TimerEntry[];
    this.timersCopied = false;
    this.now = clock;
    this.batch = old.batch + 1;
    this.outbox = old.outbox;
    this.storage = old.storage;
    this.sends.length = 0;
    this.sendCount = 0;
    this.rng = null;
    this.rngSeed = (Math.imul(s.s1 ^ code, 0x9e3779b1) ^ Math.imul(s.s2 + this.config.seed, 0x85ebca6b)) >>> 0;
    if (this.recording !== null) this.traceTime = clock;
    try {
      return cloneProcess(old.instance!, this.owners[p]!);
    } catch (e) {
      if (e instanceof StateError) throw new HandlerFailure(this.ids[p]!, handler, e);
      throw e;
    }
  }

  private finish(s: MCState, events: readonly NetEvent[], s1: number, s2: number, p: number, old: ProcEntry, inst: Process, delivered: number, fired: number, dups: number, handler: Handler, depth: number): MCState {
    let entry: ProcEntry;
    try {
      entry = makeEntry(p, this.owners[p]!, inst, this.timers, this.now, this.batch, this.outbox, this.storage, old.sent + this.sendCount, old.delivered + delivered, old.fired + fired, this.instances);
    } catch (e) {
      if (e instanceof StateError) throw new HandlerFailure(this.ids[p]!, handler, e);
      throw e;
    }
    s1 = (s1 - old.h1 + entry.h1) | 0;
    s2 = (s2 - old.h2 + entry.h2) | 0;
    const sends = this.sends;
    let nextEvents = events as NetEvent[];
    if (sends.length > 0) {
      nextEvents = events === s.events ? events.slice() : (events as NetEvent[]);
      for (let i = 0; i < sends.length; i++) {
        const ev = sends[i]!;
        insertEvent(nextEvents, ev);
        s1 = (s1 + ev.h1) | 0;
        s2 = (s2 + ev.h2) | 0;
      }
    }
    const procs = s.procs.slice();
    procs[p] = entry;
    this.curState = null;
    return new MCState(procs, nextEvents, s1, s2, depth, s.drops, dups);
  }

  private failure(p: number, handler: Handler, e: unknown): HandlerFailure {
    this.curState = null;
    if (e instanceof StateError) return new HandlerFailure(this.ids[p]!, handler, e);
    if (e instanceof StudentError) return new HandlerFailure(this.ids[p]!, handler, e);
    return new HandlerFailure(this.ids[p]!, handler, new StudentError(this.ids[p]!, handler, this.traceStep, e));
  }

  // ---------------------------------------------------------------- EffectSink

  clock(): number {
    return this.now;
  }

  send(from: number, to: number, message: Message, _bytes: number): void {
    const local = this.topology.sameNode(from, to);
    const ev = makeEvent(from, to, message, local, this.canDup && !local ? this.config.maxDuplicates : 0);
    this.sendCount++;
    const r = this.recording;
    if (r !== null) r.rec.message('send', from, to, r.ids.issue(ev), message);
    if (!local) {
      const nodes = this.topology.nodes;
      const crashed = this.curState!.procs[to]!.instance === null;
      if (crashed || !this.config.links.isUp(nodes[this.topology.nodeOf[from]!]!, nodes[this.topology.nodeOf[to]!]!)) {
        if (r !== null) r.rec.setDetail(r.rec.message('drop', from, to, r.ids.retract(ev), message), crashed ? 'receiver node is down' : 'link down');
        return;
      }
    }
    this.sends.push(ev);
  }

  sendLocal(_from: number, msg: Message): void {
    this.outbox = pushOutbox(this.outbox, msg);
  }

  isArmed(_slot: number, name: string): boolean {
    return this.timers.some((t) => t.name === name);
  }

  arm(_slot: number, name: string, delay: number): void {
    this.copyTimers();
    const timers = this.timers;
    const existing = timers.findIndex((t) => t.name === name);
    if (existing >= 0) timers.splice(existing, 1);
    timers.push({ name, delay, armedAt: this.now, batch: this.batch });
  }

  disarm(_slot: number, name: string): void {
    this.copyTimers();
    this.timers.splice(
      this.timers.findIndex((t) => t.name === name),
      1,
    );
  }

  private copyTimers(): void {
    if (!this.timersCopied) {
      this.timers = this.timers.slice();
      this.timersCopied = true;
    }
  }

  storageGet(_slot: number, key: string): unknown {
    return this.storage.data[key];
  }

  /** The checker keeps every write: it does not branch on losing unsynced writes in a crash. */
  storageWrite(_slot: number, key: string, value: unknown): void {
    this.storage = this.storage.with(key, value);
  }

  storageSync(): void {}

  /** Seeded per transition from the checker seed, the state's hash and the action, so replays see the same numbers. */
  random(): number {
    if (this.rng === null) this.rng = Rng.fromSeed(this.rngSeed);
    return this.rng.next();
  }

  buggify(): boolean {
    return false;
  }
}
