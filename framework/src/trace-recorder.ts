import { cloneJson } from './json.js';
import type { Message } from './process.js';
import type { TraceEvent, TraceKind } from './trace.js';

/** Where the simulation is, for stamping records. */
export interface TraceClock {
  step(): number;
  time(): number;
}

/**
 * Writes the simulator's trace as flat records. When disabled the simulator skips the calls
 * altogether (it tests `enabled` first), so a run without a trace builds no records.
 */
export class TraceRecorder {
  readonly events: TraceEvent[] = [];

  constructor(
    readonly enabled: boolean,
    private readonly clock: TraceClock,
  ) {}

  /** A record about one process (local messages, timers, checks). */
  event(kind: TraceKind, proc: string | undefined, type: string | undefined, data: unknown): TraceEvent {
    const rec: TraceEvent = { kind, step: this.clock.step(), time: this.clock.time() };
    if (proc !== undefined) rec.proc = proc;
    if (type !== undefined) rec.type = type;
    if (data !== undefined) rec.data = data;
    this.events.push(rec);
    return rec;
  }

  /**
   * A record about one network message; its data is copied, so a receiver mutating the message
   * cannot rewrite history. `recorded` is the data of an earlier record of the same message
   * (its send), which records may share since nothing writes to trace data: no second copy.
   */
  message(kind: TraceKind, from: string, to: string, id: number, msg: Message, recorded?: unknown): TraceEvent {
    const data = recorded === undefined ? cloneJson(msg.data) : recorded;
    const rec: TraceEvent = { kind, step: this.clock.step(), time: this.clock.time(), proc: kind === 'deliver' ? to : from, from, to, id, type: msg.type, data };
    this.events.push(rec);
    return rec;
  }

  /** A change of nodes or network (crash, recover, links, partitions); nothing when disabled. */
  change(kind: TraceKind, node: string | undefined, detail: string | undefined): void {
    if (!this.enabled) return;
    const rec: TraceEvent = { kind, step: this.clock.step(), time: this.clock.time() };
    if (node !== undefined) rec.node = node;
    if (detail !== undefined) rec.detail = detail;
    this.events.push(rec);
  }
}
