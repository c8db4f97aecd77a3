import { cloneJson } from './json.js';
import type { Message } from './process.js';
import type { TraceEvent, TraceKind } from './trace.js';

/** Where the simulation is, for stamping records. */
export interface TraceClock {
  step(): number;
  time(): number;
}

const KINDS: readonly TraceKind[] = [
  'send', 'deliver', 'drop', 'duplicate', 'corrupt', 'local-in', 'local-out', 'timer-set',
  'timer-fire', 'timer-cancel', 'crash', 'recover', 'network', 'storage', 'log', 'check',
];
const KIND_CODE = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<TraceKind, number>;

/** Records per chunk: columns grow by whole chunks, so nothing written is ever copied. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
/** Integer fields of a record: kind code, step, proc / from / to (process indexes, -1 when absent), message id. */
const INTS = 6;
const I_KIND = 0;
const I_STEP = 1;
const I_PROC = 2;
const I_FROM = 3;
const I_TO = 4;
const I_ID = 5;
/** Number fields: time, delay (NaN when absent). */
const NUMS = 2;
/** String fields, kept as references: type, timer, node (undefined when absent). */
const STRS = 3;
const S_TYPE = 0;
const S_TIMER = 1;
const S_NODE = 2;

/**
 * Writes the trace as flat typed columns, one entry per record in each, and builds `TraceEvent`
 * objects only when the trace is read (then once each, cached). Processes are written as their
 * indexes into the topology's ids and record kinds as small codes, so a record costs a few
 * integers, two numbers and three references instead of an object or a dozen slots: what the
 * garbage collector spent its time on with the trace on. Fields few records have (a drop's
 * reason, a step's state) live in sparse maps. Writers get a record's index and add optional
 * fields through the setters. When disabled the drivers skip the calls altogether (they test
 * `enabled` first), so a run without a trace writes nothing.
 *
 * A record's fields come out in one fixed order (kind, step, time, proc, node, from, to, id,
 * type, data, timer, delay, detail, state); a field is present when it was given.
 */
export class TraceRecorder {
  private count = 0;
  private readonly ints: Int32Array[] = [];
  private readonly nums: Float64Array[] = [];
  private readonly strs: (string | undefined)[][] = [];
  private readonly data: unknown[][] = [];
  private readonly detail = new Map<number, string>();
  private readonly state = new Map<number, unknown>();
  /** Records built so far, in order; a prefix of the trace. */
  private readonly built: TraceEvent[] = [];

