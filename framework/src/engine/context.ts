import type { Context, Message, Storage } from '../process.js';

/**
 * What a running handler's Context acts on. The simulator implements it by scheduling events;
 * the model checker by collecting the events of a successor state. Slots are process indexes.
 */
export interface ContextHost {
  ctxTime(slot: number): number;
  ctxSend(slot: number, msg: Message, to: string): void;
  ctxSendLocal(slot: number, msg: Message): void;
  ctxSetTimer(slot: number, name: string, delay: number, once: boolean): void;
  ctxCancelTimer(slot: number, name: string): void;
  ctxRandom(slot: number): number;
  ctxBuggify(slot: number, probability: number, site: string | undefined): boolean;
  ctxStorageGet(slot: number, key: string): unknown;
  ctxStoragePut(slot: number, key: string, value: unknown): void;
  ctxStorageDelete(slot: number, key: string): void;
  ctxStorageSync(slot: number): void;
}

function checkKey(where: string, key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new Error(`${where}: key must be a string, got ${describe(key)}`);
}

function checkMessage(where: string, msg: unknown): asserts msg is Message {
  if (typeof msg !== 'object' || msg === null || typeof (msg as { type?: unknown }).type !== 'string') {
    throw new Error(`${where}: pass a message object { type: string, data: <JSON value> }, got ${describe(msg)}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v)?.slice(0, 80) ?? 'an object';
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

function checkTimer(where: string, name: unknown, delay?: unknown): void {
  if (typeof name !== 'string') throw new Error(`${where}: timer name must be a string, got ${describe(name)}`);
  if (delay !== undefined && !(typeof delay === 'number' && Number.isFinite(delay) && delay >= 0)) {
    throw new Error(`${where}: delay must be a finite number of seconds >= 0, got ${describe(delay)}`);
  }
}

/** The Context handed to one process incarnation; created once, reused for every event. */
export class ProcessContext implements Context {
  readonly storage: Storage;

  constructor(
    readonly self: string,
    private readonly host: ContextHost,
    private readonly slot: number,
  ) {
    this.storage = Object.freeze({
      get(key: string): unknown {
        checkKey('ctx.storage.get', key);
        return host.ctxStorageGet(slot, key);
      },
      put(key: string, value: unknown): void {
        checkKey('ctx.storage.put', key);
        host.ctxStoragePut(slot, key, value);
      },
      delete(key: string): void {
        checkKey('ctx.storage.delete', key);
        host.ctxStorageDelete(slot, key);
      },
      sync(): void {
        host.ctxStorageSync(slot);
      },
    });
  }

  time(): number {
    return this.host.ctxTime(this.slot);
  }

  send(msg: Message, to: string): void {
    checkMessage('ctx.send', msg);
    if (typeof to !== 'string') throw new Error(`ctx.send: destination must be a process id string, got ${describe(to)}`);
    this.host.ctxSend(this.slot, msg, to);
  }

  sendLocal(msg: Message): void {
    checkMessage('ctx.sendLocal', msg);
    this.host.ctxSendLocal(this.slot, msg);
  }

  setTimer(name: string, delay: number): void {
    checkTimer('ctx.setTimer', name, delay);
    this.host.ctxSetTimer(this.slot, name, delay, false);
  }

  setTimerOnce(name: string, delay: number): void {
    checkTimer('ctx.setTimerOnce', name, delay);
    this.host.ctxSetTimer(this.slot, name, delay, true);
  }

  cancelTimer(name: string): void {
    checkTimer('ctx.cancelTimer', name);
    this.host.ctxCancelTimer(this.slot, name);
  }

  random(): number {
    return this.host.ctxRandom(this.slot);
  }

  /**
   * `site` is not for students: the grader's compiler adds the call's file:line:column to each
   * `ctx.buggify(...)` call, so the site need not be found from a stack trace at run time.
   */
  buggify(probability = 0.25, site?: string): boolean {
    if (!(typeof probability === 'number' && probability >= 0 && probability <= 1)) {
      throw new Error(`ctx.buggify: probability must be in [0, 1], got ${describe(probability)}`);
    }
    return this.host.ctxBuggify(this.slot, probability, typeof site === 'string' ? site : undefined);
  }
}
