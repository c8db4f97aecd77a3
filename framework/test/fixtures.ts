import type { Context, Message, Process } from '../src/index.js';

/** Answers every PING with a PONG carrying the same data. */
export class PongServer implements Process {
  served = 0;
  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type === 'PING') {
      this.served++;
      ctx.send({ type: 'PONG', data: msg.data }, from);
    }
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

/** Sends PING on a local request, retries every `retry` seconds until a PONG comes back. */
export class RetryingClient implements Process {
  pending: string | null = null;
  got: string[] = [];
  constructor(
    private readonly server: string,
    private readonly retry = 3,
  ) {}
  onLocalMessage(msg: Message, ctx: Context): void {
    this.pending = String(msg.data);
    ctx.send({ type: 'PING', data: this.pending }, this.server);
    ctx.setTimer('retry', this.retry);
  }
  onMessage(msg: Message, _from: string, ctx: Context): void {
    if (msg.type === 'PONG' && msg.data === this.pending) {
      this.got.push(msg.data as string);
      this.pending = null;
      ctx.cancelTimer('retry');
      ctx.sendLocal({ type: 'PONG', data: msg.data });
    }
  }
  onTimer(_name: string, ctx: Context): void {
    if (this.pending !== null) {
      ctx.send({ type: 'PING', data: this.pending }, this.server);
      ctx.setTimer('retry', this.retry);
    }
  }
}

/** Gossips counters to all peers on a timer; a chatty workload for determinism tests. */
export class Gossiper implements Process {
  seen = new Map<string, number>();
  rounds = 0;
  constructor(private readonly peers: string[]) {}
  onLocalMessage(_msg: Message, ctx: Context): void {
    ctx.setTimer('tick', ctx.random());
  }
  onMessage(msg: Message, from: string): void {
    const n = (msg.data as { n: number }).n;
    this.seen.set(from, Math.max(this.seen.get(from) ?? 0, n));
  }
  onTimer(_name: string, ctx: Context): void {
    this.rounds++;
    for (const p of this.peers) if (p !== ctx.self) ctx.send({ type: 'GOSSIP', data: { n: this.rounds, at: ctx.time() } }, p);
    if (this.rounds < 10) ctx.setTimer('tick', 0.5 + ctx.random());
  }
}
