import { Assertions } from './assertions.js';
import { newFaultCounts, type FaultCounts } from './fault-counts.js';
import { runOneSeed } from './run-one-seed.js';
import type { Build, FirstFailure, RunSeedsOptions, RunSeedsResult, RunTotals, SeedFailure, SystemHolder, Workload } from './run-types.js';
import { defaultReplay, planSeeds } from './seeds-options.js';

// Host wall time, taken at load time; only the runner's totals use it, never simulated code.
const wallClock = performance.now.bind(performance);

function addFaults(into: FaultCounts, more: FaultCounts): void {
  for (const k of Object.keys(into) as (keyof FaultCounts)[]) into[k] += more[k];
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
  const started = wallClock();
  const assertions = options.assertions ?? new Assertions();
  const replay = options.replayCommand ?? defaultReplay(options);
  const traceAll = options.traceFailuresOnly !== true;
  const totals: RunTotals = { runs: 0, events: 0, simulatedTime: 0, wallTimeMs: 0, faults: newFaultCounts() };
  const failures: SeedFailure[] = [];
  const seeds: number[] = [];
  let first: FirstFailure | null = null;

  for (let i = 0; i < plan.count; i++) {
    const seed = plan.first + i;
    seeds.push(seed);
    const out = runOneSeed(seed, build, workload, options, assertions, traceAll);
    totals.runs++;
    addFaults(totals.faults, out.faults);
    if (out.system !== null) {
      totals.events += out.system.stepCount();
      totals.simulatedTime += out.system.time();
    }
    if (out.failure !== null) {
      const command = replay(seed);
      const swarm = out.swarm === null ? '' : `, swarm faults: ${out.swarm.join(', ') || 'none'}`;
      const failure: SeedFailure = { seed, kind: out.failure.kind, step: out.failure.step, replay: command, swarm: out.swarm, message: `${out.failure.cause} (seed ${seed}${swarm}; replay: ${command})` };
      failures.push(failure);
      if (first === null) {
        let trace = out.system === null ? { seed, events: [] } : out.system.trace();
        let reproduced = true;
        if (!traceAll) {
          // Coverage must not count the rerun twice: it reports to a scratch registry.
          const again = runOneSeed(seed, build, workload, options, new Assertions(), true);
          reproduced = again.failure !== null && again.failure.cause === out.failure.cause && again.failure.step === out.failure.step;
          if (again.system !== null) trace = again.system.trace();
        }
        first = { ...failure, trace, reproduced };
      }
    }
    options.onProgress?.(i + 1, plan.count, failures.length);
    if (failures.length > 0 && options.continueOnFailure !== true) break;
    if (plan.stopWhenAllReached && assertions.coverage().sometimes.length > 0 && assertions.allSometimesReached()) break;
  }

  totals.wallTimeMs = wallClock() - started;
  const coverage = assertions.coverage();
  if (first !== null) return { kind: 'failed', failures, first, totals, coverage, seeds };
  const missed = [...coverage.neverTrue, ...coverage.neverExecuted];
  if (missed.length > 0) return { kind: 'sometimesMissed', missed, totals, coverage, seeds };
  return { kind: 'passed', totals, coverage, seeds };
}
