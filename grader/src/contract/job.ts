import type { Scenario } from '../scenario/index.js';

/** A job for the sandbox child: one test of one submission (the scenario travels as data). */
export interface TestJob {
  scenario: Scenario;
  /** Run only this seed (replay of a sim test), instead of the scenario's seed plan. */
  seed?: number;
  /** Record and return the trace of the shown run even when it passes. */
  trace?: boolean;
  /** Replay exactly this model-checking path (a counterexample's replay token) instead of showing the search's own. */
  path?: string;
}

/** How to run a test: the job without its scenario. */
export type TestJobOptions = Omit<TestJob, 'scenario'>;
