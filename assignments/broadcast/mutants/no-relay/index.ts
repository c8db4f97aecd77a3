// Mutant "no-relay": receivers never relay: only the sender sends (and retransmits) a message, so a sender crash mid-broadcast splits the group
import type { Context, Message, Process } from '@dsgrade/framework';

/**
 * Reliable causal broadcast, reference solution.
 *
 * Reliability is eager: a process relays every message to every other process the first time it
 * sees it, so a message that reached one correct process reaches all of them even if its sender
 * crashed mid-broadcast. Over a lossy network each copy is retransmitted until the peer is known
 * to hold the message. A peer's own relay of the message is that proof, so a fault-free run needs
 * no acknowledgements: every process sends each message once to each other process, N(N-1)
 * network messages per broadcast. An explicit ACK answers only a retransmission.
 *
 * Causal order uses vector clocks: a message carries `deps`, how many messages of each origin its
 * sender had delivered when it broadcast it (for the sender itself: how many it had broadcast
 * before). A process delivers a message once it has delivered at least that many of every origin.
 */

/** The network form of one broadcast message. */
interface Broadcast {
  origin: string;
  deps: Record<string, number>;
  message: string;
}

/** data of a BCAST network message; `retry` marks a retransmission, which the receiver must acknowledge. */
interface BcastData extends Broadcast {
  retry: boolean;
}

/** Longer than a round trip in the tests' networks, so that a fault-free run never retransmits. */
const RETRY_EVERY = 3;

export class BroadcastProcess implements Process {
  private readonly peers: string[];
  /** How many messages this process has broadcast itself. */
  private broadcastCount = 0;
  /** Per origin, how many of its messages this process has delivered: its vector clock. */
  private readonly delivered = new Map<string, number>();
  /** Every message seen so far, by its (unique) text: deduplication and the copy to relay. */
  private readonly known = new Map<string, Broadcast>();
  /** Messages seen but not delivered yet, because part of their causal past is missing. */
  private waiting: string[] = [];
  /** Per message, the peers not yet known to hold it (retransmitted to on its timer). */
  private readonly unconfirmed = new Map<string, string[]>();

  constructor(peers: string[]) {
    this.peers = [...peers];
  }

  onLocalMessage(msg: Message, ctx: Context): void {
    const message = (msg.data as { message?: unknown } | null)?.message;
    if (msg.type !== 'SEND' || typeof message !== 'string' || this.known.has(message)) return;
    const deps = { ...Object.fromEntries(this.delivered), [ctx.self]: this.broadcastCount };
    this.broadcastCount++;
    // Everything this process has delivered is in the message's causal past, so it is
    // deliverable at once: the user sees its own message immediately.
    this.accept({ origin: ctx.self, deps, message }, null, ctx);
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type === 'ACK') {
      this.confirm((msg.data as { message: string }).message, from, ctx);
      return;
    }
    if (msg.type !== 'BCAST') return;
    const b = msg.data as BcastData;
    if (!this.known.has(b.message)) {
      this.accept({ origin: b.origin, deps: b.deps, message: b.message }, from, ctx);
      return;
    }
    this.confirm(b.message, from, ctx);
    // The sender retransmits because it never heard from us: our relay to it was lost.
    if (b.retry) ctx.send({ type: 'ACK', data: { message: b.message } }, from);
  }

  onTimer(name: string, ctx: Context): void {
    const message = name.slice('retry:'.length);
    const missing = this.unconfirmed.get(message);
    if (missing === undefined) return;
    for (const peer of missing) this.sendCopy(message, peer, true, ctx);
    ctx.setTimer(name, RETRY_EVERY);
  }

  /** First sight of a message: remember it, relay it to everyone, deliver what became deliverable. */
  private accept(b: Broadcast, from: string | null, ctx: Context): void {
    this.known.set(b.message, b);
    const others = this.peers.filter((p) => p !== ctx.self);
    // The copy back to `from` tells it we hold the message; `from` itself needs no confirmation.
    const targets = from === null ? others : [];
    for (const peer of targets) this.sendCopy(b.message, peer, false, ctx);
    const missing = targets;
    if (missing.length > 0) {
      this.unconfirmed.set(b.message, missing);
      ctx.setTimer(`retry:${b.message}`, RETRY_EVERY);
    }
    this.waiting.push(b.message);
    this.deliverReady(ctx);
  }

  private sendCopy(message: string, peer: string, retry: boolean, ctx: Context): void {
    const data: BcastData = { ...this.known.get(message)!, retry };
    ctx.send({ type: 'BCAST', data }, peer);
  }

  /** `peer` holds `message`: stop retransmitting it there. */
  private confirm(message: string, peer: string, ctx: Context): void {
    const missing = this.unconfirmed.get(message);
    if (missing === undefined) return;
    const rest = missing.filter((p) => p !== peer);
    if (rest.length > 0) {
      this.unconfirmed.set(message, rest);
      return;
    }
    this.unconfirmed.delete(message);
    ctx.cancelTimer(`retry:${message}`);
  }

  /** Delivers waiting messages whose causal past is delivered, until none is left that can go. */
  private deliverReady(ctx: Context): void {
    for (;;) {
      const i = this.waiting.findIndex((m) => this.causalPastDelivered(this.known.get(m)!));
      if (i < 0) return;
      const b = this.known.get(this.waiting[i]!)!;
      this.waiting.splice(i, 1);
      this.delivered.set(b.origin, (this.delivered.get(b.origin) ?? 0) + 1);
      ctx.sendLocal({ type: 'DELIVER', data: { message: b.message } });
    }
  }

  private causalPastDelivered(b: Broadcast): boolean {
    return Object.entries(b.deps).every(([origin, count]) => (this.delivered.get(origin) ?? 0) >= count);
  }
}
