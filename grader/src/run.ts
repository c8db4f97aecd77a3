import { Assertions } from '@dsgrade/framework';
import type { Scenario, SimScenario } from './scenario/types.js';
import type { RunEnv } from './run/env.js';
import { procsOf } from './run/build.js';
import { runMcTest } from './run/mc.js';
import type { RunCounters, RunOutcome, SeedRun, TestRun } from './run/result.js';
import { runSimSeed } from './run/sim.js';

export type { RunEnv, RunHooks, ProcessMaker } from './run/env.js';
export type { RunOutcome, RunCounters, SeedRun, TestRun, McFigures } from './run/result.js';

export interface RunOptions {
  /** Run only this seed (replay), instead of the scenario's seed plan. */
  seed?: number;
  /** Record and return the trace of the shown run even when it passes. */
  trace?: boolean;
}

function seedsOf(s: SimScenario, only: number | undefined): number[] {
  if (only !== undefined) return [only];
  const count = s.seeds.kind === 'fixed' ? s.seeds.count : s.seeds.maxSeeds;
  return Array.from({ length: count }, (_, i) => s.seed + i);
}

function addCounters(total: RunCounters, c: RunCounters): void {
  total.messages += c.messages;
  total.steps += c.steps;
  total.simTime += c.simTime;
  total.wallMs += c.wallMs;
}

/**
 * Runs one sim scenario over its seeds, untraced for speed; the first failing seed is run
 * again with the trace on (same seed, same run: determinism makes the rerun exact).
 */
function runSimTest(s: SimScenario, env: RunEnv, opts: RunOptions): TestRun {
  const total: RunCounters = { messages: 0, steps: 0, simTime: 0, wallMs: 0 };
  let shown: SeedRun | null = null;
  let runs = 0;
  let outputFrom: number | null = null;
  const assertions = new Assertions();
  const untilCovered = s.seeds.kind === 'untilAllSometimesReached' && opts.seed === undefined;
  for (const seed of seedsOf(s, opts.seed)) {
    const run = runSimSeed(s, seed, env, { trace: opts.trace === true, assertions });
    runs++;
    addCounters(total, run.counters);
    shown = run;
    if (run.outcome.status !== 'passed') {
      // A hang would hang again in the rerun: one handler budget per test is enough.
      const hung = run.outcome.status === 'limitReached' && run.outcome.limit === 'handlerTime';
      if (run.trace === null && !hung) {
        outputFrom = env.outputLength?.() ?? null;
        shown = { ...runSimSeed(s, seed, env, { trace: true, assertions: new Assertions() }), counters: run.counters };
      }
      break;
    }
    if (untilCovered && assertions.allSometimesReached()) break;
  }
  const coverage = assertions.coverage();
  let outcome: RunOutcome = shown?.outcome ?? { status: 'passed' as const };
  const missed = [...coverage.neverTrue, ...coverage.neverExecuted];
  // A coverage failure belongs to all the seeds together: no one seed replays it.
  const uncovered = untilCovered && outcome.status === 'passed' && missed.length > 0;
  if (uncovered) {
    outcome = { status: 'failed', check: missed[0]!, message: `sometimes-assertion(s) never reached in ${runs} seeds: ${missed.join(', ')}`, at: null };
  }
  const failedSeed = outcome.status !== 'passed' && !uncovered && shown !== null;
  return {
    test: s.name,
    kind: 'sim',
    outcome,
    runs,
    failingSeeds: failedSeed ? [shown!.seed] : [],
    shown: failedSeed || opts.trace === true ? shown : null,
    counters: total,
    mc: null,
    procs: procsOf(s),
    coverage: Object.fromEntries(coverage.sometimes.map((c) => [c.name, c.hits])),
    outputFrom: failedSeed ? outputFrom : null,
  };
}

/** Runs one test of an assignment against the solution `env` provides. */
export function runTest(scenario: Scenario, env: RunEnv, opts: RunOptions = {}): TestRun {
  return scenario.kind === 'sim' ? runSimTest(scenario, env, opts) : runMcTest(scenario, env, opts);
}
