import type { ChaosConfig, Range } from '@dsgrade/framework';
import type { ChaosSpec } from '../scenario/index.js';

/** A rate of events per second becomes a time between events drawn around its mean. */
function interval(rate: number): Range {
  return [0.5 / rate, 1.5 / rate];
}

/** The scenario's chaos options in the framework's terms; null when there is no chaos. */
export function chaosConfig(c: ChaosSpec, network: { drop: number; duplicate: number; corrupt: number }): ChaosConfig | null {
  const cfg: ChaosConfig = {};
  if (c.swarm) {
    // Swarm switches the network's loss rates too: they become chaos families the seed may drop.
    cfg.swarm = true;
    if (network.drop > 0) cfg.dropRate = network.drop;
    if (network.duplicate > 0) cfg.dupRate = network.duplicate;
    if (network.corrupt > 0) cfg.corruptRate = network.corrupt;
  }
  if (c.buggify) cfg.buggify = true;
  if (c.extraDelay !== null) cfg.delays = { probability: c.extraDelay.probability, max: c.extraDelay.max };
  if (c.clogLinks !== null) cfg.clogging = { interval: interval(c.clogLinks.rate), duration: [c.clogLinks.duration, c.clogLinks.duration] };
  if (c.partitions !== null) cfg.partitions = { interval: interval(c.partitions.rate), duration: [c.partitions.duration, c.partitions.duration] };
  if (c.attrition !== null) {
    cfg.attrition = { interval: interval(c.attrition.rate), duration: [c.attrition.downtime, c.attrition.downtime], maxDown: c.attrition.maxDown };
  }
  return Object.keys(cfg).length === 0 ? null : cfg;
}
