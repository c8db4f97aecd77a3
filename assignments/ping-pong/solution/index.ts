import type { Context, Message, Process } from '@dsgrade/framework';

/**
 * The client: receives { type: 'PING', data: { value } } from its user and must deliver
 * { type: 'PONG', data: { value } } back to the user exactly once, however unreliable the
 * network is. See the assignment's README.md.
 */
export class Client implements Process {
  constructor(private readonly server: string) {}

  onLocalMessage(msg: Message, ctx: Context): void {
    // TODO: send the PING to this.server and make sure it gets there.
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    // TODO: deliver the matching PONG to the user with ctx.sendLocal, once.
  }

  onTimer(name: string, ctx: Context): void {
    // TODO: retry if no answer came.
  }
}

/** The server: answers every PING with a PONG carrying the same value. */
export class Server implements Process {
  onMessage(msg: Message, from: string, ctx: Context): void {
    // TODO
  }

  onLocalMessage(msg: Message, ctx: Context): void {}

  onTimer(name: string, ctx: Context): void {}
}
