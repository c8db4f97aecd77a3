import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** Largest seed accepted: pure-rand seeds are 32-bit. */
export const MAX_SEED = 0xffff_ffff;

/**
 * Spreads a 32-bit seed over the generator's 128-bit state with splitmix32 steps. Seeding
 * xoroshiro128+ directly with small integers makes its first outputs nearly equal across
 * seeds (seeds 0..5 all start near 1.0), which would make the first delay or fault of every
 * run alike.
 */
function scramble(seed: number): number[] {
  let x = seed | 0;
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state.push((z ^ (z >>> 16)) | 0);
  }
  if (!state.some((w) => w !== 0)) state[0] = 1;
  return state;
}

/**
 * The one seeded random source of a simulation. Every random choice (network, chaos,
 * ctx.random, Math.random inside the sandbox) draws from an `Rng` derived from the run's seed.
 */
export class Rng {
  private gen: JumpableRandomGenerator;

  private constructor(gen: JumpableRandomGenerator) {
    this.gen = gen;
  }

  static fromSeed(seed: number): Rng {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new Error(`Rng.fromSeed: seed must be an integer in [0, ${MAX_SEED}], got ${String(seed)}`);
    }
    return new Rng(xoroshiro128plusFromState(scramble(seed)));
  }

  static fromState(state: readonly number[]): Rng {
    return new Rng(xoroshiro128plusFromState(state));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** True with probability p; draws nothing when p is 0, so disabled features cost no randomness. */
  chance(p: number): boolean {
    return p > 0 && uniformFloat64(this.gen) < p;
  }

  getState(): number[] {
    return this.gen.getState().slice();
  }

  /** An independent generator for a sub-system (e.g. one per sandbox realm), derived deterministically. */
  derive(): Rng {
    return Rng.fromSeed(this.int(0, MAX_SEED) >>> 0);
  }
}
