import { ProcessContext, type ContextHost } from '../context.js';
import { StudentError } from '../errors.js';
import { cloneJson, copyJson } from '../json.js';
import { corruptStrings, type LinkTable, type NetworkConfig } from '../network.js';
import type { Message, Process } from '../process.js';
import { Rng } from '../rng.js';
import { StateError, type StateOwner } from '../state.js';
import { cloneProcess } from './clone.js';
import { insertEvent, makeEntry, makeEvent, MCState, NetEvent, pushOutbox, removeEventAt, sameEvent, type OutboxNode, type ProcEntry, type TimerEntry } from './model.js';
import type { Recorder } from './recorder.js';

/** Action codes: an event index × 4 + variant (>= 0), or -(process index + 1) to fire that process's earliest timer. */
export const DELIVER = 0;
export const DROP = 1;
export const DUPLICATE = 2;
export const CORRUPT = 3;

type Handler = 'onMessage' | 'onLocalMessage' | 'onTimer';

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
  ids: string[];
  classNames: string[];
  nodeOfProc: string[];
  procsOfNode: Map<string, number[]>;
  network: NetworkConfig;
  links: LinkTable;
  seed: number;
}

/**
 * Transitions of the checker. It is the ContextHost of every process: a handler runs through
 * the same ProcessContext as in the simulator, and its sends, timers and local messages are
 * collected into the successor state instead of being scheduled.
 */
export class Engine implements ContextHost {
  readonly ids: string[];
  readonly owners: StateOwner[];
  private readonly index = new Map<string, number>();
  private readonly contexts: ProcessContext[];
  private readonly canDrop: boolean;
  readonly canDup: boolean;
  private readonly canCorrupt: boolean;
  recorder: Recorder | null = null;

  // The handler frame being run.
  private cur = -1;
  private curState: MCState | null = null;
  private timers: TimerEntry[] = [];
  private timersCopied = false;
  private clock = 0;
  private outbox: OutboxNode | null = null;
  private sends: NetEvent[] = [];
  private rng: Rng | null = null;
  private rngSeed = 0;

  constructor(readonly config: EngineConfig) {
    this.ids = config.ids;
    this.owners = config.ids.map((proc, i) => ({ proc, className: config.classNames[i]! }));
    config.ids.forEach((id, i) => this.index.set(id, i));
    this.contexts = config.ids.map((id, i) => new ProcessContext(id, this, i));
    this.canDrop = config.network.dropRate > 0;
    this.canDup = config.network.dupRate > 0;
    this.canCorrupt = config.network.corruptRate > 0;
  }

