import type { LimitName, SearchResult } from './mc/types.js';

/**
 * How a test, a run or a search ended: the one union that the runner, the model checker's
 * mapping, the grader and every report share. Data, never text to parse.
 */

/** Where something was written: a file, 1-based line and column (a scenario step, a check). */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** Who an error belongs to: the student's code, the sandbox running it, or the compiler rejecting it. */
export type ErrorSource = 'student' | 'sandbox' | 'compile';

export type Outcome =
  | { status: 'passed' }
  /** A check, expectation, invariant or assertion did not hold. */
  | { status: 'failed'; check: string | null; message: string; at: SourcePos | null }
  /** The run went past one of its limits (steps, time, messages, memory, ...): a failure. */
  | { status: 'limit'; limit: string; value: number; message: string }
  /** A search stopped at a limit it was allowed to stop at (passOnLimit) without finding a violation: neither passed nor failed. */
  | { status: 'unknown'; limit: string; value: number; message: string }
  | { status: 'error'; source: ErrorSource; message: string; proc: string | null };

export type OutcomeStatus = Outcome['status'];

/** Every status, in order of how bad it is for a test: a later one wins when outcomes combine. */
export const OUTCOME_STATUSES = ['passed', 'unknown', 'failed', 'limit', 'error'] as const satisfies readonly OutcomeStatus[];
export const ERROR_SOURCES = ['student', 'sandbox', 'compile'] as const satisfies readonly ErrorSource[];

export interface SearchOutcomeOptions {
  /** A limit without a violation is `unknown` instead of `limit`. */
  passOnLimit: boolean;
  /** Where the search is written, for a failure. */
  at?: SourcePos | null;
  /** The limit's name as the user wrote it (default: the checker's own, e.g. "states"). */
  limitName?: (limit: LimitName) => string;
}

/** What a model checker's search result means as an outcome. */
export function searchOutcome(r: SearchResult, options: SearchOutcomeOptions): Outcome {
  const at = options.at ?? null;
  switch (r.status) {
    case 'exhausted':
    case 'goalReached':
      return { status: 'passed' };
    case 'invariantViolated':
      return { status: 'failed', check: r.predicate, message: `${r.kind} ${r.predicate} violated after ${r.counterexample.length} steps: ${r.message}`, at };
    case 'goalUnreachable':
      return { status: 'failed', check: null, message: r.message, at };
    case 'limitReached': {
      const limit = options.limitName?.(r.limit) ?? r.limit;
      if (options.passOnLimit) {
        return { status: 'unknown', limit, value: r.value, message: `model checking stopped at its ${limit} limit (${r.value}) without finding a violation, before covering every state; the result is unknown` };
      }
      return { status: 'limit', limit, value: r.value, message: `model checking stopped at its ${limit} limit (${r.value}) before covering every state; the result is unknown` };
    }
    case 'studentError':
      return { status: 'error', source: 'student', message: r.message, proc: r.proc };
  }
}
