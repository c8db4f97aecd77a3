import { Assertions, CheckFailure, runSeeds, simView, type Invariant, type RunLimits, type RunSeedsOptions, type SeedsMode, type System } from '@dsgrade/framework';
import type { Invariant as ScenarioInvariant, Limits, SimScenario } from '../scenario/index.js';
import { buildSystem, procsOf } from './build.js';
import { chaosConfig } from './chaos.js';
import { runCheck, type CheckTable } from './checks.js';
import { testOutcome } from './classify.js';
import type { TestJobOptions } from '../contract/index.js';
import type { RunEnv } from '../sandbox/index.js';
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
      const failure = applyStep(sys, step, checks);
      if (failure !== null) throw new CheckFailure(failure.message, failure.check, step.at);
    }
  };
}

/**
 * Runs one sim scenario over its seeds through the framework's runSeeds, untraced for speed;
 * the first failing seed is run again with the trace on (same seed, same run).
 */
export function runSimTest(s: SimScenario, env: RunEnv, opts: TestJobOptions): TestRun {
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
  const r = runSeeds((seed, { trace }) => buildSystem(s, seed, env, { trace, recordStates: trace }), workload(s, env.checks), options);
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
