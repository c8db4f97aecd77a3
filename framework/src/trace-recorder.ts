import { cloneJson } from './json.js';
import type { Message } from './process.js';
import type { TraceEvent, TraceKind } from './trace.js';

/** Where the simulation is, for stamping records. */
export interface TraceClock {
  step(): number;
  time(): number;
}

/**
 * Writes the trace as flat columns, one entry per record in each, and builds `TraceEvent`
 * objects only when the trace is read (then once each, cached). A run with the trace on thus
 * keeps a few numbers and shared string references per record instead of an object per
 * record, which is what the garbage collector spent its time on. Writers get a record's
 * index and add its optional fields through the setters. When disabled the simulator skips
 * the calls altogether (it tests `enabled` first), so a run without a trace writes nothing.
 *
 * A record's fields come out in one fixed order (kind, step, time, proc, node, from, to, id,
 * type, data, timer, delay, detail, state), the order in which every writer sets them; a field
 * is present when it was given.
 */
/** Records per chunk: columns grow by whole chunks, so nothing written is ever copied. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
/** Number fields of a record: step, time, message id, delay (NaN when absent). */
const NUMS = 4;
/** String fields: kind, proc, node, from, to, type, timer, detail (undefined when absent), kept as references: no lookups. */
const STRS = 8;
const I_PROC = 1;
const I_NODE = 2;
const I_FROM = 3;
const I_TO = 4;
const I_TYPE = 5;
const I_TIMER = 6;
const I_DETAIL = 7;

export class TraceRecorder {
  private count = 0;
  private readonly nums: Float64Array[] = [];
  private readonly strs: (string | undefined)[][] = [];
  private readonly data: unknown[][] = [];
  private readonly state: unknown[] = [];
  /** Records built so far, in order; a prefix of the trace. */
  private readonly built: TraceEvent[] = [];

  constructor(
    readonly enabled: boolean,
    private readonly clock: TraceClock,
  ) {}

  /** Number of records written. */
  get length(): number {
    return this.count;
  }

  /** The records as objects (built on first read, then shared: nothing writes to trace data). */
  get events(): TraceEvent[] {
    const built = this.built;
    for (let i = built.length; i < this.count; i++) built.push(this.build(i));
    return built;
  }

  private push(kind: TraceKind, proc: string | undefined, node: string | undefined, from: string | undefined, to: string | undefined, id: number, type: string | undefined, data: unknown, detail: string | undefined): number {
    const i = this.count++;
    const o = i & MASK;
    if (o === 0) {
      this.nums.push(new Float64Array(CHUNK * NUMS));
      this.strs.push(new Array<string | undefined>(CHUNK * STRS).fill(undefined));
      this.data.push(new Array<unknown>(CHUNK).fill(undefined));
    }
    const nums = this.nums[i >> CHUNK_BITS]!;
    const strs = this.strs[i >> CHUNK_BITS]!;
    const n = o * NUMS;
    nums[n] = this.clock.step();
    nums[n + 1] = this.clock.time();
    nums[n + 2] = id;
    nums[n + 3] = NaN;
    const k = o * STRS;
    strs[k] = kind;
    strs[k + I_PROC] = proc;
    strs[k + I_NODE] = node;
    strs[k + I_FROM] = from;
    strs[k + I_TO] = to;
    strs[k + I_TYPE] = type;
    strs[k + I_DETAIL] = detail;
    this.data[i >> CHUNK_BITS]![o] = data;
    return i;
  }

  private str(i: number, field: number): string | undefined {
    return this.strs[i >> CHUNK_BITS]![(i & MASK) * STRS + field];
  }

  private num(i: number, field: number): number {
    return this.nums[i >> CHUNK_BITS]![(i & MASK) * NUMS + field]!;
  }

  private setStr(i: number, field: number, v: string): void {
    this.strs[i >> CHUNK_BITS]![(i & MASK) * STRS + field] = v;
  }

  private build(i: number): TraceEvent {
    const rec: TraceEvent = { kind: this.str(i, 0) as TraceKind, step: this.num(i, 0), time: this.num(i, 1) };
    const proc = this.str(i, I_PROC);
    if (proc !== undefined) rec.proc = proc;
    const node = this.str(i, I_NODE);
    if (node !== undefined) rec.node = node;
    const from = this.str(i, I_FROM);
    if (from !== undefined) {
      rec.from = from;
      rec.to = this.str(i, I_TO)!;
      rec.id = this.num(i, 2);
    }
    const type = this.str(i, I_TYPE);
    if (type !== undefined) rec.type = type;
    const data = this.data[i >> CHUNK_BITS]![i & MASK];
    if (data !== undefined) rec.data = data;
    const timer = this.str(i, I_TIMER);
    if (timer !== undefined) rec.timer = timer;
    const delay = this.num(i, 3);
    if (!Number.isNaN(delay)) rec.delay = delay;
    const detail = this.str(i, I_DETAIL);
    if (detail !== undefined) rec.detail = detail;
    const state = this.state[i];
    if (state !== undefined) rec.state = state;
    return rec;
  }

  /** A record about one process (local messages, timers, storage, checks); returns its index. */
  event(kind: TraceKind, proc: string | undefined, type: string | undefined, data: unknown): number {
    return this.push(kind, proc, undefined, undefined, undefined, NaN, type, data, undefined);
  }

  /**
   * A record about one network message; its data is copied, so a receiver mutating the message
   * cannot rewrite history. `recorded` is the data of an earlier record of the same message
   * (its send), which records may share since nothing writes to trace data: no second copy.
   */
  message(kind: TraceKind, from: string, to: string, id: number, msg: Message, recorded?: unknown): number {
    const data = recorded === undefined ? cloneJson(msg.data) : recorded;
    return this.push(kind, kind === 'deliver' ? to : from, undefined, from, to, id, msg.type, data, undefined);
  }

  /** A line a process printed (console.log) during its handler; the text is in `detail`. */
  log(proc: string, text: string): void {
    this.push('log', proc, undefined, undefined, undefined, NaN, undefined, undefined, text);
  }

  /** A change of nodes or network (crash, recover, links, partitions); nothing when disabled. */
  change(kind: TraceKind, node: string | undefined, detail: string | undefined): void {
    if (!this.enabled) return;
    this.push(kind, undefined, node, undefined, undefined, NaN, undefined, undefined, detail);
  }

  /** The data of record `i` (to share it with a later record of the same message). */
  dataOf(i: number): unknown {
    return this.data[i >> CHUNK_BITS]![i & MASK];
  }

  setTimer(i: number, timer: string, delay?: number): void {
    this.setStr(i, I_TIMER, timer);
    this.patch(i, 'timer', timer);
    if (delay !== undefined) {
      this.nums[i >> CHUNK_BITS]![(i & MASK) * NUMS + 3] = delay;
      this.patch(i, 'delay', delay);
    }
  }

  setDetail(i: number, detail: string): void {
    this.setStr(i, I_DETAIL, detail);
    this.patch(i, 'detail', detail);
  }

  setState(i: number, state: unknown): void {
    this.state[i] = state;
    this.patch(i, 'state', state);
  }

  /** A field added after its record was read: the built record gets it too. */
  private patch(i: number, key: 'timer' | 'delay' | 'detail' | 'state', value: unknown): void {
    const rec = this.built[i];
    if (rec !== undefined) (rec as unknown as Record<string, unknown>)[key] = value;
  }
}
