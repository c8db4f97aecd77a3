import { Assertions } from './assertions.js';
import { runOneSeed, type SeedOutcome } from './run-one-seed.js';
import type { Build, RunSeedsOptions, RunSeedsResult, SeedRun, SystemHolder, Workload } from './run-types.js';
import { SeedsFold } from './seeds-fold.js';
import { planSeeds } from './seeds-options.js';

/** One seed's counters, and its trace when it ran traced. */
export function seedRun(seed: number, out: SeedOutcome, traced: boolean): SeedRun {
  const sys = out.system;
  return {
    seed,
    steps: sys?.stepCount() ?? 0,
    messages: sys?.messagesSent() ?? 0,
    simulatedTime: sys?.time() ?? 0,
    wallTimeMs: out.wallTimeMs,
    trace: traced ? (sys === null ? { seed, events: [] } : sys.trace()) : null,
  };
}

/**
 * Runs `workload` on `build(seed)` for many seeds with chaos, invariants and assertions, and
 * returns how it ended as data. Stops at the first failing seed unless `continueOnFailure`.
 * A failure's message ends with its seed and the instruction that replays it; replaying
 * (`{ seed: S }` with the same settings) gives a byte-identical trace.
 */
export function runSeeds<T extends SystemHolder>(build: Build<T>, workload: Workload<T>, options: RunSeedsOptions): RunSeedsResult {
  if (typeof build !== 'function') throw new Error('runSeeds: pass build(seed, { trace }) returning a System (or { system }) as the first argument');
  if (typeof workload !== 'function') throw new Error('runSeeds: pass workload(built, run) driving one run as the second argument');
  const plan = planSeeds(options);
  const fold = new SeedsFold(plan, build, workload, options, options.assertions ?? new Assertions());
  for (let more = true; more; ) {
    const seed = fold.nextSeed;
    const out = runOneSeed(seed, build, workload, options, fold.assertions, fold.traceAll);
    more = fold.add(seed, { failure: out.failure, faults: out.faults, swarm: out.swarm, run: seedRun(seed, out, fold.traceAll), coverage: null });
  }
  return fold.result();
}
