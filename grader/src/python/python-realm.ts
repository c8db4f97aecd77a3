import { recordProcessLog, StateError, type Context, type Process } from '@dsgrade/framework';
import type { OutputBuffer } from '../sandbox/output-buffer.js';
import type { StudentClasses, StudentHooks } from '../sandbox/runner-api.js';
import { StudentCodeError } from '../sandbox/student-code-error.js';
import type { LoadedPython } from './load-pyodide.js';
import type { PythonBundle } from './python-bundle.js';

/** The functions of `_dsgrade_runtime` the host calls (runtime-source.ts); each returns JSON text or a number. */
interface Runtime {
  bind_determinism(random: () => number, nowMs: () => number): void;
  load_student(filesJson: string, entry: string, host: HostFn): string;
  create(className: string, argsJson: string): string;
  blank(className: string): number;
  load_state(handle: number, json: string): void;
  dispatch(handle: number, kind: number, payload: string | null, arg: string | null, procId: string): string;
  forget(handle: number): void;
}

type HostFn = (op: number, a: unknown, b: unknown) => unknown;

const ERROR = '\u0000dsgrade-error:';
const HANDLER = { onMessage: 0, onLocalMessage: 1, onTimer: 2 } as const;

/** A context call a handler made: operation number and its two arguments, as the host received them. */
type Effect = [number, unknown, unknown];

/** What a handler did from given fields and event: its context calls and the fields it left. */
interface Memo {
  effects: Effect[];
  dump: string;
  /** The dump parsed once: copies share its values, which nothing mutates (the checker copies a process before each handler). */
  state: DumpedState;
}

/** Bounds the memo's memory; past it, handlers simply run. */
const MEMO_ENTRIES = 200_000;

interface DumpedState {
  ok: Record<string, unknown>;
  bad: Record<string, string>;
}

/** What the host last wrote into a process object's fields, to tell when the framework replaced them. */
interface Mirror {
  handle: number;
  keys: string[];
  values: unknown[];
  /** The dump the fields were last written from; undefined after the framework replaced them. */
  dump: string | undefined;
}

function ownValues(target: object, keys: readonly string[]): unknown[] {
  return keys.map((k) => {
    const d = Object.getOwnPropertyDescriptor(target, k);
    return d === undefined ? undefined : 'value' in d ? d.value : d.get;
  });
}

function fatal(e: unknown): never {
  // Pyodide cannot run again after a fatal error (a wasm stack overflow, say): end the child so
  // the grader starts a fresh one for the next test.
  process.stderr.write(`dsgrade: the Python interpreter failed and cannot continue: ${String((e as Error)?.message ?? e)}\n`);
  process.exit(75);
}

function isFatal(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { pyodide_fatal_error?: unknown }).pyodide_fatal_error === true;
}

/**
 * A fresh set of the student's Python modules in the child's one Pyodide, seen by the framework
 * as a `StudentClasses`. A process is a host object whose own fields mirror the Python
 * instance's `__dict__` as tagged JSON data (runtime-source.ts's enc/dec): the framework
 * snapshots, restores, copies and hashes those fields like a TypeScript process's; when it
 * replaced them (a restore), they are written back into Python before the next handler runs.
 * A copy the framework made (a model checker's state) has no Python instance of its own: its
 * fields are loaded into one scratch instance of its class. A copy's handler is memoized by
 * (class, process id, event, fields) when it read nothing else (no clock, random, buggify,
 * storage read or print): the checker meets the same local state and event in many global
 * states, and a handler is a function of them, so the memo replays its context calls instead
 * of running Python again.
 */
