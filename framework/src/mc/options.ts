import { MAX_SEED } from '../rng.js';
import { namedPredicates, type Named } from './predicates.js';
import type { ModelCheckerOptions, Progress } from './types.js';

export interface Resolved {
  strategy: 'bfs' | 'dfs' | 'random';
  walks: number;
  seed: number;
  maxDepth: number;
  maxStates: number;
  timeLimitMs: number;
  invariants: Named[];
  goals: Named[];
  prunes: Named[];
  collects: Named[];
  stopAtGoal: boolean;
  maxDuplicates: number;
  messagesFirst: boolean;
  symmetric: string[][];
  shrink: boolean;
  progress: ((p: Progress) => void) | null;
  progressEvery: number;
}

function positive(where: string, name: string, v: unknown, fallback: number, integer = true): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v > 0) || (integer && !Number.isInteger(v) && v !== Infinity)) {
    throw new Error(`${where}: ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${String(v)}`);
  }
  return v;
}

function nonNegative(where: string, name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0)) throw new Error(`${where}: ${name} must be an integer >= 0, got ${String(v)}`);
  return v;
}

function flag(where: string, name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new Error(`${where}: ${name} must be true or false, got ${String(v)}`);
  return v;
}

function idSets(where: string, v: unknown): string[][] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((g) => Array.isArray(g) && g.every((id) => typeof id === 'string'))) {
    throw new Error(`${where}: symmetric must be a list of sets of process ids, such as [['p1', 'p2', 'p3']]`);
  }
  return v.map((g: string[]) => g.slice());
}

const KNOWN = new Set(['strategy', 'walks', 'seed', 'maxDepth', 'maxStates', 'timeLimitMs', 'invariant', 'goal', 'prune', 'collect', 'stopAtGoal', 'maxDuplicates', 'messagesFirst', 'symmetric', 'shrink', 'progress', 'progressEvery']);

/** Validates the options object and fills in defaults. */
export function resolveOptions(where: string, o: ModelCheckerOptions): Resolved {
  if (typeof o !== 'object' || o === null) throw new Error(`${where}: pass an options object such as { strategy: 'bfs', invariant }`);
  for (const k of Object.keys(o)) if (!KNOWN.has(k)) throw new Error(`${where}: unknown option "${k}"; expected one of ${[...KNOWN].join(', ')}`);
  const strategy = o.strategy ?? 'bfs';
  if (strategy !== 'bfs' && strategy !== 'dfs' && strategy !== 'random') throw new Error(`${where}: strategy must be 'bfs', 'dfs' or 'random', got ${String(strategy)}`);
  const seed = o.seed ?? 0;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) throw new Error(`${where}: seed must be an integer in [0, ${MAX_SEED}], got ${String(seed)}`);
  if (o.progress !== undefined && typeof o.progress !== 'function') throw new Error(`${where}: progress must be a function (p) => void`);
  return {
    strategy,
    walks: positive(where, 'walks', o.walks, 1000),
    seed,
    maxDepth: positive(where, 'maxDepth', o.maxDepth, strategy === 'bfs' ? Infinity : 1000),
    maxStates: positive(where, 'maxStates', o.maxStates, 1_000_000),
    timeLimitMs: positive(where, 'timeLimitMs', o.timeLimitMs, Infinity, false),
    invariants: namedPredicates(where, 'invariant', o.invariant),
    goals: namedPredicates(where, 'goal', o.goal),
    prunes: namedPredicates(where, 'prune', o.prune),
    collects: namedPredicates(where, 'collect', o.collect),
    stopAtGoal: o.stopAtGoal ?? false,
    maxDuplicates: nonNegative(where, 'maxDuplicates', o.maxDuplicates, 2),
    messagesFirst: flag(where, 'messagesFirst', o.messagesFirst),
    symmetric: idSets(where, o.symmetric),
    shrink: o.shrink ?? true,
    progress: o.progress ?? null,
    progressEvery: positive(where, 'progressEvery', o.progressEvery, 10_000),
  };
}
