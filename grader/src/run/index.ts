import type { Scenario } from '../scenario/index.js';
import type { TestJobOptions, TestRun } from '../contract/index.js';
import type { RunEnv } from '../sandbox/index.js';
import { runMcTest } from './mc.js';
import { runSimTest } from './sim.js';


/** Runs one test of an assignment against the solution `env` provides. */
export function runTest(scenario: Scenario, env: RunEnv, opts: TestJobOptions = {}): TestRun {
  return scenario.kind === 'sim' ? runSimTest(scenario, env, opts) : runMcTest(scenario, env, opts);
}
