import type { SourcePos } from '../outcome.js';

/**
 * Thrown by a workload when something it checks does not hold: the run fails with this
 * message, naming the check (if any) and where it is written (if known).
 */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(
    message: string,
    readonly check: string | null = null,
    readonly at: SourcePos | null = null,
  ) {
    super(message);
  }
}
