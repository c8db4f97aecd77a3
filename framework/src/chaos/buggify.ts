import { Hasher } from '../state.js';
import type { Rng } from '../rng.js';
import type { System } from '../system.js';
import { buggifyCallSite } from './call-site.js';

export interface BuggifyOptions {
  /** Probability that a call site is active in a run; FoundationDB uses 0.5 (the default). */
  activation?: number;
}

/** What one `ctx.buggify` call site did in one run. */
export interface BuggifySite {
  site: string;
  active: boolean;
  calls: number;
  fired: number;
}

/** The fault points reached by one run, in the order they were first reached. */
export interface BuggifyReport {
  sites(): BuggifySite[];
}

function unitFromHash(h: Hasher): number {
  // Final avalanche so that sites differing in one character land far apart.
  let x = h.h1 ^ h.h2;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 0x1_0000_0000;
}

/**
 * Whether `site` is active in the run with this seed. A pure function of (seed, site), so
 * activation does not depend on the order in which sites are reached and draws nothing from
 * the run's random stream.
 */
export function isSiteActive(seed: number, site: string, activation = 0.5): boolean {
  const h = new Hasher();
  h.int(seed | 0);
  h.str(site);
  return unitFromHash(h) < activation;
}

/**
 * Turns on `ctx.buggify` for this system: a call returns true with its probability, but only
 * at call sites activated for this seed. Every firing is written to the trace.
 */
export function enableBuggify(system: System, options: BuggifyOptions = {}): BuggifyReport {
  if (typeof system !== 'object' || system === null || typeof system.setBuggify !== 'function') {
    throw new Error('enableBuggify: pass the System to enable buggify on');
  }
  const activation = options.activation ?? 0.5;
  if (!(typeof activation === 'number' && activation >= 0 && activation <= 1)) {
    throw new Error(`enableBuggify: activation must be a probability in [0, 1], got ${String(activation)}`);
  }
  const sites = new Map<string, BuggifySite>();
  system.setBuggify((proc: string, probability: number, rng: Rng, known?: string): boolean => {
    // Compiled student code names its site; only code that was not compiled by the grader pays for a stack capture.
    const site = known ?? buggifyCallSite();
    let s = sites.get(site);
    if (s === undefined) {
      s = { site, active: isSiteActive(system.seed, site, activation), calls: 0, fired: 0 };
      sites.set(site, s);
    }
    s.calls++;
    if (!s.active || !rng.chance(probability)) return false;
    s.fired++;
    system.note('check', `buggify fired at ${site}`, proc);
    return true;
  });
  return { sites: () => [...sites.values()].map((s) => ({ ...s })) };
}