  procIndex(where: string, id: string): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`${where}: unknown process "${id}"; processes are: ${this.ids.join(', ')}`);
    return i;
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
      if (this.canDup) out.push(base + DUPLICATE);
      if (this.canCorrupt) out.push(base + CORRUPT);
    }
    const procs = s.procs;
    for (let p = 0; p < procs.length; p++) {
      const e = procs[p]!;
      if (e.instance !== null && e.timers.length > 0) out.push(-(p + 1));
    }
    return out;
  }

  label(s: MCState, code: number): string {
    if (code < 0) {
      const p = -code - 1;
      return `timer ${this.ids[p]}:${s.procs[p]!.timers[0]!.name}`;
    }
    const ev = s.events[code >> 2]!;
    const verb = ['deliver', 'drop', 'duplicate', 'corrupt'][code & 3]!;
    return `${verb} ${ev.msg.type} ${this.ids[ev.from]}->${this.ids[ev.to]}`;
  }

  /** The successor of `s` by action `code`. */
  step(s: MCState, code: number): MCState {
    if (code < 0) return this.fireTimer(s, -code - 1, code);
    const i = code >> 2;
    const variant = code & 3;
    const ev = s.events[i]!;
    const rec = this.recorder;
    let events = s.events;
    let s1 = s.s1;
    let s2 = s.s2;
    if (variant !== DUPLICATE) {
      events = removeEventAt(events, i);
      s1 = (s1 - ev.h1) | 0;
      s2 = (s2 - ev.h2) | 0;
    }
    if (variant === DROP) {
      if (rec !== null) rec.netStep('drop', this.ids[ev.from]!, this.ids[ev.to]!, ev, s.procs[ev.to]!.clock, 'network drop');
      return new MCState(s.procs, events, s1, s2, s.depth + 1);
    }
    let msg: Message = { type: ev.msg.type, data: cloneJson(ev.msg.data) };
    if (variant === CORRUPT) msg = { type: msg.type, data: corruptStrings(msg.data, Rng.fromSeed((ev.h1 ^ ev.h2) >>> 0)) };
    const p = ev.to;
    const old = s.procs[p]!;
    if (rec !== null) {
      const kind = variant === DUPLICATE ? 'duplicate' : variant === CORRUPT ? 'corrupt' : 'deliver';
      rec.netStep(kind, this.ids[ev.from]!, this.ids[ev.to]!, ev, old.clock, undefined, msg);
    }
    const inst = this.begin(s, p, old, old.clock, code, 'onMessage');
    try {
      inst.onMessage(msg, this.ids[ev.from]!, this.contexts[p]!);
    } catch (e) {
      throw this.failure(p, 'onMessage', e);
    }
    return this.finish(s, events, s1, s2, p, old, inst, 'onMessage');
  }

  private fireTimer(s: MCState, p: number, code: number): MCState {
    const old = s.procs[p]!;
    const t = old.timers[0]!;
    const clock = Math.max(old.clock, t.deadline);
    if (this.recorder !== null) this.recorder.timerFire(this.ids[p]!, t.name, clock);
    const inst = this.begin(s, p, old, clock, code, 'onTimer');
    this.timers = old.timers.slice(1);
    this.timersCopied = true;
    try {
      inst.onTimer(t.name, this.contexts[p]!);
    } catch (e) {
      throw this.failure(p, 'onTimer', e);
    }
    return this.finish(s, s.events, s.s1, s.s2, p, old, inst, 'onTimer');
  }

  /** Delivers a local message (a stage's prepare action); a step of its own. */
  localMessage(s: MCState, p: number, msg: Message): MCState {
    const old = s.procs[p]!;
    const copy: Message = { type: msg.type, data: copyJson(msg.data, 'sendLocalMessage').copy };
    if (this.recorder !== null) this.recorder.localIn(this.ids[p]!, copy, old.clock, old.instance === null);
    if (old.instance === null) return new MCState(s.procs, s.events, s.s1, s.s2, s.depth);
    const inst = this.begin(s, p, old, old.clock, 0x10ca1 + p, 'onLocalMessage');
    try {
      inst.onLocalMessage(copy, this.contexts[p]!);
    } catch (e) {
      throw this.failure(p, 'onLocalMessage', e);
    }
    const next = this.finish(s, s.events, s.s1, s.s2, p, old, inst, 'onLocalMessage');
    return new MCState(next.procs, next.events, next.s1, next.s2, s.depth);
  }

  /** Crashes a node: its processes lose state and timers, pending messages to them are lost. */
  crash(s: MCState, node: string): MCState {
    const procs = this.config.procsOfNode.get(node);
    if (procs === undefined) throw new Error(`crashNode: unknown node "${node}"; nodes are: ${[...this.config.procsOfNode.keys()].join(', ')}`);
    if (procs.every((p) => s.procs[p]!.instance === null)) throw new Error(`crashNode: node "${node}" is already crashed`);
    if (this.recorder !== null) this.recorder.crash(node, s.procs[procs[0]!]!.clock);
    const next = s.procs.slice();
    let s1 = s.s1;
    let s2 = s.s2;
    for (const p of procs) {
      const old = s.procs[p]!;
      const e = makeEntry(p, this.owners[p]!, null, [], old.clock, old.outbox);
      next[p] = e;
      s1 = (s1 - old.h1 + e.h1) | 0;
      s2 = (s2 - old.h2 + e.h2) | 0;
    }
    const events: NetEvent[] = [];
    for (const ev of s.events) {
      if (procs.includes(ev.to)) {
        s1 = (s1 - ev.h1) | 0;
        s2 = (s2 - ev.h2) | 0;
        if (this.recorder !== null) this.recorder.dropPending(this.ids[ev.from]!, this.ids[ev.to]!, ev, 'receiver crashed');
      } else {
        events.push(ev);
      }
    }
    return new MCState(next, events, s1, s2, s.depth);
  }

  private begin(s: MCState, p: number, old: ProcEntry, clock: number, code: number, handler: Handler): Process {
    this.cur = p;
    this.curState = s;
    this.timers = old.timers as TimerEntry[];
    this.timersCopied = false;
    this.clock = clock;
    this.outbox = old.outbox;
    this.sends.length = 0;
    this.rng = null;
    this.rngSeed = (Math.imul(s.s1 ^ code, 0x9e3779b1) ^ Math.imul(s.s2 + this.config.seed, 0x85ebca6b)) >>> 0;
    try {
      return cloneProcess(old.instance!, this.owners[p]!);
    } catch (e) {
      this.cur = -1;
      if (e instanceof StateError) throw new HandlerFailure(this.ids[p]!, handler, e);
      throw e;
    }
  }

  private finish(s: MCState, events: readonly NetEvent[], s1: number, s2: number, p: number, old: ProcEntry, inst: Process, handler: Handler): MCState {
    this.cur = -1;
    let entry: ProcEntry;
    try {
      entry = makeEntry(p, this.owners[p]!, inst, this.timers, this.clock, this.outbox);
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
        if (!insertEvent(nextEvents, ev, this.canDup && !ev.local)) continue;
        s1 = (s1 + ev.h1) | 0;
        s2 = (s2 + ev.h2) | 0;
      }
    }
    const procs = s.procs.slice();
    procs[p] = entry;
    this.curState = null;
    return new MCState(procs, nextEvents, s1, s2, s.depth + 1);
  }

  private failure(p: number, handler: Handler, e: unknown): HandlerFailure {
    this.cur = -1;
    this.curState = null;
    if (e instanceof StateError) return new HandlerFailure(this.ids[p]!, handler, e);
    return new HandlerFailure(this.ids[p]!, handler, new StudentError(this.ids[p]!, handler, this.recorder?.stepNo ?? 0, e));
  }

  private frame(slot: number, what: string): void {
    if (slot !== this.cur) throw new Error(`${what}: a process's context was used outside its own handler`);
  }

  // ---------------------------------------------------------------- ContextHost

  ctxTime(slot: number): number {
    this.frame(slot, 'ctx.time');
    return this.clock;
  }

  ctxSend(slot: number, msg: Message, to: string): void {
    this.frame(slot, 'ctx.send');
    const dest = this.index.get(to);
    if (dest === undefined) throw new Error(`ctx.send: unknown process "${to}"; processes are: ${this.ids.join(', ')}`);
    const message: Message = { type: msg.type, data: copyJson(msg.data, 'ctx.send').copy };
    const cfg = this.config;
    const local = cfg.nodeOfProc[dest] === cfg.nodeOfProc[slot];
    const ev = makeEvent(slot, dest, message, local);
    const rec = this.recorder;
    if (rec !== null) rec.send(this.ids[slot]!, to, ev, this.clock);
    if (!local) {
      const fromNode = cfg.nodeOfProc[slot]!;
      const toNode = cfg.nodeOfProc[dest]!;
      const crashed = this.curState!.procs[dest]!.instance === null;
      if (crashed || !cfg.links.isUp(fromNode, toNode)) {
        if (rec !== null) rec.dropPending(this.ids[slot]!, to, ev, crashed ? 'receiver node is down' : 'link down');
        return;
      }
    }
    this.sends.push(ev);
  }

  ctxSendLocal(slot: number, msg: Message): void {
    this.frame(slot, 'ctx.sendLocal');
    const copy: Message = { type: msg.type, data: copyJson(msg.data, 'ctx.sendLocal').copy };
    this.outbox = pushOutbox(this.outbox, copy);
    if (this.recorder !== null) this.recorder.localOut(this.ids[slot]!, copy, this.clock);
  }

  ctxSetTimer(slot: number, name: string, delay: number, once: boolean): void {
    this.frame(slot, 'ctx.setTimer');
    const existing = this.timers.findIndex((t) => t.name === name);
    if (existing >= 0 && once) return;
    if (!this.timersCopied) {
      this.timers = this.timers.slice();
      this.timersCopied = true;
    }
    const timers = this.timers;
    if (existing >= 0) timers.splice(existing, 1);
    const deadline = this.clock + delay;
    let i = timers.length;
    while (i > 0 && timers[i - 1]!.deadline > deadline) i--;
    timers.splice(i, 0, { name, deadline });
    if (this.recorder !== null) this.recorder.timerSet(this.ids[slot]!, name, delay, this.clock);
  }

  ctxCancelTimer(slot: number, name: string): void {
    this.frame(slot, 'ctx.cancelTimer');
    const existing = this.timers.findIndex((t) => t.name === name);
    if (existing < 0) return;
    if (!this.timersCopied) {
      this.timers = this.timers.slice();
      this.timersCopied = true;
    }
    this.timers.splice(existing, 1);
    if (this.recorder !== null) this.recorder.timerCancel(this.ids[slot]!, name, this.clock);
  }

  /** Seeded per transition from the checker seed, the state's hash and the action, so replays see the same numbers. */
  ctxRandom(slot: number): number {
    this.frame(slot, 'ctx.random');
    if (this.rng === null) this.rng = Rng.fromSeed(this.rngSeed);
    return this.rng.next();
  }

  ctxBuggify(slot: number): boolean {
    this.frame(slot, 'ctx.buggify');
    return false;
  }
}
