import { System, type Context, type Message, type Process } from '../../src/index.js';

/**
 * At-most-once requests: the client sends REQ and retries on a timer (at most `retries`
 * times, so the state space is finite); the server executes each request id once and
 * answers duplicates from its cache. `BuggyServer` executes every copy it receives.
 */
export class AmoClient implements Process {
  id = 0;
  attempts = 0;
  done = false;
  constructor(
    readonly server: string,
    readonly retries = 2,
  ) {}
  onLocalMessage(msg: Message, ctx: Context): void {
    this.id = msg.data as number;
    this.attempts = 0;
    this.done = false;
    ctx.send({ type: 'REQ', data: this.id }, this.server);
    ctx.setTimer('retry', 2);
  }
  onMessage(msg: Message, _from: string, ctx: Context): void {
    if (msg.type === 'REPLY' && msg.data === this.id && !this.done) {
      this.done = true;
      ctx.cancelTimer('retry');
      ctx.sendLocal({ type: 'DONE', data: this.id });
    }
  }
  onTimer(_name: string, ctx: Context): void {
    if (this.done || this.attempts >= this.retries) return;
    this.attempts++;
    ctx.send({ type: 'REQ', data: this.id }, this.server);
    ctx.setTimer('retry', 2);
  }
}

export class AmoServer implements Process {
  executed: Record<string, number> = {};
  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type !== 'REQ') return;
    const key = String(msg.data);
    if (this.executed[key] === undefined) this.executed[key] = 1;
    ctx.send({ type: 'REPLY', data: msg.data }, from);
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

export class BuggyServer extends AmoServer {
  override onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type !== 'REQ') return;
    const key = String(msg.data);
    this.executed[key] = (this.executed[key] ?? 0) + 1;
    ctx.send({ type: 'REPLY', data: msg.data }, from);
  }
}

export function amoSystem(server: () => Process, network = { dropRate: 0.1, dupRate: 0.1 }): System {
  const sys = new System({ seed: 1 });
  sys.addNode('n-server');
  sys.addNode('n-client');
  sys.addProcess('n-server', 'server', server);
  sys.addProcess('n-client', 'client', () => new AmoClient('server'));
  sys.sendLocalMessage('client', { type: 'START', data: 1 });
  sys.setNetwork(network); // from here on: the first REQ is sent reliably, the checker branches on the rest
  return sys;
}

/**
 * Two-phase commit with a participant bug: after voting YES a participant arms a 10 s
 * timeout and, if no decision has come, aborts on its own. Under real delays (at most 1 s a
 * hop) the decision always comes first; only an interleaving where the timeout fires before
 * the decision is delivered breaks atomicity.
 */
export class Coordinator implements Process {
  votes: Record<string, boolean> = {};
  decision: 'commit' | 'abort' | null = null;
  constructor(readonly participants: string[]) {}
  onLocalMessage(_msg: Message, ctx: Context): void {
    for (const p of this.participants) ctx.send({ type: 'PREPARE', data: null }, p);
  }
  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type !== 'VOTE' || this.decision !== null) return;
    this.votes[from] = msg.data as boolean;
    const all = this.participants.every((p) => this.votes[p] !== undefined);
    if (!all) return;
    this.decision = this.participants.every((p) => this.votes[p]) ? 'commit' : 'abort';
    for (const p of this.participants) ctx.send({ type: 'DECIDE', data: this.decision }, p);
  }
  onTimer(): void {}
}

export class Participant implements Process {
  outcome: 'commit' | 'abort' | null = null;
  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type === 'PREPARE') {
      ctx.send({ type: 'VOTE', data: true }, from);
      ctx.setTimer('timeout', 10);
    } else if (msg.type === 'DECIDE' && this.outcome === null) {
      this.outcome = msg.data as 'commit' | 'abort';
      ctx.cancelTimer('timeout');
    }
  }
  onLocalMessage(): void {}
  onTimer(_name: string): void {
    if (this.outcome === null) this.outcome = 'abort'; // the bug: it already voted YES
  }
}

export function twoPhaseCommit(seed: number, network: { minDelay?: number; maxDelay?: number } = {}): System {
  const sys = new System({ seed, network });
  const parts = ['p1', 'p2'];
  sys.addNode('n-c');
  sys.addProcess('n-c', 'coord', () => new Coordinator(parts));
  for (const p of parts) {
    sys.addNode(`n-${p}`);
    sys.addProcess(`n-${p}`, p, () => new Participant());
  }
  sys.sendLocalMessage('coord', { type: 'BEGIN', data: null });
  return sys;
}

/** Atomicity: no participant commits while another aborts, and nobody commits against an abort decision. */
export function atomic(outcomes: ('commit' | 'abort' | null)[]): boolean {
  return !(outcomes.includes('commit') && outcomes.includes('abort'));
}

/** Every process re-broadcasts each value the first time it sees it, to all the others. */
export class Rebroadcaster implements Process {
  seen: number[] = [];
  received = 0;
  constructor(readonly peers: string[]) {}
  onLocalMessage(msg: Message, ctx: Context): void {
    this.take(msg.data as number, ctx);
  }
  onMessage(msg: Message, _from: string, ctx: Context): void {
    this.received++;
    this.take(msg.data as number, ctx);
  }
  onTimer(): void {}
  private take(v: number, ctx: Context): void {
    if (this.seen.includes(v)) return;
    this.seen.push(v);
    for (const p of this.peers) if (p !== ctx.self) ctx.send({ type: 'B', data: v }, p);
  }
}

/** `n` rebroadcasters on their own nodes, the first `starts` of them given a value, then a lossy network. */
export function broadcastSystem(n = 3, starts = 1, network = { dropRate: 0.1 }): System {
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const sys = new System({ seed: 1 });
  for (const id of ids) {
    sys.addNode(`n-${id}`);
    sys.addProcess(`n-${id}`, id, () => new Rebroadcaster(ids));
  }
  for (let i = 0; i < starts; i++) sys.sendLocalMessage(ids[i]!, { type: 'START', data: i });
  sys.setNetwork(network);
  return sys;
}
