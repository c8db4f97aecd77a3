/**
 * The sandbox child's watchdog thread. The main thread may be stuck in student code for good,
 * so this thread, which student code cannot reach, does two things the main thread cannot:
 * - interrupts a student call that runs past its budget: SIGINT to our own process, which
 *   ends the innermost `breakOnSigint` vm run (see handler-guard.ts) and nothing else;
 * - ends the child when the grader is gone (re-parented after a SIGKILL of the grader),
 *   so no child spins on as an orphan.
 */
import { workerData } from 'node:worker_threads';
import { CELL, type WatchdogData } from './watchdog-cells.js';

const { cells, budgetMs, parentPid, pollMs } = workerData as WatchdogData;
let seen = -1;
let since = 0;

setInterval(() => {
  if (process.ppid !== parentPid) process.kill(process.pid, 'SIGKILL');
  const seq = Atomics.load(cells, CELL.seq);
  const now = performance.now();
  if (Atomics.load(cells, CELL.busy) === 0 || seq !== seen) {
    seen = seq;
    since = now;
    return;
  }
  if (now - since >= budgetMs) {
    Atomics.store(cells, CELL.target, seq);
    seen = -1;
    process.kill(process.pid, 'SIGINT');
  }
}, pollMs);
