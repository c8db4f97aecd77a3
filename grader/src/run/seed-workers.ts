import { Worker } from 'node:worker_threads';
import type { SeedPool } from '@dsgrade/framework';
import type { TestJobOptions } from '../contract/index.js';
import { jobRegion } from '../sandbox/handler-guard.js';
import type { SeedWorkerSetup } from '../sandbox/index.js';
import { CELL, CELL_COUNT } from '../sandbox/watchdog-cells.js';
import type { SimScenario } from '../scenario/index.js';
import type { SeedTask, SeedWorkerData, SeedWorkerReply, WorkerSeedReport } from './seed-worker-protocol.js';

interface Pending {
  task: SeedTask;
  resolve(r: WorkerSeedReport | null): void;
}

/** One worker thread and the seed it is running. */
interface Slot {
  worker: Worker;
  cells: Int32Array;
  pending: Pending | null;
  /** Whether it ever answered: a worker that dies before its first answer cannot load the solution. */
  answered: boolean;
  seen: number;
  since: number;
}

const WORKER_SCRIPT = new URL('./seed-worker.js', import.meta.url);

/**
 * The sandbox child's seed workers (threads of the child: the same process and permission
 * model), started on first use and kept for every later test. Each runs one seed at a time.
 * A worker whose student call runs past the handler budget is ended, as is one that runs out
 * of its heap (memoryMb, like the main thread) or dies: its seed resolves to null and runs
 * on the main thread in its turn, so it ends exactly as a one-thread run would.
 */
export class SeedWorkers {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextTask = 1;
  private broken = false;
  private monitor: NodeJS.Timeout | null = null;

  constructor(private readonly setup: Omit<SeedWorkerSetup, 'appendOutput'>) {
    if (!(Number.isInteger(setup.jobs) && setup.jobs > 1)) throw new Error('SeedWorkers: pass a setup with jobs > 1 (one job runs on the main thread)');
  }

  /** The pool runSeedsParallel draws on for one test. */
  forTest(scenario: SimScenario, opts: TestJobOptions): SeedPool<WorkerSeedReport> {
    return {
      size: this.setup.jobs,
      run: (seed) => this.submit({ task: this.nextTask++, scenario, seed, opts }),
      here: jobRegion,
    };
  }

  private submit(task: SeedTask): Promise<WorkerSeedReport | null> {
    if (this.broken) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.pending === null);
      if (slot === undefined && this.slots.size < this.setup.jobs) slot = this.start();
      if (slot === undefined) return;
      const p = this.queue.shift()!;
      slot.pending = p;
      slot.seen = -1;
      slot.worker.postMessage(p.task);
    }
  }

  private start(): Slot {
    const cells = new Int32Array(new SharedArrayBuffer(4 * CELL_COUNT));
    const data: SeedWorkerData = { bundlePath: this.setup.bundlePath, checksPath: this.setup.checksPath, outputLimit: this.setup.outputLimit, cells };
    const worker = new Worker(WORKER_SCRIPT, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: this.setup.memoryMb } });
    worker.unref();
    const slot: Slot = { worker, cells, pending: null, answered: false, seen: -1, since: 0 };
    this.slots.add(slot);
    worker.on('message', (reply: SeedWorkerReply) => {
      const p = slot.pending;
      if (p === null || reply.task !== p.task.task) return;
      slot.pending = null;
      slot.answered = true;
      p.resolve('report' in reply ? reply.report : null);
      this.pump();
    });
    // An error (out of memory, a throw outside a seed) is followed by 'exit'.
    worker.on('error', () => {});
    worker.on('exit', () => {
      this.slots.delete(slot);
      if (!slot.answered) this.broken = true;
      const p = slot.pending;
      slot.pending = null;
      p?.resolve(null);
      if (this.broken) for (const q of this.queue.splice(0)) q.resolve(null);
      this.pump();
      if (this.slots.size === 0) this.stopMonitor();
    });
    this.startMonitor();
    return slot;
  }

  private startMonitor(): void {
    if (this.monitor !== null) return;
    const budget = this.setup.handlerBudgetMs;
    const pollMs = Math.min(100, Math.max(10, Math.floor(budget / 10)));
    this.monitor = setInterval(() => this.watch(budget), pollMs);
    this.monitor.unref();
  }

  private stopMonitor(): void {
    if (this.monitor !== null) clearInterval(this.monitor);
    this.monitor = null;
  }

  /** Ends a worker whose current student call has run past the budget (as the main thread's watchdog would interrupt it). */
  private watch(budget: number): void {
    const now = performance.now();
    for (const slot of this.slots) {
      const seq = Atomics.load(slot.cells, CELL.seq);
      if (slot.pending === null || Atomics.load(slot.cells, CELL.busy) === 0 || seq !== slot.seen) {
        slot.seen = seq;
        slot.since = now;
        continue;
      }
      if (now - slot.since >= budget) {
        // Its seed runs again on the main thread, which ends the call with the handler-time limit.
        slot.seen = -1;
        void slot.worker.terminate();
      }
    }
  }
}

const pools = new Map<string, SeedWorkers>();

/** The child's seed workers for this setup (one pool per solution bundle), started on first use. */
export function seedWorkers(setup: SeedWorkerSetup): SeedWorkers {
  const key = JSON.stringify([setup.bundlePath, setup.checksPath, setup.jobs, setup.memoryMb, setup.outputLimit, setup.handlerBudgetMs]);
  let pool = pools.get(key);
  if (pool === undefined) {
    const { appendOutput: _, ...rest } = setup;
    pool = new SeedWorkers(rest);
    pools.set(key, pool);
  }
  return pool;
}
