import { Assertions, type AssertionCoverage } from './assertions.js';
import { newFaultCounts, type FaultCounts } from './fault-counts.js';
import { runOneSeed, type Failure } from './run-one-seed.js';
import type { Build, FirstFailure, RunSeedsOptions, RunSeedsResult, RunTotals, SeedFailure, SeedRun, SystemHolder, Workload } from './run-types.js';
import type { Outcome } from '../outcome.js';
import { defaultReplay, type SeedPlan } from './seeds-options.js';

// Host wall time, taken at load time; only the runner's totals use it, never simulated code.
const wallClock = performance.now.bind(performance);

/** What one seed's run contributes to a multi-seed result, wherever it ran. */
export interface SeedTally {
  failure: Failure | null;
  faults: FaultCounts;
  swarm: string[] | null;
  run: SeedRun;
  /** The seed's own assertion coverage when it ran against another registry (a worker's); null when it reported to the fold's. */
  coverage: AssertionCoverage | null;
}

function addFaults(into: FaultCounts, more: FaultCounts): void {
  for (const k of Object.keys(into) as (keyof FaultCounts)[]) into[k] += more[k];
}

/** A coverage failure belongs to all the seeds together: it names no seed. */
function missedOutcome(missed: readonly string[], runs: number): Outcome {
  return { status: 'failed', check: missed[0] ?? null, message: `sometimes-assertion(s) never reached in ${runs} seeds: ${missed.join(', ')}`, at: null };
}

/**
 * The result of a multi-seed run, built one seed at a time in seed order. Serial and
 * parallel runs both fold through it, so they count, stop and report alike: seeds must be
 * added in order, and a seed added after `add` said stop is a caller's mistake.
 */
export class SeedsFold<T extends SystemHolder> {
  private readonly started = wallClock();
  private readonly replay: (seed: number) => string;
  readonly traceAll: boolean;
  private readonly totals: RunTotals = { runs: 0, events: 0, messages: 0, simulatedTime: 0, wallTimeMs: 0, faults: newFaultCounts() };
  private readonly failures: SeedFailure[] = [];
  private readonly seeds: number[] = [];
  private first: FirstFailure | null = null;
  private last: SeedRun | null = null;

  constructor(
    private readonly plan: SeedPlan,
    private readonly build: Build<T>,
    private readonly workload: Workload<T>,
    private readonly options: RunSeedsOptions,
    readonly assertions: Assertions,
  ) {
    this.replay = options.replayCommand ?? defaultReplay(options);
    this.traceAll = options.traceFailuresOnly !== true;
  }

  /** The next seed to add. */
  get nextSeed(): number {
    return this.plan.first + this.seeds.length;
  }

  /** Folds the next seed's run in; returns whether further seeds should run. */
  add(seed: number, t: SeedTally): boolean {
    if (seed !== this.nextSeed) throw new Error(`SeedsFold.add: seeds are folded in order; expected seed ${this.nextSeed}, got ${seed}`);
    const { plan, options, assertions, totals, failures } = this;
    if (t.coverage !== null) Assertions.absorb(assertions, t.coverage, seed);
    this.seeds.push(seed);
    totals.runs++;
    addFaults(totals.faults, t.faults);
    const last = t.run;
    this.last = last;
    totals.events += last.steps;
    totals.messages += last.messages;
    totals.simulatedTime += last.simulatedTime;
    if (t.failure !== null) {
      const command = this.replay(seed);
      const f = t.failure;
      const swarm = t.swarm === null ? '' : `, swarm faults: ${t.swarm.join(', ') || 'none'}`;
      const failure: SeedFailure = { seed, kind: f.kind, step: f.step, replay: command, cause: f.cause, outcome: f.outcome, swarm: t.swarm, message: `${f.cause} (seed ${seed}${swarm}; replay: ${command})` };
      failures.push(failure);
      if (this.first === null) {
        let trace = last.trace ?? { seed, events: [] };
        let reproduced = true;
        if (!this.traceAll) {
          options.onRerun?.(seed);
          // Coverage must not count the rerun twice: it reports to a scratch registry.
          const again = runOneSeed(seed, this.build, this.workload, options, new Assertions(), true);
          reproduced = again.failure !== null && again.failure.cause === f.cause && again.failure.step === f.step;
          if (again.system !== null) trace = again.system.trace();
        }
        this.first = { ...failure, trace, reproduced, run: { ...last, trace } };
      }
    }
    options.onProgress?.(this.seeds.length, plan.count, failures.length);
    if (this.seeds.length >= plan.count) return false;
    if (failures.length > 0 && options.continueOnFailure !== true) return false;
    if (plan.stopWhenAllReached && assertions.coverage().sometimes.length > 0 && assertions.allSometimesReached()) return false;
    return true;
  }

  result(): RunSeedsResult {
    const { totals, assertions, first } = this;
    totals.wallTimeMs = wallClock() - this.started;
    const coverage = assertions.coverage();
    const base = { totals, coverage, seeds: this.seeds, last: this.last! };
    if (first !== null) return { kind: 'failed', failures: this.failures, first, outcome: first.outcome, ...base };
    const missed = [...coverage.neverTrue, ...coverage.neverExecuted];
    if (missed.length > 0) return { kind: 'sometimesMissed', missed, outcome: missedOutcome(missed, totals.runs), ...base };
    return { kind: 'passed', outcome: { status: 'passed' }, ...base };
  }
}
