import { Assertions, type AssertionCoverage } from './assertions.js';
import type { FaultCounts } from './fault-counts.js';
import { runOneSeed, type Failure } from './run-one-seed.js';
import { seedRun } from './run-seeds.js';
import type { Build, RunSeedsSettings, SeedRun, SystemHolder, Workload } from './run-types.js';

/** One seed's untraced run as plain data (structured-cloneable): what a worker sends back to runSeedsParallel. */
export interface SeedReport {
  seed: number;
  failure: Failure | null;
  faults: FaultCounts;
  swarm: string[] | null;
  /** Its counters; `trace` is null. */
  run: SeedRun;
  /** The assertions it evaluated, counted for this seed alone. */
  coverage: AssertionCoverage;
}

/**
 * Runs one seed untraced with the settings of a multi-seed run and reports it as data, for a
 * worker of runSeedsParallel. Its assertions report to a registry of their own, which the
 * parallel run adds to its own in seed order.
 */
export function reportSeed<T extends SystemHolder>(seed: number, build: Build<T>, workload: Workload<T>, settings: RunSeedsSettings): SeedReport {
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`reportSeed: pass a non-negative integer seed, got ${String(seed)}`);
  if (typeof build !== 'function' || typeof workload !== 'function') throw new Error('reportSeed: pass build(seed, { trace }) and workload(built, run) as runSeeds takes them');
  const assertions = new Assertions();
  const out = runOneSeed(seed, build, workload, settings, assertions, false);
  return { seed, failure: out.failure, faults: out.faults, swarm: out.swarm, run: seedRun(seed, out, false), coverage: assertions.coverage() };
}
