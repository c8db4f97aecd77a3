import type { HostCall, VmApi } from './bridge-ops.js';

/**
 * Runs INSIDE each fresh student vm context, before any student code: its source text
 * (`bootstrap.toString()`) is evaluated there, so it may use only the realm's own built-ins and
 * its two parameters, never anything imported by this module.
 *
 * It takes the built-ins it needs at load time (student code may later overwrite JSON, Reflect,
 * Object.prototype, Array.prototype[Symbol.iterator]... in its realm), installs the seeded
 * Math.random, the virtual Date and the captured console, removes sources of nondeterminism,
 * and returns the VmApi the host drives. `hostCall` stays in this closure: no student-reachable
 * object refers to it, and everything it returns is a primitive.
 */
export function bootstrap(hostCall: HostCall, opsJson: string): VmApi {
  'use strict'; // strict frames hide their function and receiver from stack-trace call sites

  const g = globalThis;
  const VmError = Error;
  const VmTypeError = TypeError;
  const JSONparse = JSON.parse;
  const JSONstringify = JSON.stringify;
  const ReflectApply = Reflect.apply;
  const ReflectConstruct = Reflect.construct;
  const defineProperty = Object.defineProperty;
  const objectKeys = Object.keys;
  const freeze = Object.freeze;
  const toStringTag = Object.prototype.toString;
  const StringOf = String;
  const RealDate = Date;
  const dateToString = Date.prototype.toString;
  const ops = JSONparse(opsJson) as Record<string, number>;
  const OP_RANDOM = ops.random!, OP_NOW = ops.now!, OP_LOG = ops.log!, OP_TIME = ops.time!, OP_SEND = ops.send!;
  const OP_SEND_LOCAL = ops.sendLocal!, OP_SET_TIMER = ops.setTimer!, OP_SET_TIMER_ONCE = ops.setTimerOnce!;
  const OP_CANCEL_TIMER = ops.cancelTimer!, OP_CTX_RANDOM = ops.ctxRandom!, OP_BUGGIFY = ops.buggify!;
  const OP_STORAGE_GET = ops.storageGet!, OP_STORAGE_PUT = ops.storagePut!, OP_STORAGE_DELETE = ops.storageDelete!, OP_STORAGE_SYNC = ops.storageSync!;

  function call(op: number, gen?: number, a?: unknown, b?: unknown): string | number | boolean | undefined {
    let r: string | number | boolean | undefined;
    try {
      r = hostCall(op, gen, a, b);
    } catch {
      // Whatever the host threw (even a stack overflow) stays here; the student gets a vm Error.
      throw new VmError('dsgrade: the host could not complete this call');
    }
    if (typeof r === 'string') throw new VmError(r);
    return r;
  }

  function num(v: unknown): number {
    return typeof v === 'number' ? v : NaN;
  }

  function primitive(v: unknown, where: string): unknown {
    if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
      throw new VmTypeError(`${where} must be a string or a number, not an object`);
    }
    return v;
  }

  function json(v: unknown, where: string): string {
    const s: unknown = JSONstringify(v);
    if (typeof s !== 'string') throw new VmTypeError(`${where}: the message must be a JSON-compatible object like { type, data }`);
    return s;
  }

  // ---- seeded Math.random and virtual Date ----
  defineProperty(Math, 'random', {
    value: function random(): number {
      return num(call(OP_RANDOM));
    },
    writable: true,
    configurable: true,
  });
  const now = (): number => num(call(OP_NOW));
  const VirtualDate = function Date(this: unknown, ...args: unknown[]): unknown {
    if (new.target === undefined) return ReflectApply(dateToString, new RealDate(now()), []);
    return ReflectConstruct(RealDate, args.length === 0 ? [now()] : args, new.target);
  } as unknown as DateConstructor;
  defineProperty(VirtualDate, 'prototype', { value: RealDate.prototype, writable: false });
  defineProperty(VirtualDate, 'now', { value: function now_(): number { return now(); }, writable: true, configurable: true });
  defineProperty(VirtualDate, 'parse', { value: RealDate.parse, writable: true, configurable: true });
  defineProperty(VirtualDate, 'UTC', { value: RealDate.UTC, writable: true, configurable: true });
  defineProperty(RealDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true });
  defineProperty(g, 'Date', { value: VirtualDate, writable: true, configurable: true });

  // Garbage-collector timing and the host clock / locale would make runs differ.
  const removed = ['WeakRef', 'FinalizationRegistry', 'Intl', 'WebAssembly'];
  for (let i = 0; i < removed.length; i++) delete (g as Record<string, unknown>)[removed[i]!];

  // ---- console: formatted here, only the resulting string crosses ----
  function describe(thrown: unknown, field: number): string {
    try {
      if (field === 3) {
        if (typeof thrown === 'string') return thrown;
        if ((typeof thrown !== 'object' || thrown === null) && typeof thrown !== 'function') return StringOf(thrown);
        if (typeof thrown === 'function') return '[Function]';
        const s: unknown = JSONstringify(thrown);
        return typeof s === 'string' ? s : (ReflectApply(toStringTag, thrown, []) as string);
      }
      if (typeof thrown !== 'object' || thrown === null) return '';
      const v: unknown = (thrown as Record<string, unknown>)[field === 0 ? 'name' : field === 1 ? 'message' : 'stack'];
      return typeof v === 'string' ? v : '';
    } catch {
      return '';
    }
  }
  function format(args: ArrayLike<unknown>): string {
    let line = '';
    for (let i = 0; i < args.length; i++) {
      const v = args[i];
      let text: string;
      if (v instanceof VmError) {
        const stack = describe(v, 2);
        text = stack !== '' ? stack : `${describe(v, 0)}: ${describe(v, 1)}`;
      } else {
        text = describe(v, 3);
      }
      line = i === 0 ? text : `${line} ${text}`;
    }
    return `${line}\n`;
  }
  const console_ = Object.create(null) as Record<string, unknown>;
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'];
  for (let i = 0; i < methods.length; i++) {
    console_[methods[i]!] = function (...args: unknown[]): void {
      call(OP_LOG, 0, format(args));
    };
  }
  defineProperty(g, 'console', { value: freeze(console_), writable: true, configurable: true });

  /** ctx.storage: values cross as JSON text; a read answers false when the host refused it (its error is rethrown after the handler). */
  function storageOf(gen: number): object {
    return freeze({
      get(key: unknown): unknown {
        let r: string | number | boolean | undefined;
        try {
          r = hostCall(OP_STORAGE_GET, gen, primitive(key, 'ctx.storage.get: key'));
        } catch {
          throw new VmError('dsgrade: the host could not complete this call');
        }
        if (r === false) throw new VmError('ctx.storage.get failed');
        return typeof r === 'string' ? JSONparse(r) : undefined;
      },
      put(key: unknown, value: unknown): void {
        const text: unknown = JSONstringify(value);
        if (typeof text !== 'string') throw new VmTypeError('ctx.storage.put: value must be JSON data (null, a number, a string, an array or an object)');
        call(OP_STORAGE_PUT, gen, primitive(key, 'ctx.storage.put: key'), text);
      },
      delete(key: unknown): void {
        call(OP_STORAGE_DELETE, gen, primitive(key, 'ctx.storage.delete: key'));
      },
      sync(): void {
        call(OP_STORAGE_SYNC, gen);
      },
    });
  }

  // ---- the Context the student acts through ----
  class Context {
    readonly #gen: number;
    declare readonly self: string;
    declare readonly storage: object;
    constructor(self: string, gen: number) {
      this.#gen = gen;
      defineProperty(this, 'self', { value: self, enumerable: true });
      defineProperty(this, 'storage', { value: storageOf(gen), enumerable: true });
    }
    time(): number {
      return num(call(OP_TIME, this.#gen));
    }
    send(msg: unknown, to: unknown): void {
      if (typeof to !== 'string') throw new VmTypeError('ctx.send: to must be a process id string');
      call(OP_SEND, this.#gen, json(msg, 'ctx.send'), to);
    }
    sendLocal(msg: unknown): void {
      call(OP_SEND_LOCAL, this.#gen, json(msg, 'ctx.sendLocal'));
    }
    setTimer(name: unknown, delay: unknown): void {
      call(OP_SET_TIMER, this.#gen, primitive(name, 'ctx.setTimer: name'), primitive(delay, 'ctx.setTimer: delay'));
    }
    setTimerOnce(name: unknown, delay: unknown): void {
      call(OP_SET_TIMER_ONCE, this.#gen, primitive(name, 'ctx.setTimerOnce: name'), primitive(delay, 'ctx.setTimerOnce: delay'));
    }
    cancelTimer(name: unknown): void {
      call(OP_CANCEL_TIMER, this.#gen, primitive(name, 'ctx.cancelTimer: name'));
    }
    random(): number {
      return num(call(OP_CTX_RANDOM, this.#gen));
    }
    buggify(probability?: unknown, site?: unknown): boolean {
      // `site` is added to each call by the grader's compiler (file:line:column), never by students.
      return call(OP_BUGGIFY, this.#gen, primitive(probability, 'ctx.buggify: probability'), typeof site === 'string' ? site : undefined) === true;
    }
  }

  // ---- the API the host drives ----
  let exported: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const handlerNames = ['onMessage', 'onLocalMessage', 'onTimer'];

  return freeze({
    load(exportsObject: unknown): string {
      if (typeof exportsObject !== 'object' || exportsObject === null) throw new VmTypeError('the solution bundle exports nothing');
      exported = exportsObject as Record<string, unknown>;
      const names = objectKeys(exported);
      let list = '';
      for (let i = 0; i < names.length; i++) list = i === 0 ? names[i]! : `${list},${names[i]!}`;
      return list;
    },
    create(className: string, argsJson: string): unknown {
      const Cls = exported[className];
      if (typeof Cls !== 'function') throw new VmTypeError(`the solution does not export class ${className}`);
      const args = JSONparse(argsJson) as unknown[];
      return ReflectConstruct(Cls as new (...a: unknown[]) => unknown, args);
    },
    invoke(instance: unknown, handler: number, payloadJson: string | undefined, arg: string | undefined, self: string, gen: number): void {
      const name = handlerNames[handler]!;
      const fn = (instance as Record<string, unknown>)[name];
      if (typeof fn !== 'function') throw new VmTypeError(`the process has no ${name} method`);
      const ctx = new Context(self, gen);
      const payload: unknown = payloadJson === undefined ? undefined : JSONparse(payloadJson);
      if (handler === 0) ReflectApply(fn, instance, [payload, arg, ctx]);
      else if (handler === 1) ReflectApply(fn, instance, [payload, ctx]);
      else ReflectApply(fn, instance, [arg, ctx]);
    },
    describe,
  });
}
