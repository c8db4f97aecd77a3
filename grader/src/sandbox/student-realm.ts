import vm from 'node:vm';
import { types } from 'node:util';
import type { Context, Message, Process } from '@dsgrade/framework';
import { HANDLERS, OPS, type HostCall, type VmApi } from './bridge-ops.js';
import type { OutputBuffer } from './output-buffer.js';
import type { StudentClasses, StudentHooks } from './runner-api.js';
import { guarded } from './handler-guard.js';
import { HandlerTimeLimit } from './handler-time-limit.js';
import { StudentCodeError } from './student-code-error.js';
import { studentThrow } from './student-throw.js';
import { STUDENT_INSTANCE } from './student-instance.js';

/** The scripts every realm of one child evaluates, compiled once per child. */
export interface RealmScripts {
  bootstrap: vm.Script;
  solution: vm.Script;
}

const OPS_JSON = JSON.stringify(OPS);
const HANDLER_NAMES = ['onMessage', 'onLocalMessage', 'onTimer'] as const;

function requireHooks(hooks: StudentHooks): StudentHooks {
  if (typeof hooks !== 'object' || hooks === null || typeof hooks.random !== 'function' || typeof hooks.nowMs !== 'function') {
    throw new Error('loadStudent: pass hooks { random(): number, nowMs(): number } (seeded random, simulated clock in ms)');
  }
  return hooks;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function parseMessage(json: unknown): Message {
  return (typeof json === 'string' ? JSON.parse(json) : undefined) as Message;
}

/**
 * A fresh vm context with the solution evaluated in it. The context's global is backed by a
 * null-prototype object: with a plain `{}`, `this.constructor` in the realm would be the host's
 * Object, whose constructor is the host's Function — an escape.
 */
export function loadStudentRealm(scripts: RealmScripts, hooksIn: StudentHooks, output: OutputBuffer): StudentClasses {
  const hooks = requireHooks(hooksIn);
  const context = vm.createContext(Object.create(null) as object, {
    name: 'student',
    codeGeneration: { strings: false, wasm: false },
    // Student promises never settle callbacks after a handler returned: async code cannot
    // run between simulated events, so it cannot make runs differ.
    microtaskMode: 'afterEvaluate',
  });

  /** The framework's Context takes the compiler-recorded call site as a second argument. */
  type SiteBuggify = { buggify(probability: number | undefined, site: string | undefined): boolean };
  const activeContexts = new Map<number, Context>();
  const hostFailures = new Map<number, unknown>();
  let nextGen = 1;

  const ctxCall = (op: number, gen: number, a: unknown, b: unknown): string | number | boolean | undefined => {
    const ctx = activeContexts.get(gen);
    if (ctx === undefined) return 'ctx was used after its handler returned; use the ctx passed to the running handler';
    try {
      switch (op) {
        case OPS.time: return Number(ctx.time());
        case OPS.send: ctx.send(parseMessage(a), String(b)); return undefined;
        case OPS.sendLocal: ctx.sendLocal(parseMessage(a)); return undefined;
        case OPS.setTimer: ctx.setTimer(a as string, b as number); return undefined;
        case OPS.setTimerOnce: ctx.setTimerOnce(a as string, b as number); return undefined;
        case OPS.cancelTimer: ctx.cancelTimer(a as string); return undefined;
        case OPS.ctxRandom: return Number(ctx.random());
        case OPS.storageGet: {
          const v = ctx.storage.get(a as string);
          return v === undefined ? undefined : JSON.stringify(v);
        }
        case OPS.storagePut: ctx.storage.put(a as string, JSON.parse(String(b)) as unknown); return undefined;
        case OPS.storageDelete: ctx.storage.delete(a as string); return undefined;
        case OPS.storageSync: ctx.storage.sync(); return undefined;
        case OPS.buggify: return (ctx as SiteBuggify).buggify(a as number | undefined, typeof b === 'string' ? b : undefined) === true;
        default: return `dsgrade: unknown context operation ${op}`;
      }
    } catch (e) {
      // The host's own error (a limit, a misuse the framework rejects) wins over whatever the
      // student does with the vm copy of it: it is rethrown when the handler returns.
      if (!hostFailures.has(gen)) hostFailures.set(gen, e);
      // A storage read answers data as text, so its failure cannot be a string.
      return op === OPS.storageGet ? false : messageOf(e);
    }
  };

  const hostCall: HostCall = (op, gen, a, b) => {
    try {
      switch (op) {
        case OPS.random: return Number(hooks.random());
        case OPS.now: return Number(hooks.nowMs());
        case OPS.log: output.write(typeof a === 'string' ? a : ''); return undefined;
        default: return ctxCall(op, typeof gen === 'number' ? gen : -1, a, b);
      }
    } catch (e) {
      return `dsgrade: ${messageOf(e)}`;
    }
  };

  const boot = scripts.bootstrap.runInContext(context) as (h: HostCall, ops: string) => VmApi;
  const api = boot(hostCall, OPS_JSON);
  // Taken once: the api object is frozen and unreachable from student code, but the host never
  // looks a function up on a vm object twice.
  const { load, create, invoke, describe } = api;
  let exportNames: string[];
  try {
    const exportsObject: unknown = guarded(() => scripts.solution.runInContext(context), 'the top level of the solution');
    exportNames = load(exportsObject).split(',').filter((n) => n !== '');
  } catch (thrown) {
    if (thrown instanceof HandlerTimeLimit) throw thrown;
    throw studentThrow(thrown, describe);
  }

  function callHandler(instance: object, handler: number, payload: string | undefined, arg: string | undefined, ctx: Context): void {
    if (typeof ctx !== 'object' || ctx === null) throw new TypeError('a Process handler needs the Context as its last argument');
    const gen = nextGen++;
    activeContexts.set(gen, ctx);
    let thrown: { value: unknown } | undefined;
    try {
      guarded(() => invoke(instance, handler, payload, arg, String(ctx.self), gen), `the ${HANDLER_NAMES[handler]} handler`);
    } catch (e) {
      if (e instanceof HandlerTimeLimit) {
        activeContexts.delete(gen);
        hostFailures.delete(gen);
        throw e;
      }
      thrown = { value: e };
    } finally {
      activeContexts.delete(gen);
    }
    if (hostFailures.has(gen)) {
      const failure = hostFailures.get(gen);
      hostFailures.delete(gen);
      throw failure;
    }
    if (thrown !== undefined) throw studentThrow(thrown.value, describe);
  }

  function wrap(instance: object): Process {
    const handlers: Process = {
      onMessage: (msg, from, ctx) => callHandler(instance, HANDLERS.onMessage, JSON.stringify(msg), String(from), ctx),
      onLocalMessage: (msg, ctx) => callHandler(instance, HANDLERS.onLocalMessage, JSON.stringify(msg), undefined, ctx),
      onTimer: (name, ctx) => callHandler(instance, HANDLERS.onTimer, undefined, String(name), ctx),
    };
    return new Proxy(instance, {
      get(target, key) {
        if (key === 'onMessage' || key === 'onLocalMessage' || key === 'onTimer') return handlers[key];
        if (key === STUDENT_INSTANCE) return target;
        // The receiver is the vm instance itself: a student getter must never see this host proxy.
        return Reflect.get(target, key, target);
      },
      set(target, key, value) {
        return Reflect.set(target, key, value, target);
      },
    }) as unknown as Process;
  }

  return {
    exportNames,
    create(className: string, args: unknown[]): Process {
      if (typeof className !== 'string' || !exportNames.includes(className)) {
        throw new Error(`create: ${String(className)} is not exported by the solution; pass one of: ${exportNames.join(', ') || '(nothing)'}`);
      }
      if (!Array.isArray(args)) throw new Error('create: args must be an array of JSON-compatible values');
      const argsJson = JSON.stringify(args);
      let instance: unknown;
      try {
        instance = guarded(() => create(className, argsJson), `the constructor of ${className}`);
      } catch (thrown) {
        if (thrown instanceof HandlerTimeLimit) throw thrown;
        throw studentThrow(thrown, describe);
      }
      // A Proxy instance would see host-made property descriptors through its traps.
      if (typeof instance !== 'object' || instance === null || types.isProxy(instance)) {
        throw new StudentCodeError('TypeError', `the constructor of ${className} must not return a value`, '', true);
      }
      return wrap(instance);
    },
  };
}
