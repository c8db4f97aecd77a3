import type { Context, Message, Process } from '@dsgrade/framework';

// ---- given in the skeleton: placement of keys and the order of versions ----

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

// ---- the reference solution ----

type Id = string | number;

interface Op {
  kind: 'get' | 'put';
  id: Id;
  key: string;
  version: Version | null; // put: the version written; get: the newest read, once decided
  homes: string[];
  answered: string[]; // nodes that answered the first round (store acks / fetch answers)
  responses: { node: string; version: Version | null }[];
  holders: string[]; // get: nodes known to hold the decided version
  fallbacksUsed: number;
  decided: boolean;
  done: boolean;
}

interface Hint {
  key: string;
  home: string;
  version: Version;
}

const same = (a: Version | null, b: Version | null): boolean =>
  a === null ? b === null : b !== null && a.time === b.time && a.value === b.value;

export class KvNode implements Process {
  private readonly nodes: string[];
  private readonly sloppy: boolean;
  private store: Record<string, Version> = {};
  private hints: Record<string, Hint> = {};
  private ops: Record<string, Op> = {};
  private counter = 0;

  constructor(nodes: string[], sloppy: boolean) {
    this.nodes = [...nodes];
    this.sloppy = sloppy;
  }

  onLocalMessage(msg: Message, ctx: Context): void {
    const d = msg.data as { id: Id; key: string; value?: string };
    if (msg.type === 'READ_LOCAL') {
      const v = this.store[d.key] ?? null;
      ctx.sendLocal({ type: 'LOCAL', data: { id: d.id, key: d.key, value: v?.value ?? null, time: v?.time ?? null } });
      return;
    }
    if (msg.type !== 'GET' && msg.type !== 'PUT') return;
    const req = `${ctx.self}/${++this.counter}`;
    const homes = preferenceList(d.key, this.nodes).slice(0, REPLICAS);
    const op: Op = {
      kind: msg.type === 'GET' ? 'get' : 'put', id: d.id, key: d.key,
      version: msg.type === 'PUT' ? { value: d.value as string, time: ctx.time() } : null,
      homes, answered: [], responses: [], holders: [], fallbacksUsed: 0, decided: false, done: false,
    };
    this.ops[req] = op;
    ctx.setTimer(`timeout ${req}`, TIMEOUT);
    if (this.sloppy) ctx.setTimer(`fallback ${req}`, FALLBACK_AFTER);
    for (const h of homes) this.ask(req, op, h, null, ctx);
  }

  private ask(req: string, op: Op, to: string, hint: string | null, ctx: Context): void {
    const msg = op.kind === 'put'
      ? { type: 'STORE', data: { req, key: op.key, version: op.version, hint } }
      : { type: 'FETCH', data: { req, key: op.key } };
    this.send(msg, to, ctx);
  }

  /** Messages to this node itself are handled at once. */
  private send(msg: Message, to: string, ctx: Context): void {
    if (to === ctx.self) this.onMessage(msg, to, ctx);
    else ctx.send(msg, to);
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    switch (msg.type) {
      case 'STORE': {
        const d = msg.data as { req: string; key: string; version: Version; hint: string | null };
        if (d.hint === null) this.apply(d.key, d.version);
        else this.keepHint(d.key, d.hint, d.version, ctx);
        this.send({ type: 'STORED', data: { req: d.req } }, from, ctx);
        return;
      }
      case 'FETCH': {
        const d = msg.data as { req: string; key: string };
        this.send({ type: 'FETCHED', data: { req: d.req, version: this.newestFor(d.key) } }, from, ctx);
        return;
      }
      case 'STORED': return this.onStored((msg.data as { req: string }).req, from, ctx);
      case 'FETCHED': {
        const d = msg.data as { req: string; version: Version | null };
        return this.onFetched(d.req, from, d.version, ctx);
      }
      case 'HANDOFF': {
        const d = msg.data as { key: string; version: Version; home: string };
        this.apply(d.key, d.version);
        this.send({ type: 'HANDOFF_OK', data: d }, from, ctx);
        return;
      }
      case 'HANDOFF_OK': {
        const d = msg.data as { key: string; version: Version; home: string };
        const k = `${d.home} ${d.key}`;
        const h = this.hints[k];
        if (h !== undefined && !isNewer(h.version, d.version)) delete this.hints[k];
        return;
      }
    }
  }

  private apply(key: string, v: Version): void {
    if (isNewer(v, this.store[key] ?? null)) this.store[key] = v;
  }

