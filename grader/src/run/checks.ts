import { describeThrown, type Check, type SystemView } from '@dsgrade/framework';
import type { CheckRef } from '../scenario/index.js';

/** The exports of an assignment's checks.ts, as loaded in the sandbox. */
export type CheckTable = Readonly<Record<string, unknown>>;

/**
 * Runs a named check; null when it passes, else the failure message. A check that throws
 * fails with what it threw (a check reading a field the student's process lacks is a failure
 * of the submission, not of the grader).
 */
export function runCheck(checks: CheckTable, ref: CheckRef, view: SystemView): string | null {
  const fn = checks[ref.check];
  if (typeof fn !== 'function') return `check "${ref.check}" is not exported by the assignment's checks.ts`;
  let outcome: unknown;
  try {
    outcome = (fn as Check)(view, ref.params);
  } catch (e) {
    return `check ${ref.check} could not evaluate the state: ${describeThrown(e)}`;
  }
  if (outcome === true || outcome === undefined) return null;
  if (typeof outcome === 'string') return outcome;
  return `check ${ref.check}${Object.keys(ref.params).length > 0 ? ` ${JSON.stringify(ref.params)}` : ''} failed`;
}
