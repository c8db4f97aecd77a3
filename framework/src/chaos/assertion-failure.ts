import { describeThrown } from '../errors.js';

function describeDetails(details: unknown): string {
  if (details === undefined) return '';
  try {
    const s = typeof details === 'string' ? details : JSON.stringify(details);
    return s === undefined ? '' : `: ${s.length > 500 ? `${s.slice(0, 500)}...` : s}`;
  } catch (e) {
    return `: (details not printable: ${describeThrown(e)})`;
  }
}

/** An `always` assertion was false. Fails the run at once. */
export class AssertionFailure extends Error {
  override name = 'AssertionFailure';
  constructor(
    /** The assertion's name. */
    readonly assertion: string,
    readonly details: unknown,
    /** The simulation step at which it failed; null outside a run. */
    readonly step: number | null,
  ) {
    super(`always "${assertion}" failed${step === null ? '' : ` at step ${step}`}${describeDetails(details)}`);
  }
}
