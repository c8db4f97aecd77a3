import { MAX_SEED } from '../rng.js';
import { Assertions } from './assertions.js';
import { validateChaosConfig } from './chaos-config.js';
import { validateInvariants } from './invariants.js';
import { validateLimits } from './run-limits.js';
import type { RunSeedsOptions } from './run-types.js';

/** The seeds to run and whether to stop once every `sometimes` was reached. */
export interface SeedPlan {
  first: number;
  count: number;
  stopWhenAllReached: boolean;
}

function checkSeed(name: string, v: unknown): void {
  if (!(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_SEED)) {
    throw new Error(`runSeeds: ${name} must be an integer seed in [0, ${MAX_SEED}], got ${String(v)}`);
  }
}

function checkCount(name: string, v: unknown): void {
  if (!(Number.isInteger(v) && (v as number) >= 1)) throw new Error(`runSeeds: ${name} must be a positive integer number of seeds, got ${String(v)}`);
}

/** Validates the options of runSeeds; returns the seed plan. */
export function planSeeds(options: RunSeedsOptions): SeedPlan {
  if (typeof options !== 'object' || options === null) {
    throw new Error('runSeeds: pass options with one of { seeds: N }, { untilAllSometimesReached: maxSeeds } or { seed: S }');
  }
  const modes = (['seeds', 'untilAllSometimesReached', 'seed'] as const).filter((k) => k in options && (options as unknown as Record<string, unknown>)[k] !== undefined);
  if (modes.length !== 1) {
    throw new Error(`runSeeds: pass exactly one of seeds, untilAllSometimesReached or seed; got ${modes.length === 0 ? 'none' : modes.join(' and ')}`);
  }
  if (options.chaos !== undefined) validateChaosConfig('runSeeds', options.chaos);
  if (options.invariants !== undefined) validateInvariants('runSeeds', options.invariants);
  if (options.invariantEvery !== undefined) checkCount('invariantEvery', options.invariantEvery);
  if (options.limits !== undefined) validateLimits('runSeeds', options.limits);
  if (options.assertions !== undefined && !(options.assertions instanceof Assertions)) throw new Error('runSeeds: assertions must be an Assertions object (new Assertions({ sometimes: [...] }))');
  for (const k of ['onProgress', 'replayCommand', 'onRerun'] as const) {
    if (options[k] !== undefined && typeof options[k] !== 'function') throw new Error(`runSeeds: ${k} must be a function`);
  }
  if ('seed' in options && options.seed !== undefined) {
    checkSeed('seed', options.seed);
    return { first: options.seed, count: 1, stopWhenAllReached: false };
  }
  const first = options.firstSeed ?? 0;
  checkSeed('firstSeed', first);
  const stopWhenAllReached = 'untilAllSometimesReached' in options && options.untilAllSometimesReached !== undefined;
  const count = stopWhenAllReached ? (options as { untilAllSometimesReached: number }).untilAllSometimesReached : (options as { seeds: number }).seeds;
  checkCount(stopWhenAllReached ? 'untilAllSometimesReached' : 'seeds', count);
  if (first + count - 1 > MAX_SEED) throw new Error(`runSeeds: firstSeed + seeds - 1 must not pass ${MAX_SEED}; lower firstSeed or the number of seeds`);
  return { first, count, stopWhenAllReached };
}

/** The default replay instruction: the call that reruns one seed with the same settings. */
export function defaultReplay(options: RunSeedsOptions): (seed: number) => string {
  const same = (['chaos', 'invariants', 'invariantEvery', 'limits', 'assertions'] as const).filter((k) => options[k] !== undefined);
  const rest = same.length === 0 ? '' : `, ${same.join(', ')}`;
  return (seed) => `runSeeds(build, workload, { seed: ${seed}${rest} })`;
}
