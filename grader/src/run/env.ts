import type { Process } from '@dsgrade/framework';
import type { CheckTable } from './checks.js';

/** What a run's student code may draw on: the run's seeded random source and simulated clock. */
export interface RunHooks {
  random(): number;
  nowMs(): number;
}

/** Creates instances of the solution's process classes. */
export interface ProcessMaker {
  create(className: string, args: unknown[]): Process;
}

/** Where the interpreter gets student code and the assignment's checks from (the sandbox, or a test). */
export interface RunEnv {
  /** Loads the solution afresh for one run, bound to that run's hooks. */
  load(hooks: RunHooks): ProcessMaker;
  checks: CheckTable;
  /** How much console output student code has written so far in this job, if it is captured. */
  outputLength?: () => number;
}
