import { describeThrown, StateError, StepLimitError, StudentError } from '@dsgrade/framework';
import { HandlerTimeLimit } from '../sandbox/handler-time-limit.js';
import { LimitHit } from './limits.js';
import type { RunOutcome } from './result.js';

/** Turns what a run threw into an outcome; errors of the grader itself are rethrown. */
export function classifyThrown(e: unknown): RunOutcome {
  if (e instanceof LimitHit) return { status: 'limitReached', limit: e.limit, value: e.value, message: e.message };
  if (e instanceof StudentError && e.original instanceof HandlerTimeLimit) {
    return { status: 'limitReached', limit: 'handlerTime', value: e.original.budgetMs / 1000, message: `process "${e.proc}" at step ${e.step}: ${e.original.message}` };
  }
  if (e instanceof StudentError) return { status: 'studentError', message: e.message, proc: e.proc };
  if (e instanceof StateError) return { status: 'studentError', message: e.message, proc: null };
  if (e instanceof StepLimitError) return { status: 'limitReached', limit: 'maxSteps', value: e.limit, message: e.message };
  if (e instanceof RangeError) return { status: 'studentError', message: describeThrown(e), proc: null };
  throw e;
}
