import type { Context, Message, Process } from '@dsgrade/framework';

/** The four delivery guarantees; the tests build each Sender / Receiver pair with one of them. */
export type Guarantee = 'AT_MOST_ONCE' | 'AT_LEAST_ONCE' | 'EXACTLY_ONCE' | 'EXACTLY_ONCE_ORDERED';

/**
 * The sender: gets { type: 'MESSAGE', data: { text } } from its user and sends it to the
 * receiver over an unreliable network, with the guarantee `mode`. The network message format
 * is yours to choose. See the assignment's README.md.
 */
export class Sender implements Process {
  constructor(
    private readonly receiver: string,
    private readonly mode: Guarantee,
  ) {}

  onLocalMessage(msg: Message, ctx: Context): void {
    // TODO: send the user's message to this.receiver; unless mode is AT_MOST_ONCE, make sure it gets there.
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    // TODO: handle what the receiver sends back (if anything).
  }

  onTimer(name: string, ctx: Context): void {
    // TODO: retry what has not been acknowledged (never in AT_MOST_ONCE).
  }
}

/**
 * The receiver: delivers each message to its user as { type: 'MESSAGE', data: { text } }
 * with ctx.sendLocal, as often and in the order `mode` requires.
 */
export class Receiver implements Process {
  constructor(
    private readonly sender: string,
    private readonly mode: Guarantee,
  ) {}

  onMessage(msg: Message, from: string, ctx: Context): void {
    // TODO: deliver according to this.mode, and tell the sender what arrived (if the mode needs it).
  }

  onLocalMessage(msg: Message, ctx: Context): void {}

  onTimer(name: string, ctx: Context): void {}
}
