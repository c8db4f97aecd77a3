import { Hasher } from '../state.js';
import type { ChaosConfig } from './chaos-config.js';

/** The fault families swarm testing switches, by the config key that turns each on. */
const FAMILIES = [
  ['dropRate', 'drops'],
  ['dupRate', 'duplicates'],
  ['corruptRate', 'corruption'],
  ['maxDrift', 'drift'],
  ['delays', 'delays'],
  ['clogging', 'clogging'],
  ['partitions', 'partitions'],
  ['attrition', 'crashes'],
  ['buggify', 'buggify'],
] as const;

function keeps(seed: number, family: string): boolean {
  const h = new Hasher();
  h.int(seed | 0);
  h.str(family);
  return ((h.h1 ^ h.h2) & 1) === 0;
}

/**
 * The faults a swarm seed runs with: each configured family is kept or dropped by a pure
 * function of (seed, family), so the subset replays with the seed and draws nothing from the
 * run's random stream. Returns the reduced config (a dropped rate is 0) and the kept families.
 */
export function swarmSubset(seed: number, config: ChaosConfig): { config: ChaosConfig; families: string[] } {
  const out: Record<string, unknown> = { ...config };
  delete out.swarm;
  const families: string[] = [];
  for (const [key, family] of FAMILIES) {
    const v = config[key];
    if (v === undefined || v === false || v === 0) continue;
    if (keeps(seed, family)) families.push(family);
    // A rate left out is set to 0, so that it also turns off a rate the network was built with.
    else if (typeof v === 'number') out[key] = 0;
    else delete out[key];
  }
  return { config: out as ChaosConfig, families };
}
