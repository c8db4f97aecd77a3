import type { Predicate, PredicateFn, StateView } from './types.js';

export type PredicateKind = 'invariant' | 'goal' | 'prune' | 'collect';

export interface Named {
  kind: PredicateKind;
  name: string;
  test: PredicateFn;
  explain?: (state: StateView) => string | null;
}

/** Normalizes one option (a function, a named predicate or a list of them); names unnamed ones by kind and position. */
export function namedPredicates(where: string, kind: PredicateKind, value: Predicate | Predicate[] | undefined): Named[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((p, i) => {
    if (typeof p === 'function') return { kind, name: p.name || `${kind} #${i + 1}`, test: p };
    if (typeof p === 'object' && p !== null && typeof p.test === 'function' && typeof p.name === 'string') {
      return typeof p.explain === 'function' ? { kind, name: p.name, test: p.test, explain: p.explain } : { kind, name: p.name, test: p.test };
    }
    throw new Error(`${where}: ${kind} must be a function (state) => boolean | string, an object { name, test }, or a list of them`);
  });
}

/** Runs a predicate; an exception in it is the instructor's bug, reported with the predicate's name. */
export function evaluate(p: Named, view: StateView): boolean | string {
  let r: unknown;
  try {
    r = p.test(view);
  } catch (e) {
    throw new Error(`ModelChecker: ${p.kind} "${p.name}" threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (typeof r !== 'boolean' && typeof r !== 'string') {
    throw new Error(`ModelChecker: ${p.kind} "${p.name}" returned ${typeof r}; return true, false or a string describing the failure`);
  }
  return r;
}

/** Why the goals do not hold on a final state: each goal named, with its own explanation where it gives one. */
export function goalNotReached(goals: readonly Named[], view: StateView): string {
  const parts = goals.map((g) => {
    let why: string | null = null;
    try {
      why = g.explain?.(view) ?? null;
    } catch {
      why = null;
    }
    return why === null ? `goal "${g.name}" not reached` : `goal "${g.name}" not reached: ${why}`;
  });
  return `no events left and ${parts.join('; ')}`;
}
