import { performance } from 'node:perf_hooks';
import { HandlerFailure, type Engine } from './engine.js';
import type { MCState } from './model.js';
import type { Resolved } from './options.js';
import { evaluate, type Named, type PredicateKind } from './predicates.js';
import { View } from './view.js';
import type { Symmetry } from './symmetry.js';
import { VisitedSet } from './visited.js';

/** A step of an internal path: an action code, or the prepare action of a stage (by stage number). */
export type Step = number | { readonly stage: number };

/** A state a stage starts from, with the path that reaches it from the checker's initial state. */
export interface Root {
  state: MCState;
  prefix: readonly Step[];
}

export type Failure =
  | { kind: 'predicate'; predicate: PredicateKind; name: string; message: string }
  | { kind: 'goalUnreachable'; message: string }
  | { kind: 'goalReached'; name: string }
  | { kind: 'student'; error: HandlerFailure };

/** What a state is, judged by the predicates in the order collect, invariant, goal, prune. */
/** 'cut': not expanded because of maxDepth although actions were enabled. */
export type Verdict = { kind: 'expand'; actions: number[] } | { kind: 'stop' } | { kind: 'cut' } | { kind: 'fail'; failure: Failure };

export interface Collected {
  state: MCState;
  path: Step[];
}

/** One search strategy per file behind this interface; strategies are not exported from the package. */
export interface SearchStrategy {
  run(search: Search, roots: readonly Root[]): void;
}

/**
 * The bookkeeping every strategy shares: the visited set, predicates, limits, statistics,
 * progress reports, and the first failure found.
 */
export class Search {
  readonly visited: VisitedSet;
  readonly view: View;
  explored = 0;
  maxDepth = 0;
  goalsReached = 0;
  pruned = 0;
  depthCut = false;
  stopped: 'states' | 'time' | null = null;
  failure: { failure: Failure; path: Step[] } | null = null;
  readonly collected: Collected[] = [];
  private readonly started = performance.now();
  private nextProgress: number;
  private sinceClock = 0;
  private collectSeen: VisitedSet | null;

  constructor(
    readonly engine: Engine,
    readonly options: Resolved,
    trackParents: boolean,
    private readonly symmetry: Symmetry | null = null,
  ) {
    this.visited = new VisitedSet(trackParents);
    this.view = new View(engine, null as unknown as MCState);
    this.nextProgress = options.progressEvery;
    this.collectSeen = options.collects.length > 0 ? new VisitedSet(false, 64) : null;
  }

  /** Adds a state to the visited set by its key (its hash, or its symmetry class's); the state's ordinal, or -1 if seen. */
  visit(s: MCState, parent: number, code: number): number {
    const sym = this.symmetry;
    if (sym === null) return this.visited.add(s.s1, s.s2, parent, code);
    sym.key(s);
    return this.visited.add(sym.k1, sym.k2, parent, code);
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** Records a newly visited state; false when a limit says stop. */
  count(s: MCState): boolean {
    if (s.depth > this.maxDepth) this.maxDepth = s.depth;
    const o = this.options;
    // More distinct states than allowed: the one just found is not judged; a space of exactly maxStates is exhausted.
    if (this.visited.size > o.maxStates) {
      this.stopped = 'states';
      return false;
    }
    if (++this.sinceClock >= 256) {
      this.sinceClock = 0;
      if (this.outOfTime()) return false;
    }
    if (o.progress !== null && this.explored >= this.nextProgress) {
      this.nextProgress = this.explored + o.progressEvery;
      o.progress({ states: this.explored, unique: this.visited.size, depth: this.maxDepth, exploredPerSec: this.rate() });
    }
    return true;
  }

  /** Checks the time limit now (for strategies that may go long without visiting a new state). */
  outOfTime(): boolean {
    if (this.options.timeLimitMs !== Infinity && this.elapsedMs() >= this.options.timeLimitMs) this.stopped = 'time';
    return this.stopped !== null;
  }

  rate(): number {
    const ms = this.elapsedMs();
    return ms > 0 ? Math.round((this.explored * 1000) / ms) : 0;
  }

  /** The successor, or null after recording a student failure at `path() + code`. */
  expand(s: MCState, code: number, path: () => Step[]): MCState | null {
    this.explored++;
    try {
      return this.engine.step(s, code);
    } catch (e) {
      if (!(e instanceof HandlerFailure)) throw e;
      const p = path();
      p.push(code);
      this.failure = { failure: { kind: 'student', error: e }, path: p };
      return null;
    }
  }

  /** Judges a newly visited state; records collected states and failures. */
  judge(s: MCState, path: () => Step[]): Verdict {
    const v = this.classify(s, true);
    if (v.kind === 'fail') this.failure = { failure: v.failure, path: path() };
    else if (this.pendingCollect) this.collected.push({ state: s, path: path() });
    this.pendingCollect = false;
    return v;
  }

  private pendingCollect = false;

  /** The verdict on a state; with `live` also collects and counts (replays pass false). */
  classify(s: MCState, live: boolean): Verdict {
    const o = this.options;
    const view = this.view;
    view.current = s;
    if (live && this.collectSeen !== null) {
      for (const p of o.collects) {
        const r = evaluate(p, view);
        if (typeof r === 'string') return fail(p, r);
        if (r && this.collectSeen.add(s.s1, s.s2, 0, 0) >= 0) this.pendingCollect = true;
        if (r) break;
      }
    }
    for (const p of o.invariants) {
      const r = evaluate(p, view);
      if (r !== true) return fail(p, r === false ? `invariant "${p.name}" violated` : r);
    }
    for (const p of o.goals) {
      const r = evaluate(p, view);
      if (typeof r === 'string') return fail(p, r);
      if (r) {
        if (live) this.goalsReached++;
        return o.stopAtGoal ? { kind: 'fail', failure: { kind: 'goalReached', name: p.name } } : { kind: 'stop' };
      }
    }
    for (const p of o.prunes) {
      const r = evaluate(p, view);
      if (typeof r === 'string') return fail(p, r);
      if (r) {
        if (live) this.pruned++;
        return { kind: 'stop' };
      }
    }
    const actions = this.engine.actions(s);
    if (actions.length === 0) {
      if (o.goals.length > 0 && !o.stopAtGoal) return { kind: 'fail', failure: { kind: 'goalUnreachable', message: 'no events left and goal not reached' } };
      return { kind: 'stop' };
    }
    if (s.depth >= o.maxDepth) {
      this.depthCut = true;
      return { kind: 'cut' };
    }
    return { kind: 'expand', actions };
  }

  collectedCount(): number {
    return this.collected.length;
  }
}

function fail(p: Named, message: string | false): Verdict {
  return { kind: 'fail', failure: { kind: 'predicate', predicate: p.kind, name: p.name, message: message === false ? `${p.kind} "${p.name}" failed` : message } };
}
