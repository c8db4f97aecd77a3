import { describeThrown } from '../errors.js';
import type { System } from '../system.js';

/** A named predicate over the whole system; `describe` says what was observed when it fails. */
export interface Invariant {
  name: string;
  holds(system: System): boolean;
  describe?(system: System): string;
  /** Check this one after every `every`-th step (default: the checker's `every`). */
  every?: number;
}

/** An invariant was false after a step. */
export class InvariantViolation extends Error {
  override name = 'InvariantViolation';
  constructor(
    readonly invariant: string,
    readonly observed: string,
    readonly step: number,
  ) {
    super(`invariant "${invariant}" violated at step ${step}${observed === '' ? '' : `: ${observed}`}`);
  }
}

export interface InvariantOptions {
  /** Check after every `every`-th step (default 1: after every step). */
  every?: number;
}

/** Something that checks invariants now (e.g. once more at the end of a run). */
export interface InvariantChecker {
  checkNow(): void;
  /** The first violation, kept even if the code stepping the system caught the throw. */
  violation(): InvariantViolation | null;
  /** Whether some invariant is not checked after every step (then a run ends with checkNow). */
  readonly sparse: boolean;
}

function checkOne(inv: Invariant, system: System, onViolation: (v: InvariantViolation) => void): void {
  let ok: boolean;
  let observed = '';
  try {
    ok = inv.holds(system);
    if (!ok && inv.describe !== undefined) observed = inv.describe(system);
  } catch (e) {
    if (e instanceof InvariantViolation) throw e;
    ok = false;
    observed = `the check threw ${describeThrown(e)}`;
  }
  if (ok) return;
  const v = new InvariantViolation(inv.name, observed, system.stepCount());
  system.note('check', v.message);
  onViolation(v);
  throw v;
}

/** Validates a list of invariants; throws naming the bad entry. */
export function validateInvariants(where: string, invariants: unknown): asserts invariants is Invariant[] {
  if (!Array.isArray(invariants)) throw new Error(`${where}: invariants must be an array of { name, holds(system) }`);
  invariants.forEach((inv: unknown, i) => {
    const x = inv as Partial<Invariant> | null;
    if (typeof x !== 'object' || x === null || typeof x.name !== 'string' || x.name === '' || typeof x.holds !== 'function') {
      throw new Error(`${where}: invariants[${i}] must be { name: non-empty string, holds(system): boolean, describe?(system): string, every?: steps }`);
    }
    if (x.every !== undefined && !(Number.isInteger(x.every) && x.every >= 1)) throw new Error(`${where}: invariants[${i}].every must be a positive integer number of steps, got ${String(x.every)}`);
  });
}

/**
 * Checks the invariants after every step (or every `every` steps, per invariant or for all) of
 * `system`; a violation throws InvariantViolation out of the stepping call, naming the
 * invariant and the step. `checkNow` checks them all.
 */
export function checkInvariants(system: System, invariants: readonly Invariant[], options: InvariantOptions = {}): InvariantChecker {
  validateInvariants('checkInvariants', invariants);
  const every = options.every ?? 1;
  if (!(Number.isInteger(every) && every >= 1)) throw new Error(`checkInvariants: every must be a positive integer number of steps, got ${String(every)}`);
  const list = invariants.slice();
  let first: InvariantViolation | null = null;
  const keep = (v: InvariantViolation): void => {
    if (first === null) first = v;
  };
  const checkNow = (): void => {
    for (let i = 0; i < list.length; i++) checkOne(list[i]!, system, keep);
  };
  if (list.length > 0) {
    const periods = list.map((inv) => inv.every ?? every);
    const countdown = periods.slice();
    system.addStepHook(() => {
      for (let i = 0; i < list.length; i++) {
        if (--countdown[i]! > 0) continue;
        countdown[i] = periods[i]!;
        checkOne(list[i]!, system, keep);
      }
    });
  }
  return { checkNow, violation: () => first, sparse: list.some((inv) => (inv.every ?? every) > 1) };
}
