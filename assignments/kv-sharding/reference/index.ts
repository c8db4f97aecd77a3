import type { Context, Message, Process } from '@dsgrade/framework';
import { hash32 } from './hash.js';

/**
 * Sharded key-value store, reference solution.
 *
 * Rendezvous (highest-random-weight) hashing: a key belongs to the node whose hash of
 * "node/key" is highest. Every node computes the same owner from the same node set, so a
 * request is forwarded straight to its owner, and a change of the node set moves exactly the
 * keys whose highest hash changed: the new node's share on an addition, the removed node's
 * keys on a removal. Keys go one batch per destination, in messages of bounded size.
 */

/** Keys per MOVE message, so that a big migration stays under the message size limit. */
const BATCH = 1000;

type Op = 'GET' | 'PUT' | 'DELETE';

interface Request {
  op: Op;
  key: string;
  value?: string;
}

function reply(op: Op, key: string, value: string | null): Message {
  if (op === 'GET') return { type: 'GET_OK', data: { key, value } };
  return { type: op === 'PUT' ? 'PUT_OK' : 'DELETE_OK', data: { key } };
}

export class ShardNode implements Process {
  /** The keys this node is responsible for (the tests read this field). */
  readonly store = new Map<string, string>();
  /** The current node set, sorted. */
  private nodes: string[];

  constructor(nodes: string[]) {
    this.nodes = [...nodes].sort();
  }

  onLocalMessage(msg: Message, ctx: Context): void {
    const d = (msg.data ?? {}) as { key?: unknown; value?: unknown; nodes?: unknown };
    if (msg.type === 'NODE_ADDED' || msg.type === 'NODE_REMOVED') {
      if (Array.isArray(d.nodes)) this.changeNodes(d.nodes.map(String), ctx);
      return;
    }
    if ((msg.type !== 'GET' && msg.type !== 'PUT' && msg.type !== 'DELETE') || typeof d.key !== 'string') return;
    const req: Request = { op: msg.type, key: d.key };
    if (msg.type === 'PUT') req.value = String(d.value);
    const owner = this.owner(req.key);
    if (owner === ctx.self) ctx.sendLocal(reply(req.op, req.key, this.apply(req)));
    else ctx.send({ type: 'REQ', data: req }, owner);
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type === 'REQ') {
      const req = msg.data as Request;
      ctx.send({ type: 'RESP', data: { op: req.op, key: req.key, value: this.apply(req) } }, from);
    } else if (msg.type === 'RESP') {
      const r = msg.data as { op: Op; key: string; value: string | null };
      ctx.sendLocal(reply(r.op, r.key, r.value));
    } else if (msg.type === 'MOVE') {
      for (const [k, v] of msg.data as [string, string][]) this.store.set(k, v);
    }
  }

  onTimer(): void {}

  private apply(req: Request): string | null {
    if (req.op === 'PUT') this.store.set(req.key, req.value!);
    else if (req.op === 'DELETE') this.store.delete(req.key);
    return this.store.get(req.key) ?? null;
  }

  private owner(key: string): string {
    let best = '';
    let bestHash = -1;
    for (const n of this.nodes) {
      const h = hash32(`${n}/${key}`);
      if (h > bestHash || (h === bestHash && n < best)) [best, bestHash] = [n, h];
    }
    return best;
  }

  /** Adopts the new node set and sends every key this node no longer owns to its owner. */
  private changeNodes(nodes: string[], ctx: Context): void {
    this.nodes = [...nodes].sort();
    if (this.nodes.length === 0) return;
    const out = new Map<string, [string, string][]>();
    for (const [k, v] of this.store) {
      const owner = this.owner(k);
      if (owner === ctx.self) continue;
      let batch = out.get(owner);
      if (batch === undefined) out.set(owner, (batch = []));
      batch.push([k, v]);
    }
    for (const [owner, entries] of out) {
      for (const e of entries) this.store.delete(e[0]);
      for (let i = 0; i < entries.length; i += BATCH) ctx.send({ type: 'MOVE', data: entries.slice(i, i + BATCH) }, owner);
    }
  }
}
