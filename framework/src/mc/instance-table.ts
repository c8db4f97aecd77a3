import type { Process } from '../process.js';

/**
 * Process instances by the hash of their fields, so that states of a breadth-first frontier
 * that hold the same process state share one copy instead of each keeping its own. Sound
 * because the checker never mutates an instance it has stored: a transition copies the
 * process before its handler runs. One entry per distinct process state, not per state.
 */
export class InstanceTable {
  private readonly byHash = new Map<number, { h2: number; instance: Process }>();

  /** The stored instance with these field hashes, or `instance` itself, stored now. */
  canonical(h1: number, h2: number, instance: Process): Process {
    const hit = this.byHash.get(h1);
    if (hit === undefined) {
      this.byHash.set(h1, { h2, instance });
      return instance;
    }
    // A collision of the first lane alone keeps both copies apart.
    return hit.h2 === h2 ? hit.instance : instance;
  }

  get size(): number {
    return this.byHash.size;
  }
}
