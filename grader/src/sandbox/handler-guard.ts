import { types } from 'node:util';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { HandlerTimeLimit } from './handler-time-limit.js';
import { CELL, CELL_COUNT, type WatchdogData } from './watchdog-cells.js';

/**
 * Wall-time budget per student call (a handler, a constructor, the solution's top level).
 * A call past it is ended where it stands and reported as the student's, so a submission
 * whose handlers all loop forever costs one budget per test instead of the test's whole
 * wall-time limit (and its remaining seeds are not run).
 *
 * Mechanism: each guarded call runs inside `vm` with `breakOnSigint`; the watchdog thread
 * sends SIGINT when one call has been running longer than the budget. Nested inside the
 * child's job-wide breakOnSigint run, a guarded call costs about a microsecond.
 */
const INTERRUPTED = 'ERR_SCRIPT_EXECUTION_INTERRUPTED';
const driver = vm.createContext(Object.create(null) as object, { name: 'dsgrade-guard', codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
const runPending = new vm.Script('run()', { filename: 'dsgrade-handler-guard.js' });
let pending: (() => unknown) | undefined;
let result: unknown;
(driver as { run?: () => void }).run = () => {
  const fn = pending;
  pending = undefined;
  result = fn?.();
};

let cells: Int32Array | null = null;
let budgetMs = 0;

/** Starts the watchdog thread (once, in the sandbox child only). */
export function startWatchdog(budget: number, pollMs = Math.min(100, Math.max(10, Math.floor(budget / 10)))): void {
  if (cells !== null) return;
  if (!Number.isFinite(budget) || budget <= 0) throw new Error('startWatchdog: pass a positive handler budget in ms');
  cells = new Int32Array(new SharedArrayBuffer(4 * CELL_COUNT));
  budgetMs = budget;
  const data: WatchdogData = { cells, budgetMs, parentPid: process.ppid, pollMs };
  const worker = new Worker(new URL('./watchdog-worker.js', import.meta.url), { workerData: data, stdout: false, stderr: false });
  worker.unref();
  // A SIGINT that arrives after its call already returned must not kill the child.
  process.on('SIGINT', () => {});
}

/** Node makes this error in the driver context's realm, so `instanceof Error` does not hold. */
function isInterrupt(e: unknown): boolean {
  return types.isNativeError(e) && Object.getOwnPropertyDescriptor(e, 'code')?.value === INTERRUPTED;
}

/**
 * Runs `fn` (which calls into student code) under `vm` with `breakOnSigint`, so the watchdog
 * can end it. Without a watchdog (in-process use) it simply calls `fn`.
 */
export function guarded<T>(fn: () => T, what: string): T {
  const c = cells;
  if (c === null) return fn();
  const outer = pending;
  const outerResult = result;
  pending = fn;
  const seq = Atomics.add(c, CELL.seq, 1) + 1;
  const wasBusy = Atomics.exchange(c, CELL.busy, 1);
  try {
    runPending.runInContext(driver, { breakOnSigint: true });
    return result as T;
  } catch (e) {
    if (!isInterrupt(e)) throw e;
    // The watchdog names the call it meant; a signal meant for a call that had just returned
    // must not be blamed on this one.
    if (Atomics.load(c, CELL.target) !== seq) throw new Error(`the sandbox watchdog interrupted ${what} by mistake (a late signal)`);
    throw new HandlerTimeLimit(what, budgetMs);
  } finally {
    pending = outer;
    result = outerResult;
    Atomics.store(c, CELL.busy, wasBusy);
  }
}

/**
 * Runs a whole job inside one breakOnSigint region: nested guarded calls are then cheap (the
 * signal watcher thread is already running). An interrupt that reaches this level (a late
 * signal) is an error of the sandbox, not of the student.
 */
export function jobRegion<T>(fn: () => T): T {
  if (cells === null) return fn();
  const outer = pending;
  pending = fn;
  try {
    runPending.runInContext(driver, { breakOnSigint: true });
    return result as T;
  } finally {
    pending = outer;
  }
}
