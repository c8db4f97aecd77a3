import { inspect } from 'node:util';

/** A student's handler threw (or misused the Context). Carries where it happened. */
export class StudentError extends Error {
  override name = 'StudentError';
  constructor(
    readonly proc: string,
    readonly handler: 'onMessage' | 'onLocalMessage' | 'onTimer' | 'constructor',
    readonly step: number,
    readonly original: unknown,
  ) {
    const what = describeThrown(original);
    // "process "a" in onMessage at step 3 threw a non-Error value: 42" rather than "threw ...: threw ...".
    super(what.startsWith('threw ') ? `process "${proc}" in ${handler} at step ${step} ${what}` : `process "${proc}" threw in ${handler} at step ${step}: ${what}`);
  }
}

/** A stepping call ran longer than its step limit. */
export class StepLimitError extends Error {
  override name = 'StepLimitError';
  constructor(
    readonly method: string,
    readonly limit: number,
  ) {
    super(
      `${method}: still running after ${limit} steps; a process may be re-arming a timer forever ` +
        '(use stepForDuration for such systems) or pass a larger limit',
    );
  }
}

export function describeThrown(e: unknown): string {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e && 'name' in e)) {
    const err = e as { name: unknown; message: unknown };
    // An error with no name describes itself whole (the sandbox's copy of a thrown non-Error).
    return err.name === '' ? String(err.message) : `${String(err.name)}: ${String(err.message)}`;
  }
  try {
    return `threw a non-Error value: ${inspect(e, { depth: 2, breakLength: Infinity, customInspect: false, getters: false, showProxy: true })}`;
  } catch {
    return 'threw a non-Error value (unprintable)';
  }
}
