/**
 * A small JobRunner for the sandbox tests: instantiates one exported class, feeds it a list of
 * handler calls through a recording Context, and returns what the process did plus a report
 * on whether the child's own (host) built-ins are still intact.
 */
import type { Context, Message, Process, ProcessSnapshot } from '@dsgrade/framework';
import { restoreFields, snapshotFields } from '@dsgrade/framework';
import type { JobRunner } from '../../src/sandbox/index.js';
import { STUDENT_INSTANCE, StudentCodeError } from '../../src/sandbox/index.js';

export type Step =
  | { kind: 'message'; msg: Message; from: string }
  | { kind: 'local'; msg: Message }
  | { kind: 'timer'; name: string };

export interface HandlerJob {
  className: string;
  args?: unknown[];
  seed?: number;
  nowMs?: number;
  self?: string;
  steps: Step[];
  /** Keep going after a handler throws, recording the error (default: let it propagate). */
  catchErrors?: boolean;
  /** Snapshot the process (framework snapshotFields) after this many steps; restore it at the end. */
  snapshotAfter?: number;
  /** Call this export of the checks bundle with the process fields; its result goes in `check`. */
  check?: string;
}

export interface Effect {
  op: string;
  args: unknown[];
}

export interface HandlerResult {
  effects: Effect[];
  errors: string[];
  fields: Record<string, unknown>;
  exportNames: readonly string[];
  host: Record<string, boolean>;
  check?: unknown;
}

const nativeRandom = Math.random;
const nativeStringify = JSON.stringify;
const nativeParse = JSON.parse;
const nativePush = Array.prototype.push;
const nativeDate = Date;
const nativeApply = Reflect.apply;

function hostIntegrity(): Record<string, boolean> {
  return {
    mathRandom: Math.random === nativeRandom && typeof nativeRandom() === 'number',
    json: JSON.stringify === nativeStringify && JSON.parse === nativeParse && nativeStringify({ a: [1] }) === '{"a":[1]}',
    arrayPush: Array.prototype.push === nativePush,
    objectPrototype: Object.keys(Object.prototype).length === 0 && !('polluted' in {}),
    date: Date === nativeDate && Date.now() > 1.6e12,
    reflect: Reflect.apply === nativeApply,
  };
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function recordingContext(self: string, effects: Effect[], random: () => number, nowMs: number): Context {
  const record = (op: string, ...args: unknown[]): void => void effects.push({ op, args });
  return {
    self,
    storage: {
      get: () => undefined,
      put: (key, value) => record('storage.put', key, value),
      delete: (key) => record('storage.delete', key),
      sync: () => record('storage.sync'),
    },
    time: () => nowMs / 1000,
    send(msg, to) {
      // Stands in for the framework rejecting a misuse: the host error must win.
      if (to === 'nobody') throw new Error(`send: no process named ${to}`);
      record('send', msg, to);
    },
    sendLocal: (msg) => record('sendLocal', msg),
    setTimer: (name, delay) => record('setTimer', name, delay),
    setTimerOnce: (name, delay) => record('setTimerOnce', name, delay),
    cancelTimer: (name) => record('cancelTimer', name),
    random,
    buggify: () => false,
  };
}

function call(proc: Process, step: Step, ctx: Context): void {
  if (step.kind === 'message') proc.onMessage(step.msg, step.from, ctx);
  else if (step.kind === 'local') proc.onLocalMessage(step.msg, ctx);
  else proc.onTimer(step.name, ctx);
}

const run: JobRunner = (input, env) => {
  const job = input as HandlerJob;
  const random = lcg(job.seed ?? 1);
  const nowMs = job.nowMs ?? 0;
  const student = env.loadStudent({ random: lcg((job.seed ?? 1) + 1), nowMs: () => nowMs });
  const proc = student.create(job.className, job.args ?? []);
  const effects: Effect[] = [];
  const errors: string[] = [];
  const owner = { proc: job.self ?? 'p1', className: job.className };
  let snapshot: ProcessSnapshot | undefined;
  for (const [i, step] of job.steps.entries()) {
    if (i === job.snapshotAfter) snapshot = snapshotFields(proc, owner);
    const ctx = recordingContext(job.self ?? 'p1', effects, random, nowMs);
    try {
      call(proc, step, ctx);
    } catch (e) {
      if (!job.catchErrors) throw e;
      errors.push(e instanceof StudentCodeError ? `student ${e.name}: ${e.message}` : `host ${String(e)}`);
    }
  }
  if (snapshot !== undefined) restoreFields(proc, snapshot, owner);
  const instance = (proc as unknown as Record<symbol, object>)[STUDENT_INSTANCE]!;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(proc)) fields[key] = (proc as unknown as Record<string, unknown>)[key];
  const result: HandlerResult = {
    effects,
    errors,
    fields: JSON.parse(JSON.stringify(fields)) as Record<string, unknown>,
    exportNames: student.exportNames,
    host: { ...hostIntegrity(), instanceExposed: typeof instance === 'object' },
  };
  if (job.check !== undefined) {
    const check = env.checks[job.check];
    if (typeof check !== 'function') throw new Error(`the checks bundle has no function ${job.check}`);
    result.check = (check as (f: unknown) => unknown)(result.fields);
  }
  return result;
};

export default run;