export function loadPythonRealm(python: LoadedPython, bundle: PythonBundle, hooks: StudentHooks, output: OutputBuffer): StudentClasses {
  const rt = python.runtime as unknown as Runtime;
  let active: Context | undefined;
  let hostFailure: { error: unknown } | undefined;
  /** False once the running handler read something besides its fields and event (clock, random, storage) or printed. */
  let pure = true;
  /** The running handler's context calls that change the world, for the memo. */
  let effects: Effect[] = [];
  python.setOutput((text) => {
    pure = false;
    output.write(text);
    // As console.log for TypeScript: a line printed by a handler is a trace event at its step and process.
    if (active !== undefined) recordProcessLog(active, text.endsWith('\n') ? text.slice(0, -1) : text);
  });

  const host: HostFn = (op, a, b) => {
    const ctx = active;
    if (ctx === undefined) return `${ERROR}ctx was used after its handler returned; use the ctx passed to the running handler`;
    // Reads make the handler depend on more than its fields and event; the rest are replayable effects.
    if (op === 0 || op === 6 || op === 7 || op === 8) pure = false;
    else effects.push([op, a, b]);
    try {
      switch (op) {
        case 0: return ctx.time();
        case 1: ctx.send(JSON.parse(String(a)) as never, String(b)); return null;
        case 2: ctx.sendLocal(JSON.parse(String(a)) as never); return null;
        case 3: ctx.setTimer(String(a), Number(b)); return null;
        case 4: ctx.setTimerOnce(String(a), Number(b)); return null;
        case 5: ctx.cancelTimer(String(a)); return null;
        case 6: return ctx.random();
        case 7: return ctx.buggify(a === null || a === undefined ? undefined : Number(a));
        case 8: {
          const v = ctx.storage.get(String(a));
          return v === undefined ? null : JSON.stringify(v);
        }
        case 9: ctx.storage.put(String(a), JSON.parse(String(b))); return null;
        case 10: ctx.storage.delete(String(a)); return null;
        case 11: ctx.storage.sync(); return null;
        default: return `${ERROR}unknown context operation ${op}`;
      }
    } catch (e) {
      // The host's own error (a limit, a misuse) wins over whatever Python does with its copy.
      hostFailure ??= { error: e };
      return `${ERROR}${e instanceof Error ? e.message : String(e)}`;
    }
  };

  const call = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (isFatal(e)) fatal(e);
      throw new StudentCodeError('PythonError', e instanceof Error ? e.message.split('\n').slice(-2).join(' ').trim() : String(e), '', true);
    }
  };

  const parse = (json: string): Record<string, unknown> => {
    const v = JSON.parse(json) as Record<string, unknown>;
    const err = v.error as [string, string, string] | undefined;
    if (err !== undefined) throw new StudentCodeError(err[0], err[2] === '' ? err[1] : `${err[1]} (${err[2]})`, '', true);
    return v;
  };

  const random = (): number => {
    pure = false;
    return hooks.random();
  };
  const nowMs = (): number => {
    pure = false;
    return hooks.nowMs();
  };
  call(() => rt.bind_determinism(random, nowMs));
  const loaded = parse(call(() => rt.load_student(JSON.stringify(bundle.files), bundle.entry, host)));
  const exportNames = loaded.classes as string[];

  const mirrors = new WeakMap<object, Mirror>();
  /** Processes made by create(); every other target is a copy the framework made (a model checker's state). */
  const created = new WeakSet<object>();
  /** One Python instance per class that a copy's fields are loaded into before its handler runs. */
  const scratch = new Map<string, number>();
  const memo = new Map<string, Memo>();
  const forget = new FinalizationRegistry<number>((handle) => {
    try {
      rt.forget(handle);
    } catch {
      // The interpreter is gone with its instances.
    }
  });

  function writeFields(target: object, className: string, proc: string | undefined, dump: string, handle: number, parsed?: DumpedState): void {
    const m = mirrors.get(target);
    // Most handlers leave the state as it was (a server that only answers): keep the fields.
    if (m !== undefined && m.dump === dump) return;
    const state = parsed ?? (parse(dump) as unknown as DumpedState);
    const t = target as Record<string, unknown>;
    for (const k of Object.keys(t)) delete t[k];
    for (const [k, v] of Object.entries(state.ok)) t[k] = v;
    for (const [k, why] of Object.entries(state.bad)) {
      Object.defineProperty(t, k, {
        enumerable: true,
        configurable: true,
        get: () => {
          throw new StateError(
            `process "${proc ?? '?'}" (class ${className}): ${why}, which cannot be snapshotted; keep only plain data in ` +
              'fields (dict, list, tuple, set, str, int, float, bool, None, Message)',
          );
        },
      });
    }
    // A copy has no Python instance of its own to keep in step with its fields.
    if (handle < 0) return;
    const keys = Object.keys(t);
    mirrors.set(target, { handle, keys, values: ownValues(target, keys), dump });
  }

  function fieldsJson(target: object): string {
    const fields = target as Record<string, unknown>;
    const data: Record<string, unknown> = {};
    for (const k of Object.keys(target)) data[k] = fields[k];
    return JSON.stringify(data);
  }

  /** The Python instance behind a process made by create(), with the fields the framework holds written into it. */
  function pythonOf(target: object): number {
    const m = mirrors.get(target)!;
    const keys = Object.keys(target);
    const values = ownValues(target, keys);
    const same = keys.length === m.keys.length && keys.every((k, i) => k === m.keys[i] && values[i] === m.values[i]);
    if (!same) {
      const json = fieldsJson(target);
      call(() => rt.load_state(m.handle, json));
      m.keys = keys;
      m.values = values;
      m.dump = undefined;
    }
    return m.handle;
  }

  /** The class's scratch instance with a copy's fields loaded into it. */
  function scratchOf(className: string, json: string): number {
    let h = scratch.get(className);
    if (h === undefined) {
      h = call(() => rt.blank(className));
      scratch.set(className, h);
    }
    const handle = h;
    call(() => rt.load_state(handle, json));
    return handle;
  }

  function handle(target: object, className: string, kind: number, payload: string | null, arg: string | null, ctx: Context): void {
    if (typeof ctx !== 'object' || ctx === null) throw new TypeError('a Process handler needs the Context as its last argument');
    const proc = String(ctx.self);
    const own = created.has(target);
    let key: string | undefined;
    let h: number;
    if (own) {
      h = pythonOf(target);
    } else {
      const json = fieldsJson(target);
      key = `${className}\u0000${proc}\u0000${kind}\u0000${payload ?? ''}\u0000${arg ?? ''}\u0000${json}`;
      const hit = memo.get(key);
      if (hit !== undefined) {
        replay(hit, ctx);
        writeFields(target, className, proc, hit.dump, -1, hit.state);
        return;
      }
      h = scratchOf(className, json);
    }
    active = ctx;
    hostFailure = undefined;
    pure = true;
    effects = [];
    let out: string;
    try {
      out = call(() => rt.dispatch(h, kind, payload, arg, proc));
    } finally {
      active = undefined;
    }
    const failure = hostFailure as { error: unknown } | undefined;
    hostFailure = undefined;
    if (failure !== undefined) throw failure.error;
    if (out.startsWith('{"error"')) parse(out);
    if (key === undefined) {
      writeFields(target, className, proc, out, h);
      return;
    }
    const state = parse(out) as unknown as DumpedState;
    if (pure && memo.size < MEMO_ENTRIES) memo.set(key, { dump: out, effects, state });
    writeFields(target, className, proc, out, -1, state);
  }

  /** Does again what a memoized handler did: the same context calls, in order, on this handler's context. */
  function replay(m: Memo, ctx: Context): void {
    active = ctx;
    hostFailure = undefined;
    effects = [];
    try {
      for (const [op, a, b] of m.effects) host(op, a, b);
    } finally {
      active = undefined;
    }
    const failure = hostFailure as { error: unknown } | undefined;
    hostFailure = undefined;
    if (failure !== undefined) throw failure.error;
  }

  const prototypes = new Map<string, object>();
  function prototypeOf(className: string): object {
    let proto = prototypes.get(className);
    if (proto === undefined) {
      const methods: Process = {
        onMessage(msg, from, ctx) { handle(this, className, HANDLER.onMessage, JSON.stringify(msg), String(from), ctx); },
        onLocalMessage(msg, ctx) { handle(this, className, HANDLER.onLocalMessage, JSON.stringify(msg), null, ctx); },
        onTimer(name, ctx) { handle(this, className, HANDLER.onTimer, null, String(name), ctx); },
      };
      // A class name for error messages and traces; the methods are not fields, so not state.
      proto = Object.create(methods, { constructor: { value: { name: className } } }) as object;
      prototypes.set(className, proto);
    }
    return proto;
  }

  return {
    exportNames,
    create(className: string, args: unknown[]): Process {
      if (typeof className !== 'string' || !exportNames.includes(className)) {
        throw new Error(`create: ${String(className)} is not a Process subclass in ${bundle.entry}; pass one of: ${exportNames.join(', ') || '(nothing)'}`);
      }
      if (!Array.isArray(args)) throw new Error('create: args must be an array of JSON-compatible values');
      const made = parse(call(() => rt.create(className, JSON.stringify(args)))) as { handle: number; state: DumpedState };
      const target = Object.create(prototypeOf(className)) as Process;
      const h = made.handle;
      forget.register(target, h);
      created.add(target);
      writeFields(target, className, undefined, JSON.stringify(made.state), h);
      return target;
    },
  };
}
