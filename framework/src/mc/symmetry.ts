import { Hasher, hashValue, type StateOwner } from '../state.js';
import type { Topology } from '../engine/index.js';
import type { MCState, ProcEntry } from './model.js';

const MEMBER = '\u0000member';
const MSG_OWNER: StateOwner = { proc: 'message', className: 'Message' };

/**
 * Symmetry reduction: the scenario declares sets of interchangeable processes, and a state is
 * identified with every state that differs from it only by a permutation of the ids within
 * each set. The key of a state is its hash after renaming: members are ranked by a hash of
 * their state with every member id blanked out, the member at rank r takes the set's r-th id,
 * and then process fields, timers, local messages and pending messages are hashed with ids
 * renamed accordingly (a message's sender and receiver too). A field whose value is the same
 * in every process that has it (a peer list given to each at construction) is configuration
 * and is hashed as it is. Members tied in rank keep their order: the reduction may then miss a
 * merge, never make a wrong one. Sound when the declared processes really are interchangeable.
 */
export class Symmetry {
  k1 = 0;
  k2 = 0;
  private readonly groups: number[][];
  private readonly groupOf: Int32Array;
  private readonly blank = new Map<string, string>();

  constructor(
    private readonly topology: Topology,
    private readonly owners: readonly StateOwner[],
    groups: readonly (readonly string[])[],
  ) {
    this.groupOf = new Int32Array(topology.ids.length).fill(-1);
    const seen = new Set<string>();
    this.groups = groups.map((g, gi) => {
      if (!Array.isArray(g) || g.length < 2) throw new Error(`new ModelChecker: symmetric[${gi}] must list at least two interchangeable process ids`);
      return g.map((id) => {
        if (seen.has(id)) throw new Error(`new ModelChecker: process "${id}" appears in more than one symmetric set`);
        seen.add(id);
        const p = topology.proc('new ModelChecker: symmetric', id);
        this.groupOf[p] = gi;
        this.blank.set(id, MEMBER);
        return p;
      });
    });
  }

  /** Sets k1, k2 to the key of `s` under the declared symmetries. */
  key(s: MCState): void {
    const n = s.procs.length;
    const ids = this.topology.ids;
    // slotOf[p]: the id process p takes in the canonical form.
    const slotOf = new Array<number>(n);
    for (let p = 0; p < n; p++) slotOf[p] = p;
    const shared = this.commonFields(s);
    for (const g of this.groups) {
      const ranked = g.map((p, i) => ({ p, i, h: this.shape(s.procs[p]!, p, shared) }));
      ranked.sort((a, b) => a.h - b.h || a.i - b.i);
      ranked.forEach((r, rank) => (slotOf[r.p] = g[rank]!));
    }
    const rename = new Map<string, string>();
    for (let p = 0; p < n; p++) if (slotOf[p] !== p) rename.set(ids[p]!, ids[slotOf[p]!]!);
    const byProc = new Array<number>(2 * n);
    for (let p = 0; p < n; p++) {
      const e = this.entryHash(s.procs[p]!, p, rename, shared);
      byProc[2 * slotOf[p]!] = e.h1;
      byProc[2 * slotOf[p]! + 1] = e.h2;
    }
    const h = new Hasher();
    for (let i = 0; i < byProc.length; i++) h.int(byProc[i]!);
    let m1 = 0;
    let m2 = 0;
    for (const ev of s.events) {
      const e = new Hasher();
      e.int(slotOf[ev.from]!);
      e.int(slotOf[ev.to]!);
      e.int(ev.dups);
      e.str(ev.msg.type);
      hashValue(e, ev.msg.data, MSG_OWNER, 'data', 0, rename);
      m1 = (m1 + e.h1) | 0;
      m2 = (m2 + e.h2) | 0;
    }
    h.int(m1);
    h.int(m2);
    this.k1 = h.h1;
    this.k2 = h.h2;
  }

  /** Field names whose value hashes the same in every live process that has the field (two at least). */
  private commonFields(s: MCState): Set<string> {
    const first = new Map<string, number>();
    const count = new Map<string, number>();
    const differs = new Set<string>();
    s.procs.forEach((e, p) => {
      const fields = e.instance as Record<string, unknown> | null;
      if (fields === null) return;
      for (const k of Object.keys(fields)) {
        if (differs.has(k)) continue;
        const h = fieldHash(fields[k], this.owners[p]!);
        const seen = first.get(k);
        if (seen === undefined) first.set(k, h);
        else if (seen !== h) differs.add(k);
        count.set(k, (count.get(k) ?? 0) + 1);
      }
    });
    const out = new Set<string>();
    for (const [k, c] of count) if (c >= 2 && !differs.has(k)) out.add(k);
    return out;
  }

  /** A member's state with every member id blanked: what ranks it, whatever its own id. */
  private shape(e: ProcEntry, p: number, common: ReadonlySet<string>): number {
    return this.entryHash(e, p, this.blank, common).h1;
  }

  private entryHash(e: ProcEntry, p: number, rename: ReadonlyMap<string, string>, common: ReadonlySet<string>): Hasher {
    const h = new Hasher();
    const owner = this.owners[p]!;
    if (e.instance === null) h.int(0);
    else {
      const fields = e.instance as unknown as Record<string, unknown>;
      for (const k of Object.keys(fields)) {
        h.str(k);
        hashValue(h, fields[k], owner, k, 1, common.has(k) ? null : rename);
      }
    }
    h.int(e.timers.length);
    for (let i = 0; i < e.timers.length; i++) {
      const t = e.timers[i]!;
      h.str(t.name);
      h.num(t.delay);
      h.int(i > 0 && e.timers[i - 1]!.batch === t.batch ? 1 : 0);
    }
    const stored = e.storage.data;
    for (const k of Object.keys(stored).sort()) {
      h.str(k);
      hashValue(h, stored[k], owner, 'storage', 0, rename);
    }
    for (let o = e.outbox; o !== null; o = o.prev) {
      h.str(o.msg.type);
      hashValue(h, o.msg.data, owner, 'local message', 0, rename);
    }
    return h;
  }
}

function fieldHash(v: unknown, owner: StateOwner): number {
  const h = new Hasher();
  hashValue(h, v, owner, 'field');
  return h.h1 ^ Math.imul(h.h2, 0x9e3779b1);
}