  private keepHint(key: string, home: string, v: Version, ctx: Context): void {
    const k = `${home} ${key}`;
    const h = this.hints[k];
    if (h === undefined || isNewer(v, h.version)) this.hints[k] = { key, home, version: v };
    ctx.setTimerOnce('handoff', HANDOFF_EVERY);
  }

  /** What this node holds for the key: its own copy or a hinted one, whichever is newer. */
  private newestFor(key: string): Version | null {
    let best = this.store[key] ?? null;
    for (const h of Object.values(this.hints)) if (h.key === key && isNewer(h.version, best)) best = h.version;
    return best;
  }

  private onStored(req: string, from: string, ctx: Context): void {
    const op = this.ops[req];
    if (op === undefined || op.done) return;
    if (op.kind === 'put') {
      if (!op.answered.includes(from)) op.answered.push(from);
      if (op.answered.length >= QUORUM) this.finish(req, op, ctx, { type: 'PUT_OK', data: { id: op.id, key: op.key, value: op.version!.value } });
      return;
    }
    // A read repair was acknowledged.
    if (!op.holders.includes(from)) op.holders.push(from);
    this.answerGetIfSafe(req, op, ctx);
  }

  private onFetched(req: string, from: string, version: Version | null, ctx: Context): void {
    const op = this.ops[req];
    if (op === undefined || op.kind !== 'get' || op.responses.some((r) => r.node === from)) return;
    op.responses.push({ node: from, version });
    if (!op.decided) {
      if (op.responses.length < QUORUM) return;
      op.decided = true;
      let newest: Version | null = null;
      for (const r of op.responses) if (r.version !== null && isNewer(r.version, newest)) newest = r.version;
      op.version = newest;
      for (const r of op.responses) this.repairOrCount(req, op, r.node, r.version, ctx);
      this.answerGetIfSafe(req, op, ctx);
      return;
    }
    this.repairOrCount(req, op, from, version, ctx);
    this.answerGetIfSafe(req, op, ctx);
  }

  private repairOrCount(req: string, op: Op, node: string, version: Version | null, ctx: Context): void {
    if (same(version, op.version)) {
      if (!op.holders.includes(node)) op.holders.push(node);
    } else if (op.version !== null && op.homes.includes(node)) {
      this.send({ type: 'STORE', data: { req, key: op.key, version: op.version, hint: null } }, node, ctx);
    }
  }

  /** A read answers once a quorum holds what it returns, so no later read can see older data. */
  private answerGetIfSafe(req: string, op: Op, ctx: Context): void {
    if (op.done || !op.decided || op.holders.length < QUORUM) return;
    this.finish(req, op, ctx, { type: 'GET_OK', data: { id: op.id, key: op.key, value: op.version?.value ?? null } });
  }

  private finish(req: string, op: Op, ctx: Context, reply: Message): void {
    op.done = true;
    ctx.cancelTimer(`fallback ${req}`);
    ctx.sendLocal(reply);
  }

  onTimer(name: string, ctx: Context): void {
    if (name === 'handoff') {
      const hints = Object.values(this.hints);
      for (const h of hints) ctx.send({ type: 'HANDOFF', data: { key: h.key, version: h.version, home: h.home } }, h.home);
      if (hints.length > 0) ctx.setTimer('handoff', HANDOFF_EVERY);
      return;
    }
    const [what, req] = name.split(' ') as [string, string];
    const op = this.ops[req];
    if (op === undefined) return;
    if (what === 'fallback') {
      if (op.done) return;
      // One fallback, in preference order, for each home replica that has not answered.
      const answered = op.kind === 'put' ? op.answered : op.responses.map((r) => r.node);
      const fallbacks = preferenceList(op.key, this.nodes).slice(REPLICAS);
      for (const home of op.homes) {
        if (answered.includes(home) || op.fallbacksUsed >= fallbacks.length) continue;
        this.ask(req, op, fallbacks[op.fallbacksUsed++]!, home, ctx);
      }
      return;
    }
    // The timeout: a request without a quorum fails; either way the operation is forgotten.
    if (!op.done) {
      const reply = op.kind === 'put'
        ? { type: 'PUT_FAIL', data: { id: op.id, key: op.key, value: op.version!.value } }
        : { type: 'GET_FAIL', data: { id: op.id, key: op.key } };
      op.done = true;
      ctx.sendLocal(reply);
    }
    delete this.ops[req];
  }
}
