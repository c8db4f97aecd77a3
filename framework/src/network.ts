import type { Rng } from './rng.js';

/** How the network between nodes behaves. Messages between processes of one node are always reliable and immediate. */
export interface NetworkConfig {
  /** Smallest and largest delivery delay in seconds; equal means a fixed delay. */
  minDelay: number;
  maxDelay: number;
  /** Probability that a message is lost. */
  dropRate: number;
  /** Probability that a message is delivered twice. */
  dupRate: number;
  /** Probability that a message's string values are replaced with garbage. */
  corruptRate: number;
  /** Bound on each node's clock drift rate: a node's clock runs at (1 + r) with r uniform in [-maxDrift, maxDrift]. */
  maxDrift: number;
}

export const DEFAULT_NETWORK: Readonly<NetworkConfig> = Object.freeze({
  minDelay: 1,
  maxDelay: 1,
  dropRate: 0,
  dupRate: 0,
  corruptRate: 0,
  maxDrift: 0,
});

function checkRate(where: string, name: string, v: number): void {
  if (!(typeof v === 'number' && v >= 0 && v <= 1)) {
    throw new Error(`${where}: ${name} must be a probability in [0, 1], got ${String(v)}`);
  }
}

/** Validates and completes a partial config; throws naming the bad field. */
export function makeNetworkConfig(where: string, base: NetworkConfig, patch: Partial<NetworkConfig>): NetworkConfig {
  const cfg: NetworkConfig = { ...base, ...patch };
  for (const key of Object.keys(patch)) {
    if (!(key in DEFAULT_NETWORK)) {
      throw new Error(`${where}: unknown network option "${key}"; expected one of ${Object.keys(DEFAULT_NETWORK).join(', ')}`);
    }
  }
  if (!(Number.isFinite(cfg.minDelay) && cfg.minDelay >= 0)) {
    throw new Error(`${where}: minDelay must be a finite number of seconds >= 0, got ${String(cfg.minDelay)}`);
  }
  if (!(Number.isFinite(cfg.maxDelay) && cfg.maxDelay >= cfg.minDelay)) {
    throw new Error(`${where}: maxDelay must be a finite number >= minDelay (${cfg.minDelay}), got ${String(cfg.maxDelay)}`);
  }
  checkRate(where, 'dropRate', cfg.dropRate);
  checkRate(where, 'dupRate', cfg.dupRate);
  checkRate(where, 'corruptRate', cfg.corruptRate);
  if (!(Number.isFinite(cfg.maxDrift) && cfg.maxDrift >= 0 && cfg.maxDrift < 1)) {
    throw new Error(`${where}: maxDrift must be a number in [0, 1), got ${String(cfg.maxDrift)}`);
  }
  return cfg;
}

/**
 * Which directed node-to-node links are down. A link is down if it was disabled explicitly,
 * or if either end is disconnected (a partition disables the links that cross it).
 */
export class LinkTable {
  private disabled = new Set<string>();
  private disconnected = new Set<string>();

  private static key(from: string, to: string): string {
    return `${from}\u0000${to}`;
  }

  /** Fast path: with no faults configured, no string is built per message. */
  get allUp(): boolean {
    return this.disabled.size === 0 && this.disconnected.size === 0;
  }

  isUp(from: string, to: string): boolean {
    if (this.allUp) return true;
    return !this.disconnected.has(from) && !this.disconnected.has(to) && !this.disabled.has(LinkTable.key(from, to));
  }

  disable(from: string, to: string): void {
    this.disabled.add(LinkTable.key(from, to));
  }

  enable(from: string, to: string): void {
    this.disabled.delete(LinkTable.key(from, to));
  }

  disconnect(node: string): void {
    this.disconnected.add(node);
  }

  connect(node: string): void {
    this.disconnected.delete(node);
  }

  isDisconnected(node: string): boolean {
    return this.disconnected.has(node);
  }

  reset(): void {
    this.disabled.clear();
    this.disconnected.clear();
  }

  /** Sorted lists, for snapshots and hashing. */
  describe(): { disabled: string[][]; disconnected: string[] } {
    return {
      disabled: [...this.disabled].sort().map((k) => k.split('\u0000')),
      disconnected: [...this.disconnected].sort(),
    };
  }
}

/** A delay drawn for one message. */
export function drawDelay(cfg: NetworkConfig, rng: Rng): number {
  return cfg.minDelay === cfg.maxDelay ? cfg.minDelay : cfg.minDelay + rng.next() * (cfg.maxDelay - cfg.minDelay);
}

const GARBAGE = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Replaces every string value (not keys) in a JSON value with random characters of the same length. */
export function corruptStrings(v: unknown, rng: Rng): unknown {
  if (typeof v === 'string') {
    let s = '';
    for (let i = 0; i < Math.max(1, v.length); i++) s += GARBAGE[rng.int(0, GARBAGE.length - 1)];
    return s === v ? s + '?' : s;
  }
  if (Array.isArray(v)) return v.map((x) => corruptStrings(x, rng));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = corruptStrings((v as Record<string, unknown>)[k], rng);
    return out;
  }
  return v;
}