  constructor(
    readonly enabled: boolean,
    private readonly clock: TraceClock,
    /** Process ids by index (the topology's list, which may still grow). */
    private readonly ids: readonly string[],
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

  private push(kind: TraceKind, proc: number, from: number, to: number, id: number, type: string | undefined, data: unknown): number {
    const i = this.count++;
    const o = i & MASK;
    const c = i >> CHUNK_BITS;
    if (o === 0) {
      this.ints.push(new Int32Array(CHUNK * INTS));
      this.nums.push(new Float64Array(CHUNK * NUMS));
      this.strs.push(new Array<string | undefined>(CHUNK * STRS).fill(undefined));
      this.data.push(new Array<unknown>(CHUNK).fill(undefined));
    }
    const ints = this.ints[c]!;
    const k = o * INTS;
    ints[k + I_KIND] = KIND_CODE[kind];
    ints[k + I_STEP] = this.clock.step();
    ints[k + I_PROC] = proc;
    ints[k + I_FROM] = from;
    ints[k + I_TO] = to;
    ints[k + I_ID] = id;
    const nums = this.nums[c]!;
    nums[o * NUMS] = this.clock.time();
    nums[o * NUMS + 1] = NaN;
    this.strs[c]![o * STRS + S_TYPE] = type;
    this.data[c]![o] = data;
    return i;
  }

  private int(i: number, field: number): number {
    return this.ints[i >> CHUNK_BITS]![(i & MASK) * INTS + field]!;
  }

  private str(i: number, field: number): string | undefined {
    return this.strs[i >> CHUNK_BITS]![(i & MASK) * STRS + field];
  }

  private build(i: number): TraceEvent {
    const c = i >> CHUNK_BITS;
    const o = i & MASK;
    const rec: TraceEvent = { kind: KINDS[this.int(i, I_KIND)]!, step: this.int(i, I_STEP), time: this.nums[c]![o * NUMS]! };
    const proc = this.int(i, I_PROC);
    if (proc >= 0) rec.proc = this.ids[proc]!;
    const node = this.str(i, S_NODE);
    if (node !== undefined) rec.node = node;
    const from = this.int(i, I_FROM);
    if (from >= 0) {
      rec.from = this.ids[from]!;
      rec.to = this.ids[this.int(i, I_TO)]!;
      rec.id = this.int(i, I_ID);
    }
    const type = this.str(i, S_TYPE);
    if (type !== undefined) rec.type = type;
    const data = this.data[c]![o];
    if (data !== undefined) rec.data = data;
    const timer = this.str(i, S_TIMER);
    if (timer !== undefined) rec.timer = timer;
    const delay = this.nums[c]![o * NUMS + 1]!;
    if (!Number.isNaN(delay)) rec.delay = delay;
    const detail = this.detail.get(i);
    if (detail !== undefined) rec.detail = detail;
    const state = this.state.get(i);
    if (state !== undefined) rec.state = state;
    return rec;
  }

  /** A record about one process (-1: none) — local messages, timers, storage, checks; returns its index. */
  event(kind: TraceKind, proc: number, type: string | undefined, data: unknown): number {
    return this.push(kind, proc, -1, -1, 0, type, data);
  }

  /**
   * A record about one network message between processes `from` and `to` (indexes); its data is
   * copied, so a receiver mutating the message cannot rewrite history. `recorded` is the data of
   * an earlier record of the same message (its send), which records may share since nothing
   * writes to trace data: no second copy.
   */
  message(kind: TraceKind, from: number, to: number, id: number, msg: Message, recorded?: unknown): number {
    const data = recorded === undefined ? cloneJson(msg.data) : recorded;
    return this.push(kind, kind === 'deliver' ? to : from, from, to, id, msg.type, data);
  }

  /** A line process `proc` printed (console.log) during its handler; the text is in `detail`. */
  log(proc: number, text: string): void {
    this.detail.set(this.push('log', proc, -1, -1, 0, undefined, undefined), text);
  }

  /** A change of nodes or network (crash, recover, links, partitions); nothing when disabled. */
  change(kind: TraceKind, node: string | undefined, detail: string | undefined): void {
    if (!this.enabled) return;
    const i = this.push(kind, -1, -1, -1, 0, undefined, undefined);
    if (node !== undefined) this.strs[i >> CHUNK_BITS]![(i & MASK) * STRS + S_NODE] = node;
    if (detail !== undefined) this.detail.set(i, detail);
  }

  /** The data of record `i` (to share it with a later record of the same message). */
  dataOf(i: number): unknown {
    return this.data[i >> CHUNK_BITS]![i & MASK];
  }

  setTimer(i: number, timer: string, delay?: number): void {
    this.strs[i >> CHUNK_BITS]![(i & MASK) * STRS + S_TIMER] = timer;
    this.patch(i, 'timer', timer);
    if (delay !== undefined) {
      this.nums[i >> CHUNK_BITS]![(i & MASK) * NUMS + 1] = delay;
      this.patch(i, 'delay', delay);
    }
  }

  setDetail(i: number, detail: string): void {
    this.detail.set(i, detail);
    this.patch(i, 'detail', detail);
  }

  setState(i: number, state: unknown): void {
    this.state.set(i, state);
    this.patch(i, 'state', state);
  }

  /** A field added after its record was read: the built record gets it too. */
  private patch(i: number, key: 'timer' | 'delay' | 'detail' | 'state', value: unknown): void {
    const rec = this.built[i];
    if (rec !== undefined) (rec as unknown as Record<string, unknown>)[key] = value;
  }
}
