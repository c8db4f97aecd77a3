import type { Context, Message, Process } from '@dsgrade/framework';

// Given: where keys live, the order of versions, and the protocol's constants (README.md).
// Keep these as they are; the tests rely on them.

/** FNV-1a, 32 bits, over the key's UTF-16 code units. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Every node, in the key's preference order: the first 3 are its home replicas, the rest fallbacks. */
export function preferenceList(key: string, nodes: readonly string[]): string[] {
  const start = hashKey(key) % nodes.length;
  return nodes.map((_, i) => nodes[(start + i) % nodes.length]!);
}

export interface Version {
  value: string;
  time: number;
}

/** Last writer wins: the later time, and at equal times the larger value (string order). */
export function isNewer(a: Version, b: Version | null): boolean {
  return b === null || a.time > b.time || (a.time === b.time && a.value > b.value);
}

export const REPLICAS = 3;
export const QUORUM = 2;
export const FALLBACK_AFTER = 2;
export const TIMEOUT = 5;
export const HANDOFF_EVERY = 1;

/**
 * One node of the replicated key-value store. See the assignment's README.md.
 *
 * From its user it receives GET, PUT and READ_LOCAL requests and answers each with
 * GET_OK / GET_FAIL, PUT_OK / PUT_FAIL or LOCAL. The network messages between nodes are yours.
 */
export class KvNode implements Process {
  /** Every node of the store, in the order preferenceList uses. */
  private readonly nodes: string[];
  /** true: sloppy quorums with hinted handoff; false: strict quorums of home replicas only. */
  private readonly sloppy: boolean;

  constructor(nodes: string[], sloppy: boolean) {
    this.nodes = [...nodes];
    this.sloppy = sloppy;
  }

  onLocalMessage(msg: Message, ctx: Context): void {
    // TODO: coordinate a GET or PUT (ask the key's home replicas, wait for a quorum),
    // or answer READ_LOCAL at once from this node's own copy.
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    // TODO: store, fetch, acknowledge, repair, hand off.
  }

  onTimer(name: string, ctx: Context): void {
    // TODO: fallbacks after FALLBACK_AFTER, failures after TIMEOUT, handoff every HANDOFF_EVERY.
  }
}
