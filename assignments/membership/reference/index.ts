import type { Context, Message, Process } from '@dsgrade/framework';

/**
 * Group membership by heartbeat gossip, reference solution.
 *
 * Every member keeps a table of every member it knows, each with a version: the incarnation
 * (the member's clock when it joined, so a restarted member always outranks its old self)
 * and a heartbeat counter the member bumps once a period. Once a period a member sends its
 * table to a few random live members, and everyone keeps the highest version of each entry.
 * A member whose version has not grown for TIMEOUT seconds of the local clock is dead; its
 * entry stays as a tombstone so that stale gossip cannot bring it back, and only a newer
 * version (the member is alive after all, or rejoined) revives it.
 *
 * Liveness is learned second hand, so two members whose link is cut still hear of each other.
 * Dead members are still probed now and then, which is how the two sides of a healed
 * partition, and a member that was cut off, find each other again without a new JOIN.
 */

/** Seconds between two heartbeats / gossip rounds. */
const PERIOD = 1;
/** Live members gossiped to per round. */
const FANOUT = 3;
/** Seconds without a newer version before a member is dead: several rounds over slow, lossy links. */
const TIMEOUT = 12;
/** Chance per round of also gossiping to one dead member (to merge healed partitions). */
const PROBE = 0.3;

type Status = 'alive' | 'left' | 'dead';

interface Entry {
  inc: number;
  hb: number;
  status: Status;
  /** Local time the version last grew. */
  seen: number;
}

/** One gossiped entry: [id, incarnation, heartbeat, left?]. */
type Wire = [string, number, number, boolean];

export class Member implements Process {
  private joined = false;
  /** The seed to (re)send JOIN to until the first table arrives; null once in the group. */
  private joining: string | null = null;
  private readonly table = new Map<string, Entry>();

  onLocalMessage(msg: Message, ctx: Context): void {
    if (msg.type === 'GET_MEMBERS') {
      ctx.sendLocal({ type: 'MEMBERS', data: { members: this.joined ? this.alive(ctx, true) : [] } });
    } else if (msg.type === 'JOIN') {
      const seed = (msg.data as { seed?: unknown } | null)?.seed;
      if (this.joined || typeof seed !== 'string') return;
      this.joined = true;
      this.table.clear();
      this.table.set(ctx.self, { inc: ctx.time(), hb: 0, status: 'alive', seen: ctx.time() });
      this.joining = seed === ctx.self ? null : seed;
      if (this.joining !== null) ctx.send({ type: 'JOIN', data: { entry: this.wire(ctx.self) } }, this.joining);
      ctx.setTimer('tick', PERIOD);
    } else if (msg.type === 'LEAVE') {
      if (!this.joined) return;
      const me = this.table.get(ctx.self)!;
      me.hb++;
      me.status = 'left';
      for (const id of this.alive(ctx, false)) ctx.send({ type: 'GOSSIP', data: { entries: [this.wire(ctx.self)] } }, id);
      this.joined = false;
      this.joining = null;
      this.table.clear();
      ctx.cancelTimer('tick');
    }
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    if (!this.joined) return;
    const data = msg.data as { entry?: Wire; entries?: Wire[] } | null;
    if (msg.type === 'JOIN' && data?.entry !== undefined) {
      this.merge(data.entry, ctx);
      ctx.send({ type: 'GOSSIP', data: { entries: this.gossip() } }, from);
    } else if (msg.type === 'GOSSIP' && Array.isArray(data?.entries)) {
      this.joining = null;
      for (const e of data.entries) this.merge(e, ctx);
    }
  }

  onTimer(name: string, ctx: Context): void {
    if (name !== 'tick' || !this.joined) return;
    const now = ctx.time();
    this.table.get(ctx.self)!.hb++;
    for (const [id, e] of this.table) {
      if (id !== ctx.self && e.status === 'alive' && now - e.seen > TIMEOUT) e.status = 'dead';
    }
    if (this.joining !== null) ctx.send({ type: 'JOIN', data: { entry: this.wire(ctx.self) } }, this.joining);
    const entries = this.gossip();
    const live = this.alive(ctx, false);
    for (const id of pick(live, FANOUT, ctx)) ctx.send({ type: 'GOSSIP', data: { entries } }, id);
    const dead = [...this.table].filter(([, e]) => e.status === 'dead').map(([id]) => id);
    if (dead.length > 0 && (live.length === 0 || ctx.random() < PROBE)) {
      ctx.send({ type: 'GOSSIP', data: { entries } }, dead[Math.floor(ctx.random() * dead.length)]!);
    }
    ctx.setTimer('tick', PERIOD);
  }

  /** Keeps the higher version; a left entry of the same version wins over a live one. */
  private merge([id, inc, hb, left]: Wire, ctx: Context): void {
    if (id === ctx.self) return;
    const cur = this.table.get(id);
    const newer = cur === undefined || inc > cur.inc || (inc === cur.inc && hb > cur.hb);
    if (newer) {
      this.table.set(id, { inc, hb, status: left ? 'left' : 'alive', seen: ctx.time() });
    } else if (left && cur.inc === inc && cur.hb === hb) {
      cur.status = 'left';
    }
  }

  private wire(id: string): Wire {
    const e = this.table.get(id)!;
    return [id, e.inc, e.hb, e.status === 'left'];
  }

  /** Live and left entries: a dead one is a local verdict, not news. */
  private gossip(): Wire[] {
    return [...this.table].filter(([, e]) => e.status !== 'dead').map(([id]) => this.wire(id));
  }

  private alive(ctx: Context, withSelf: boolean): string[] {
    return [...this.table]
      .filter(([id, e]) => e.status === 'alive' && (withSelf || id !== ctx.self))
      .map(([id]) => id)
      .sort();
  }
}

/** Up to k distinct random elements of xs. */
function pick(xs: string[], k: number, ctx: Context): string[] {
  const rest = [...xs];
  const out: string[] = [];
  while (out.length < k && rest.length > 0) out.push(rest.splice(Math.floor(ctx.random() * rest.length), 1)[0]!);
  return out;
}
