import type { BuggifyOptions } from './buggify.js';

/** A closed interval of seconds [min, max]; a value is drawn uniformly from it. */
export type Range = readonly [min: number, max: number];

/** When a kind of fault starts (time between two starts) and how long it lasts. */
export interface FaultSchedule {
  interval?: Range;
  duration?: Range;
}

export interface AttritionSchedule extends FaultSchedule {
  /** Most nodes down at once, counting nodes crashed by anyone (default 1). */
  maxDown?: number;
}

/** Buggified delays: with `probability` a network message gets an extra delay in [0, max] seconds. */
export interface DelayChaos {
  probability: number;
  max: number;
}

/**
 * Random faults for a chaos run. Everything is optional and every choice is drawn from the
 * run's seeded generator. Faults start only while processes have events pending (so a quiet
 * system stays quiet and `stepUntilNoEvents` ends) and every fault that started also ends.
 */
export interface ChaosConfig {
  dropRate?: number;
  dupRate?: number;
  corruptRate?: number;
  /** Bound on clock drift rates (redraws every node's drift). */
  maxDrift?: number;
  delays?: DelayChaos;
  /** A clogged link holds (does not drop) messages sent over it until it unclogs. */
  clogging?: FaultSchedule;
  /** Splits the nodes in two groups; heals after its duration. One partition at a time. */
  partitions?: FaultSchedule;
  /** Crashes a node and recovers it after its duration. */
  attrition?: AttritionSchedule;
  /** Nodes the faults may touch (default: all nodes). */
  nodes?: readonly string[];
  /** No fault starts after this simulated time (seconds). */
  until?: number;
  /** Enables ctx.buggify; `true` uses FoundationDB's 50% site activation. */
  buggify?: boolean | BuggifyOptions;
  /**
   * Swarm testing: each seed keeps a random half (on average) of the fault families configured
   * here — drops, duplicates, corruption, drift, delays, clogging, partitions, crashes,
   * buggify — and leaves the rest off, which finds bugs that all faults at once mask.
   */
  swarm?: boolean;
}

export const DEFAULT_SCHEDULES = Object.freeze({
  clogging: { interval: [2, 10] as Range, duration: [1, 5] as Range },
  partitions: { interval: [5, 20] as Range, duration: [2, 10] as Range },
  attrition: { interval: [5, 20] as Range, duration: [1, 10] as Range },
});

const KEYS = ['dropRate', 'dupRate', 'corruptRate', 'maxDrift', 'delays', 'clogging', 'partitions', 'attrition', 'nodes', 'until', 'buggify', 'swarm'];

function checkProbability(where: string, name: string, v: unknown): void {
  if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) throw new Error(`${where}: ${name} must be a probability in [0, 1], got ${String(v)}`);
}

function checkRange(where: string, name: string, v: unknown): void {
  if (v === undefined) return;
  const ok = Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) && v[0] <= v[1];
  if (!ok) throw new Error(`${where}: ${name} must be [min, max] seconds with 0 <= min <= max, got ${JSON.stringify(v)}`);
}

function checkSchedule(where: string, name: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'object' || v === null) throw new Error(`${where}: ${name} must be an object such as { interval: [5, 20], duration: [1, 10] }`);
  const s = v as AttritionSchedule;
  for (const k of Object.keys(s)) {
    if (!['interval', 'duration', ...(name === 'attrition' ? ['maxDown'] : [])].includes(k)) {
      throw new Error(`${where}: unknown option ${name}.${k}; expected interval, duration${name === 'attrition' ? ', maxDown' : ''}`);
    }
  }
  checkRange(where, `${name}.interval`, s.interval);
  checkRange(where, `${name}.duration`, s.duration);
  if (s.interval !== undefined && s.interval[1] <= 0) throw new Error(`${where}: ${name}.interval must allow a positive time between faults, got ${JSON.stringify(s.interval)}`);
  if (s.maxDown !== undefined && !(Number.isInteger(s.maxDown) && s.maxDown >= 1)) {
    throw new Error(`${where}: ${name}.maxDown must be a positive integer, got ${String(s.maxDown)}`);
  }
}

/** Validates a ChaosConfig; throws an error starting with `where` that names the bad field. */
export function validateChaosConfig(where: string, config: unknown): asserts config is ChaosConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new Error(`${where}: chaos must be an object such as { partitions: {}, attrition: { maxDown: 1 } }`);
  }
  const c = config as ChaosConfig;
  for (const k of Object.keys(c)) if (!KEYS.includes(k)) throw new Error(`${where}: unknown chaos option "${k}"; expected one of ${KEYS.join(', ')}`);
  checkProbability(where, 'dropRate', c.dropRate);
  checkProbability(where, 'dupRate', c.dupRate);
  checkProbability(where, 'corruptRate', c.corruptRate);
  if (c.maxDrift !== undefined && !(typeof c.maxDrift === 'number' && c.maxDrift >= 0 && c.maxDrift < 1)) {
    throw new Error(`${where}: maxDrift must be a number in [0, 1), got ${String(c.maxDrift)}`);
  }
  if (c.delays !== undefined) {
    const d = c.delays as Partial<DelayChaos> | null;
    if (typeof d !== 'object' || d === null) throw new Error(`${where}: delays must be { probability, max }`);
    checkProbability(where, 'delays.probability', d.probability);
    if (d.probability === undefined) throw new Error(`${where}: delays.probability is required, e.g. { probability: 0.1, max: 5 }`);
    if (!(typeof d.max === 'number' && Number.isFinite(d.max) && d.max >= 0)) throw new Error(`${where}: delays.max must be a finite number of seconds >= 0, got ${String(d.max)}`);
  }
  checkSchedule(where, 'clogging', c.clogging);
  checkSchedule(where, 'partitions', c.partitions);
  checkSchedule(where, 'attrition', c.attrition);
  if (c.nodes !== undefined && !(Array.isArray(c.nodes) && c.nodes.every((n) => typeof n === 'string'))) {
    throw new Error(`${where}: nodes must be an array of node names`);
  }
  if (c.until !== undefined && !(typeof c.until === 'number' && c.until >= 0)) throw new Error(`${where}: until must be a number of seconds >= 0, got ${String(c.until)}`);
  if (c.buggify !== undefined && typeof c.buggify !== 'boolean' && (typeof c.buggify !== 'object' || c.buggify === null)) {
    throw new Error(`${where}: buggify must be true, false or { activation: 0.5 }`);
  }
  if (c.swarm !== undefined && typeof c.swarm !== 'boolean') throw new Error(`${where}: swarm must be true or false, got ${String(c.swarm)}`);
}
