import { StudentError } from '../errors.js';
import { copiedBytes, copyJson, copyJsonData, cloneJson } from '../json.js';
import type { Message, Process } from '../process.js';
import type { TraceRecorder } from '../trace-recorder.js';
import { ProcessContext, type ContextHost } from './context.js';
import type { EffectSink } from './effect-sink.js';
import type { Topology } from './topology.js';

export type Handler = 'onMessage' | 'onLocalMessage' | 'onTimer' | 'constructor';

/** Bytes of `{"type":"","data":}` around a message's type and data. */
const ENVELOPE_BYTES = 19;

/**
 * The one place a process's handler runs, for every driver: it calls the handler, turns what
 * it throws into a StudentError naming the process, handler and step, and is the Context's
 * host while it runs — applying the context rules (a context works only inside its own
 * process's handler, destinations must exist, data is copied as JSON, timer set / set-once /
 * cancel semantics) before handing each effect to the driver's EffectSink.
 */
export class HandlerFrame implements ContextHost {
  /** The process whose handler is running; -1 between handlers. */
  private cur = -1;
  private step = 0;
  readonly contexts: ProcessContext[];

  constructor(
    readonly topology: Topology,
    private readonly sink: EffectSink,
    /** Writes the handler-side records (local-out, timer-set, timer-cancel) when enabled. */
    public recorder: TraceRecorder,
  ) {
    this.contexts = topology.ids.map((id, i) => new ProcessContext(id, this, i));
  }

  /** Builds a process from its factory (a fresh start, or a recovery). */
  construct(slot: number, step: number): Process {
    const id = this.topology.ids[slot]!;
    let p: Process;
    try {
      p = this.topology.factories[slot]!();
    } catch (e) {
      throw new StudentError(id, 'constructor', step, e);
    }
    if (typeof p !== 'object' || p === null || typeof p.onMessage !== 'function' || typeof p.onLocalMessage !== 'function' || typeof p.onTimer !== 'function') {
      throw new Error(`addProcess: the factory of "${id}" must return an object with onMessage, onLocalMessage and onTimer methods`);
    }
    return p;
  }

  deliver(slot: number, instance: Process, msg: Message, from: string, step: number): void {
    this.enter(slot, step);
    try {
      instance.onMessage(msg, from, this.contexts[slot]!);
    } catch (e) {
      throw this.thrown(slot, 'onMessage', e);
    }
    this.cur = -1;
  }

  fire(slot: number, instance: Process, timer: string, step: number): void {
    this.enter(slot, step);
    try {
      instance.onTimer(timer, this.contexts[slot]!);
    } catch (e) {
      throw this.thrown(slot, 'onTimer', e);
    }
    this.cur = -1;
  }

  local(slot: number, instance: Process, msg: Message, step: number): void {
    this.enter(slot, step);
    try {
      instance.onLocalMessage(msg, this.contexts[slot]!);
    } catch (e) {
      throw this.thrown(slot, 'onLocalMessage', e);
    }
    this.cur = -1;
  }

  private enter(slot: number, step: number): void {
    this.cur = slot;
    this.step = step;
  }

  private thrown(slot: number, handler: Handler, e: unknown): StudentError {
    this.cur = -1;
    return new StudentError(this.topology.ids[slot]!, handler, this.step, e);
  }

  private check(slot: number, what: string): void {
    if (slot !== this.cur) throw new Error(`${what}: a process's context was used outside its own handler`);
  }

  // ---------------------------------------------------------------- ContextHost

  ctxLog(slot: number, text: string): void {
    // Only while its own handler runs; a stale context's output has no step to belong to.
    if (slot !== this.cur || !this.recorder.enabled) return;
    this.recorder.log(slot, text);
  }

  ctxTime(slot: number): number {
    this.check(slot, 'ctx.time');
    return this.sink.clock(slot);
  }

  ctxSend(slot: number, msg: Message, to: string): void {
    this.check(slot, 'ctx.send');
    const dest = this.topology.proc('ctx.send', to);
    const copy = copyJsonData(msg.data, 'ctx.send');
    this.sink.send(slot, dest, { type: msg.type, data: copy }, copiedBytes() + msg.type.length + ENVELOPE_BYTES);
  }

  ctxSendLocal(slot: number, msg: Message): void {
    this.check(slot, 'ctx.sendLocal');
    const copy: Message = { type: msg.type, data: copyJson(msg.data, 'ctx.sendLocal').copy };
    this.sink.sendLocal(slot, copy);
    if (this.recorder.enabled) this.recorder.event('local-out', slot, copy.type, cloneJson(copy.data));
  }

  ctxSetTimer(slot: number, name: string, delay: number, once: boolean): void {
    this.check(slot, once ? 'ctx.setTimerOnce' : 'ctx.setTimer');
    if (once && this.sink.isArmed(slot, name)) return;
    this.sink.arm(slot, name, delay);
    if (this.recorder.enabled) this.recorder.setTimer(this.recorder.event('timer-set', slot, undefined, undefined), name, delay);
  }

  ctxCancelTimer(slot: number, name: string): void {
    this.check(slot, 'ctx.cancelTimer');
    if (!this.sink.isArmed(slot, name)) return;
    this.sink.disarm(slot, name);
    if (this.recorder.enabled) this.recorder.setTimer(this.recorder.event('timer-cancel', slot, undefined, undefined), name);
  }

  ctxRandom(slot: number): number {
    this.check(slot, 'ctx.random');
    return this.sink.random(slot);
  }

  ctxStorageGet(slot: number, key: string): unknown {
    this.check(slot, 'ctx.storage.get');
    const v = this.sink.storageGet(slot, key);
    return v === undefined ? undefined : cloneJson(v);
  }

  ctxStoragePut(slot: number, key: string, value: unknown): void {
    this.check(slot, 'ctx.storage.put');
    if (value === undefined) throw new Error('ctx.storage.put: value must be JSON data (null, a number, a string, an array or an object); use ctx.storage.delete to remove a key');
    const copy = copyJson(value, 'ctx.storage.put').copy;
    this.sink.storageWrite(slot, key, copy);
    this.recordStorage(slot, 'put', { key, value: copy });
  }

  ctxStorageDelete(slot: number, key: string): void {
    this.check(slot, 'ctx.storage.delete');
    this.sink.storageWrite(slot, key, undefined);
    this.recordStorage(slot, 'delete', { key });
  }

  ctxStorageSync(slot: number): void {
    this.check(slot, 'ctx.storage.sync');
    this.sink.storageSync(slot);
    this.recordStorage(slot, 'sync', undefined);
  }

  private recordStorage(slot: number, op: string, data: unknown): void {
    if (this.recorder.enabled) this.recorder.event('storage', slot, op, data === undefined ? undefined : cloneJson(data));
  }

  ctxBuggify(slot: number, probability: number, site: string | undefined): boolean {
    this.check(slot, 'ctx.buggify');
    return this.sink.buggify(slot, probability, site);
  }
}
