import { Assertions, CheckFailure, LimitExceeded, runSeeds, runSeedsParallel, simView, type Build, type Invariant, type RunLimits, type RunSeedsOptions, type RunSeedsResult, type SeedsMode, type System, type Workload } from '@dsgrade/framework';
import type { Invariant as ScenarioInvariant, Limits, SimScenario } from '../scenario/index.js';
import { buildSystem, procsOf } from './build.js';
import { chaosConfig } from './chaos.js';
import { runCheck, type CheckTable } from './checks.js';
import { testOutcome } from './classify.js';
import type { TestJobOptions } from '../contract/index.js';
import type { RunEnv, SeedWorkerSetup } from '../sandbox/index.js';
import { seedWorkers } from './seed-workers.js';
import type { SeedRun, TestRun } from '../contract/index.js';
import { applyStep } from './steps.js';

/** A scenario invariant as the framework's: the named check over the simulation's view. */
function invariantOf(inv: ScenarioInvariant, checks: CheckTable): Invariant {
  let why: string | null = null;
  return {
    name: inv.check.check,
    every: inv.every,
    holds: (sys) => (why = runCheck(checks, inv.check, simView(sys))) === null,
    describe: () => why ?? '',
  };
}

function runLimits(l: Limits): RunLimits {
  return { maxSteps: l.maxSteps, maxTime: l.maxTime, maxMessages: l.maxMessages, maxMessagesPerProcess: l.maxMessagesPerProcess, maxMessageBytes: l.maxMessageBytes };
}

function seedsMode(s: SimScenario, only: number | undefined): SeedsMode {
  if (only !== undefined) return { seed: only };
  return s.seeds.kind === 'fixed' ? { seeds: s.seeds.count } : { untilAllSometimesReached: s.seeds.maxSeeds };
}

/** Carries out the scenario's steps; a step that does not hold fails the run where it is written. */
function workload(s: SimScenario, checks: CheckTable): (sys: System) => void {
  return (sys) => {
    for (const step of s.steps) {
      let failure: ReturnType<typeof applyStep>;
      try {
        failure = applyStep(sys, step, checks);
      } catch (e) {
        // A limit names the step that was running, so the student knows which part of the scenario never ended.
        if (e instanceof LimitExceeded && e.at === null) e.at = step.at;
        throw e;
      }
      if (failure !== null) throw new CheckFailure(failure.message, failure.check, step.at);
    }
  };
}

/** A sim scenario as runSeeds' arguments: build, workload and the run's options. */
export interface SimSeeds {
  build: Build<System>;
  workload: Workload<System>;
  options: RunSeedsOptions;
  /** Where the console output of the traced rerun starts (null before it ran). */
  outputFrom(): number | null;
}

/** Builds runSeeds' arguments for one sim scenario: untraced for speed, the first failing seed run again with the trace on. */
export function simSeeds(s: SimScenario, env: RunEnv, opts: TestJobOptions): SimSeeds {
  let outputFrom: number | null = null;
  const chaos = chaosConfig(s.network.chaos, s.network);
  const options: RunSeedsOptions = {
    ...seedsMode(s, opts.seed),
    firstSeed: s.seed,
    invariants: s.invariants.map((inv) => invariantOf(inv, env.checks)),
    limits: runLimits(s.limits),
    assertions: new Assertions(),
    traceFailuresOnly: opts.trace !== true,
    onRerun: () => {
      outputFrom = env.output?.().length ?? null;
    },
    ...(chaos !== null ? { chaos } : {}),
  };
  return {
    build: (seed, { trace }) => buildSystem(s, seed, env, { trace, recordStates: trace }),
    workload: workload(s, env.checks),
    options,
    outputFrom: () => outputFrom,
  };
}

/** The test run of a sim scenario from runSeeds' result. */
export function simTestRun(s: SimScenario, opts: TestJobOptions, r: RunSeedsResult, outputFrom: number | null): TestRun {
  // Only a test that runs until every `sometimes` was reached asks for coverage; a fixed number of seeds passes without it.
  const untilCovered = s.seeds.kind === 'untilAllSometimesReached' && opts.seed === undefined;
  const outcome = r.kind === 'failed' ? testOutcome(r.first) : r.kind === 'sometimesMissed' && untilCovered ? r.outcome : { status: 'passed' as const };
  const run = r.kind === 'failed' ? r.first.run : r.last;
  const shown: SeedRun | null =
    r.kind === 'failed' || opts.trace === true
      ? {
          seed: run.seed,
          outcome,
          counters: { messages: run.messages, steps: run.steps, simTime: run.simulatedTime, wallMs: run.wallTimeMs },
          trace: run.trace,
          failStep: r.kind === 'failed' ? r.first.step : null,
        }
      : null;
  return {
    test: s.name,
    kind: 'sim',
    outcome,
    runs: r.totals.runs,
    failingSeeds: r.kind === 'failed' ? [r.first.seed] : [],
    shown,
    counters: { messages: r.totals.messages, steps: r.totals.events, simTime: r.totals.simulatedTime, wallMs: r.totals.wallTimeMs },
    mc: null,
    procs: procsOf(s),
    coverage: Object.fromEntries(r.coverage.sometimes.map((c) => [c.name, c.hits])),
    outputFrom: r.kind === 'failed' ? outputFrom : null,
    token: null,
  };
}

/** Runs one sim scenario over its seeds through the framework's runSeeds, on this thread. */
export function runSimTest(s: SimScenario, env: RunEnv, opts: TestJobOptions): TestRun {
  const sim = simSeeds(s, env, opts);
  const r = runSeeds(sim.build, sim.workload, sim.options);
  return simTestRun(s, opts, r, sim.outputFrom());
}

/**
 * Runs one sim scenario with its seeds spread over the child's seed workers: the same result,
 * failing seed, trace and console output as runSimTest (runSeedsParallel folds in seed order).
 */
export async function runSimTestParallel(s: SimScenario, env: RunEnv, workers: SeedWorkerSetup, opts: TestJobOptions): Promise<TestRun> {
  const sim = simSeeds(s, env, opts);
  const pool = seedWorkers(workers).forTest(s, opts);
  const r = await runSeedsParallel(sim.build, sim.workload, sim.options, {
    pool,
    onCounted: (_seed, report) => {
      if (report !== null && report.output !== '') workers.appendOutput(report.output);
    },
  });
  return simTestRun(s, opts, r, sim.outputFrom());
}
