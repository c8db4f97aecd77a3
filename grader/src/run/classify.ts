import { describeThrown, StateError, StepLimitError, StudentError, type Outcome } from '@dsgrade/framework';
import { LimitHit } from './limits.js';

/** Turns what a run threw into an outcome; errors of the grader itself are rethrown. */
export function classifyThrown(e: unknown): Outcome {
  if (e instanceof LimitHit) return { status: 'limit', limit: e.limit, value: e.value, message: e.message };
  if (e instanceof StudentError) return { status: 'error', source: 'student', message: e.message, proc: e.proc };
  if (e instanceof StateError) return { status: 'error', source: 'student', message: e.message, proc: null };
  if (e instanceof StepLimitError) return { status: 'limit', limit: 'maxSteps', value: e.limit, message: e.message };
  if (e instanceof RangeError) return { status: 'error', source: 'student', message: describeThrown(e), proc: null };
  throw e;
}
