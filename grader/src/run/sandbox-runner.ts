import type { TestJob } from '../contract/index.js';
import type { JobRunner } from '../sandbox/index.js';
import { runTest } from './index.js';
import { capTestRun } from '../grade/caps.js'; // the child may load it: it imports no compiler

// The job comes from the grader's own parent process: a shape check guards against mixing up runners, not against attacks.
function isTestJob(job: unknown): job is TestJob {
  const j = job as Partial<TestJob> | null;
  return typeof j === 'object' && j !== null && typeof j.scenario === 'object' && j.scenario !== null && (j.scenario.kind === 'sim' || j.scenario.kind === 'mc');
}

/** The child side of grading: runs one scenario against the solution loaded in the sandbox. */
const runTestJob: JobRunner = (job, env) => {
  if (!isTestJob(job)) throw new Error('runTestJob: the job must be a TestJob { scenario, seed?, trace? }');
  const { scenario, ...opts } = job;
  return capTestRun(runTest(scenario, env, opts));
};

export default runTestJob;
