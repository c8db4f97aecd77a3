import type { Context, Message, Process } from '@dsgrade/framework';

/**
 * One process of a reliable causal broadcast group. See the assignment's README.md.
 *
 * From its user it receives   { type: 'SEND', data: { message: string } }
 * and sends its user          { type: 'DELIVER', data: { message: string } }
 * for every message broadcast in the group (its own included, at once), exactly once each,
 * in causal order. The network messages between processes are yours to design.
 */
export class BroadcastProcess implements Process {
  /** All processes of the group, this one included. */
  private readonly peers: string[];

  constructor(peers: string[]) {
    this.peers = [...peers];
  }

  onLocalMessage(msg: Message, ctx: Context): void {
    // TODO: on SEND, deliver the message to your own user right away and broadcast it.
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    // TODO: handle a message from another process: relay what is new, deliver what is ready.
  }

  onTimer(name: string, ctx: Context): void {
    // TODO: retransmit what may have been lost.
  }
}
