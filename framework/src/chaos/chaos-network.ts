import type { NetworkConfig } from '../network.js';
import type { System } from '../system.js';
import { startAttrition } from './attrition.js';
import { enableBuggify, type BuggifyReport } from './buggify.js';
import { DEFAULT_SCHEDULES, validateChaosConfig, type ChaosConfig } from './chaos-config.js';
import { startClogging } from './clogging.js';
import { FaultClock } from './fault-clock.js';
import { newFaultCounts, type FaultCounts } from './fault-counts.js';
import { installMessageDelays, type CloggedLinks } from './message-delays.js';
import { startPartitions } from './partitions.js';
import { swarmSubset } from './swarm.js';

/** What a chaos run has injected so far. */
export interface ChaosReport {
  faults(): FaultCounts;
  /** Fault points reached by ctx.buggify; null when buggify is off. */
  buggify: BuggifyReport | null;
  /** With `swarm`, the fault families this seed runs with; null otherwise. */
  swarm: string[] | null;
}

/**
 * Applies random faults to a built system, drawn from its seeded generator, starting now.
 * Call it before stepping; every fault is written to the trace.
 */
export function applyChaos(system: System, configured: ChaosConfig): ChaosReport {
  if (typeof system !== 'object' || system === null || typeof system.scheduleAction !== 'function') {
    throw new Error('applyChaos: pass the System to apply chaos to as the first argument');
  }
  validateChaosConfig('applyChaos', configured);
  const swarm = configured.swarm === true ? swarmSubset(system.seed, configured) : null;
  const config = swarm === null ? configured : swarm.config;
  if (swarm !== null) system.note('network', `swarm: this seed runs with ${swarm.families.join(', ') || 'no faults'}`);
  const all = system.nodeNames();
  const unknown = (config.nodes ?? []).filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new Error(`applyChaos: chaos.nodes names unknown node(s) ${unknown.join(', ')}; nodes are: ${all.join(', ')}`);
  const nodes = config.nodes ?? all;
  const counts = newFaultCounts();

  const patch: Partial<NetworkConfig> = {};
  for (const k of ['dropRate', 'dupRate', 'corruptRate', 'maxDrift'] as const) if (config[k] !== undefined) patch[k] = config[k];
  if (Object.keys(patch).length > 0) system.setNetwork(patch);

  const clogged: CloggedLinks = new Map();
  if (config.delays !== undefined || config.clogging !== undefined) installMessageDelays(system, config.delays, clogged, counts);

  const clock = new FaultClock(system, config.until ?? Infinity);
  if (config.clogging !== undefined) {
    const s = { ...DEFAULT_SCHEDULES.clogging, ...config.clogging };
    startClogging(system, clock, nodes, s.interval, s.duration, clogged, counts);
  }
  if (config.partitions !== undefined) {
    const s = { ...DEFAULT_SCHEDULES.partitions, ...config.partitions };
    startPartitions(system, clock, nodes, s.interval, s.duration, counts);
  }
  if (config.attrition !== undefined) {
    const s = { ...DEFAULT_SCHEDULES.attrition, ...config.attrition };
    startAttrition(system, clock, nodes, s.interval, s.duration, config.attrition.maxDown ?? 1, counts);
  }

  let buggify: BuggifyReport | null = null;
  if (config.buggify !== undefined && config.buggify !== false) buggify = enableBuggify(system, config.buggify === true ? {} : config.buggify);
  return { faults: () => ({ ...counts }), buggify, swarm: swarm === null ? null : swarm.families };
}
