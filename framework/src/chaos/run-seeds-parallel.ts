import { Assertions } from './assertions.js';
import { runOneSeed } from './run-one-seed.js';
import { runSeeds, seedRun } from './run-seeds.js';
import type { Build, RunSeedsOptions, RunSeedsResult, SystemHolder, Workload } from './run-types.js';
import type { SeedReport } from './seed-report.js';
import { SeedsFold } from './seeds-fold.js';
import { planSeeds } from './seeds-options.js';

/** Where runSeedsParallel sends seeds: workers that each run one seed at a time with `reportSeed`. */
export interface SeedPool<R extends SeedReport = SeedReport> {
  /** How many seeds may run at once. */
  readonly size: number;
  /** Runs one seed elsewhere; resolves to its report, or to null when it could not (the seed then runs on this thread). */
  run(seed: number): Promise<R | null>;
  /** Wraps work done on this thread (a seed a worker could not run, the traced rerun); default: calls it. */
  here?<X>(fn: () => X): X;
}

export interface ParallelSeedsOptions<R extends SeedReport> {
  pool: SeedPool<R>;
  /**
   * Called for each seed that counts, in seed order, before it is folded in: with its report,
   * or null when it ran on this thread. Seeds run past the one that ended the run never count.
   */
  onCounted?: (seed: number, report: R | null) => void;
}

/** How far past the lowest seed not yet folded seeds are handed out, per worker. */
const LOOKAHEAD_PER_WORKER = 4;

/**
 * runSeeds over a pool of workers, with the same result as runSeeds on one thread: seeds are
 * handed out in order, reports are folded in seed order, no seed above a known failure is
 * started, and the lowest failing seed wins whichever finished first (its traced rerun runs on
 * this thread). A seed the pool could not run (a worker that hung, ran out of memory or
 * died) runs here in its turn, so its outcome is the one-thread outcome too. Falls back to
 * runSeeds for one seed, one worker, traced runs and continueOnFailure.
 */
export async function runSeedsParallel<T extends SystemHolder, R extends SeedReport>(
  build: Build<T>,
  workload: Workload<T>,
  options: RunSeedsOptions,
  parallel: ParallelSeedsOptions<R>,
): Promise<RunSeedsResult> {
  if (typeof parallel !== 'object' || parallel === null || typeof parallel.pool?.run !== 'function') {
    throw new Error('runSeedsParallel: pass { pool } whose run(seed) resolves to a SeedReport, as the fourth argument');
  }
  const { pool, onCounted } = parallel;
  const here = <X>(fn: () => X): X => (pool.here === undefined ? fn() : pool.here(fn));
  const plan = planSeeds(options);
  if (!(pool.size > 1) || plan.count === 1 || options.traceFailuresOnly !== true || options.continueOnFailure === true) {
    return here(() => runSeeds(build, workload, options));
  }
  const fold = new SeedsFold(plan, build, workload, options, options.assertions ?? new Assertions());
  const end = plan.first + plan.count;
  const arrived = new Map<number, R | null>();
  let next = plan.first;
  let stopAt = end;
  let running = 0;
  let wake: (() => void) | null = null;
  const dispatch = (): void => {
    while (running < pool.size && next < stopAt && next < fold.nextSeed + LOOKAHEAD_PER_WORKER * pool.size) {
      const seed = next++;
      running++;
      pool.run(seed).then(
        (r) => settle(seed, r),
        () => settle(seed, null),
      );
    }
  };
  const settle = (seed: number, r: R | null): void => {
    running--;
    arrived.set(seed, r);
    // A seed above a failure can never count: no more of them are started.
    if (r !== null && r.failure !== null && seed + 1 < stopAt) stopAt = seed + 1;
    const w = wake;
    wake = null;
    w?.();
  };
  for (let more = true; more; ) {
    dispatch();
    const seed = fold.nextSeed;
    if (!arrived.has(seed)) {
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    const r = arrived.get(seed)!;
    arrived.delete(seed);
    onCounted?.(seed, r);
    if (r !== null) {
      more = here(() => fold.add(seed, { failure: r.failure, faults: r.faults, swarm: r.swarm, run: r.run, coverage: r.coverage }));
    } else {
      // In its turn, against the shared registry, exactly as the one-thread run does it.
      more = here(() => {
        const out = runOneSeed(seed, build, workload, options, fold.assertions, false);
        return fold.add(seed, { failure: out.failure, faults: out.faults, swarm: out.swarm, run: seedRun(seed, out, false), coverage: null });
      });
    }
  }
  return fold.result();
}
