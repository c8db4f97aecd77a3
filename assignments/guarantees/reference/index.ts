import type { Context, Message, Process } from '@dsgrade/framework';

/** The four delivery guarantees; one pair of processes implements the one it is built with. */
export type Guarantee = 'AT_MOST_ONCE' | 'AT_LEAST_ONCE' | 'EXACTLY_ONCE' | 'EXACTLY_ONCE_ORDERED';

/** What the user hands to the sender and gets from the receiver. */
interface TextData {
  text: string;
}

/**
 * Wire format (our choice; only the local messages are fixed by the spec):
 *   DATA { seq, text }  sender -> receiver, seq = 0, 1, 2, ... in the order the user sent them
 *   ACK  { seq }        receiver -> sender, for every DATA received (not in AT_MOST_ONCE)
 * The sequence number, not the text, identifies a message: the user may send the same text twice.
 */
interface DataWire {
  seq: number;
  text: string;
}

interface AckWire {
  seq: number;
}

/** Longer than a round trip over the assignment's reliable 1-second network, so a healthy run never retries. */
const RETRY_EVERY = 3;

export class Sender implements Process {
  private nextSeq = 0;
  /** Messages sent but not acknowledged yet, by sequence number; always empty in AT_MOST_ONCE. */
  private readonly unacked = new Map<number, string>();

  constructor(
    private readonly receiver: string,
    private readonly mode: Guarantee,
  ) {}

  onLocalMessage(msg: Message, ctx: Context): void {
    if (msg.type !== 'MESSAGE') return;
    const wire: DataWire = { seq: this.nextSeq++, text: (msg.data as TextData).text };
    ctx.send({ type: 'DATA', data: wire }, this.receiver);
    // At most once: one attempt, never repeated, so nothing to remember.
    if (this.mode === 'AT_MOST_ONCE') return;
    this.unacked.set(wire.seq, wire.text);
    ctx.setTimerOnce('retry', RETRY_EVERY);
  }

  onMessage(msg: Message, _from: string, ctx: Context): void {
    if (msg.type !== 'ACK') return;
    this.unacked.delete((msg.data as AckWire).seq);
    // Stop retrying once everything is acknowledged, so the system goes quiet.
    if (this.unacked.size === 0) ctx.cancelTimer('retry');
  }

  onTimer(_name: string, ctx: Context): void {
    if (this.unacked.size === 0) return;
    for (const [seq, text] of this.unacked) ctx.send({ type: 'DATA', data: { seq, text } }, this.receiver);
    ctx.setTimer('retry', RETRY_EVERY);
  }
}

export class Receiver implements Process {
  /** Sequence numbers already delivered (AT_MOST_ONCE, EXACTLY_ONCE). */
  private readonly delivered = new Set<number>();
  /** EXACTLY_ONCE_ORDERED: every seq below this one has been delivered, in order. */
  private nextToDeliver = 0;
  /** EXACTLY_ONCE_ORDERED: messages that arrived ahead of a gap, waiting for it to fill. */
  private readonly waiting = new Map<number, string>();

  constructor(
    private readonly sender: string,
    private readonly mode: Guarantee,
  ) {}

  onMessage(msg: Message, _from: string, ctx: Context): void {
    if (msg.type !== 'DATA') return;
    const { seq, text } = msg.data as DataWire;
    switch (this.mode) {
      case 'AT_MOST_ONCE':
        // The network may duplicate: deliver the first copy only, and never acknowledge.
        this.deliverOnce(seq, text, ctx);
        return;
      case 'AT_LEAST_ONCE':
        ctx.sendLocal({ type: 'MESSAGE', data: { text } });
        break;
      case 'EXACTLY_ONCE':
        this.deliverOnce(seq, text, ctx);
        break;
      case 'EXACTLY_ONCE_ORDERED':
        this.deliverInOrder(seq, text, ctx);
        break;
    }
    // Acknowledge duplicates too: the copy may be a retry sent because our first ACK was lost.
    const ack: AckWire = { seq };
    ctx.send({ type: 'ACK', data: ack }, this.sender);
  }

  onLocalMessage(): void {}

  onTimer(): void {}

  private deliverOnce(seq: number, text: string, ctx: Context): void {
    if (this.delivered.has(seq)) return;
    this.delivered.add(seq);
    ctx.sendLocal({ type: 'MESSAGE', data: { text } });
  }

  private deliverInOrder(seq: number, text: string, ctx: Context): void {
    if (seq < this.nextToDeliver) return; // delivered already
    this.waiting.set(seq, text);
    // Deliver the run of consecutive messages this one may have completed.
    let next = this.waiting.get(this.nextToDeliver);
    while (next !== undefined) {
      this.waiting.delete(this.nextToDeliver);
      this.nextToDeliver++;
      ctx.sendLocal({ type: 'MESSAGE', data: { text: next } });
      next = this.waiting.get(this.nextToDeliver);
    }
  }
}
