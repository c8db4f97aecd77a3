/** A student's handler threw (or misused the Context). Carries where it happened. */
export class StudentError extends Error {
  override name = 'StudentError';
  constructor(
    readonly proc: string,
    readonly handler: 'onMessage' | 'onLocalMessage' | 'onTimer' | 'constructor',
    readonly step: number,
    readonly original: unknown,
  ) {
    super(`process "${proc}" threw in ${handler} at step ${step}: ${describeThrown(original)}`);
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
    return `${String(err.name)}: ${String(err.message)}`;
  }
  try {
    return `non-Error value thrown: ${typeof e === 'string' ? JSON.stringify(e) : String(e)}`;
  } catch {
    return 'non-Error value thrown (unprintable)';
  }
}
