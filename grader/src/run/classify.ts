import { failureOf, type Outcome, type RunFailure } from '@dsgrade/framework';

/**
 * A run's failure as the test's outcome. Anything the grader's own scenario code threw (kind
 * `workload`) is the sandbox's error, never a student's failure.
 */
export function testOutcome(f: Pick<RunFailure, 'kind' | 'outcome'>): Outcome {
  return f.kind === 'workload' ? { status: 'error', source: 'sandbox', message: `the scenario runner failed: ${f.outcome.message}`, proc: null } : f.outcome;
}

/** Turns what a run threw at `step` into the test's outcome. */
export function classifyThrown(e: unknown, step = 0): Outcome {
  return testOutcome(failureOf(e, step));
}
