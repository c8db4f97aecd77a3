import type { JobRunner } from '../sandbox/runner-api.js';
import type { Scenario } from '../scenario/types.js';
import { runTest } from '../run.js';
import { capTestRun } from '../grade/caps.js';

/** A job for the sandbox child: one test of one submission (the scenario travels as data). */
export interface ScenarioJob {
  scenario: Scenario;
  seed?: number;
  trace?: boolean;
}

function isScenarioJob(job: unknown): job is ScenarioJob {
  const j = job as Partial<ScenarioJob> | null;
  return typeof j === 'object' && j !== null && typeof j.scenario === 'object' && j.scenario !== null && (j.scenario.kind === 'sim' || j.scenario.kind === 'mc');
}

/** The child side of grading: runs one scenario against the solution loaded in the sandbox. */
const runScenarioJob: JobRunner = (job, env) => {
  if (!isScenarioJob(job)) throw new Error('runScenarioJob: the job must be { scenario, seed?, trace? }');
  const opts: { seed?: number; trace?: boolean } = {};
  if (job.seed !== undefined) opts.seed = job.seed;
  if (job.trace !== undefined) opts.trace = job.trace;
  return capTestRun(runTest(job.scenario, { checks: env.checks, load: (hooks) => env.loadStudent(hooks), outputLength: () => env.output().length }, opts));
};

export default runScenarioJob;
