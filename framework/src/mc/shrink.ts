import { HandlerFailure, timerOf, type Engine } from './engine.js';
import type { MCState } from './model.js';
import type { Failure, Search, Step } from './search.js';

/**
 * Shrinks a counterexample: repeatedly drops one step and keeps the shorter path if replaying
 * it still reaches the same failure (same predicate, or the same process's handler throwing)
 * through states the search would have expanded. Steps are replayed by identity (which
 * message, which variant; which process's timer), not by choice index, since indexes shift
 * once a step is gone. Prepare steps of stages are kept.
 */

type Identity = { variant: number; h1: number; h2: number } | { timer: number; name: string } | { stage: number };

function identityOf(s: MCState, step: Step): Identity {
  if (typeof step !== 'number') return step;
  if (step < 0) {
    const t = timerOf(step);
    return { timer: t.proc, name: s.procs[t.proc]!.timers[t.timer]!.name };
  }
  const ev = s.events[step >> 2]!;
  return { variant: step & 3, h1: ev.h1, h2: ev.h2 };
}

function codeFor(engine: Engine, s: MCState, id: Identity): number | null {
  if ('stage' in id) return null;
  const actions = engine.actions(s);
  for (const code of actions) {
    if ('timer' in id) {
      if (code >= 0) continue;
      const t = timerOf(code);
      if (t.proc === id.timer && s.procs[t.proc]!.timers[t.timer]!.name === id.name) return code;
    } else if (code >= 0 && (code & 3) === id.variant) {
      const ev = s.events[code >> 2]!;
      if (ev.h1 === id.h1 && ev.h2 === id.h2) return code;
    }
  }
  return null;
}

function sameFailure(a: Failure, b: Failure): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'predicate' && b.kind === 'predicate') return a.name === b.name && a.predicate === b.predicate;
  if (a.kind === 'goalReached' && b.kind === 'goalReached') return a.name === b.name;
  if (a.kind === 'student' && b.kind === 'student') return a.error.proc === b.error.proc && a.error.handler === b.error.handler;
  return true;
}

export interface ShrinkContext {
  search: Search;
  initial: MCState;
  prepare(s: MCState, stage: number): MCState;
  budgetMs: number;
}

/** Replays identities; returns the path (as codes) up to the first matching failure, or null. */
function attempt(ctx: ShrinkContext, ids: readonly Identity[], target: Failure): { steps: Step[]; failure: Failure } | null {
  const engine = ctx.search.engine;
  let s = ctx.initial;
  const steps: Step[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if ('stage' in id) {
      try {
        s = ctx.prepare(s, id.stage);
      } catch (e) {
        if (e instanceof HandlerFailure) return null;
        throw e;
      }
      steps.push(id);
    } else {
      const code = codeFor(engine, s, id);
      if (code === null) return null;
      steps.push(code);
      try {
        s = engine.step(s, code);
      } catch (e) {
        if (!(e instanceof HandlerFailure)) throw e;
        const f: Failure = { kind: 'student', error: e };
        return sameFailure(f, target) ? { steps, failure: f } : null;
      }
    }
    const v = ctx.search.classify(s, false);
    if (v.kind === 'fail') return sameFailure(v.failure, target) ? { steps, failure: v.failure } : null;
    if (v.kind !== 'expand' && i < ids.length - 1) return null;
  }
  return null;
}

function identities(ctx: ShrinkContext, steps: readonly Step[]): Identity[] {
  const engine = ctx.search.engine;
  let s = ctx.initial;
  return steps.map((step) => {
    const id = identityOf(s, step);
    try {
      s = typeof step === 'number' ? engine.step(s, step) : ctx.prepare(s, step.stage);
    } catch (e) {
      if (!(e instanceof HandlerFailure)) throw e; // the failing last step of a student-error path
    }
    return id;
  });
}

export function shrinkPath(ctx: ShrinkContext, steps: Step[], target: Failure): { steps: Step[]; failure: Failure } {
  const t0 = Date.now();
  let best = { steps, failure: target };
  let ids = identities(ctx, steps);
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = ids.length - 1; i >= 0; i--) {
      if (Date.now() - t0 > ctx.budgetMs) return best;
      if (i >= ids.length || 'stage' in ids[i]!) continue;
      const candidate = ids.slice(0, i).concat(ids.slice(i + 1));
      const r = attempt(ctx, candidate, target);
      if (r !== null) {
        best = r;
        ids = candidate.slice(0, r.steps.length);
        changed = true;
      }
    }
  }
  return best;
}
