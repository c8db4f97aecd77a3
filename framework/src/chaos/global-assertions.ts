import { AssertionFailure } from './assertion-failure.js';
import { Assertions } from './assertions.js';

/**
 * `always` for code that has no run object at hand (student code, checks): reports to the
 * multi-seed run in progress; outside a run, still throws when `cond` is false.
 */
export function always(cond: boolean, name: string, details?: unknown): void {
  const active = Assertions.active();
  if (active !== null) return active.always(cond, name, details);
  if (typeof name !== 'string' || name === '') throw new Error('always: pass a non-empty assertion name as the second argument');
  if (!cond) throw new AssertionFailure(name, details, null);
}

/** `sometimes` for code that has no run object at hand; does nothing outside a run. */
export function sometimes(cond: boolean, name: string): void {
  const active = Assertions.active();
  if (active !== null) return active.sometimes(cond, name);
  if (typeof name !== 'string' || name === '') throw new Error('sometimes: pass a non-empty assertion name as the second argument');
}
