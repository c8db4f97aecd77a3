// Mutant "ignores-seq": takes any PONG, even a late reply to an older PING, as the answer
import type { Context, Message, Process } from '@dsgrade/framework';

interface PingData {
  value: string;
}

/** Wire messages carry a request number so that a late reply to an older PING is never taken for the current one. */
interface WirePing {
  seq: number;
  value: string;
}

const RETRY_EVERY = 3;

export class Client implements Process {
  private seq = 0;
  private pending: WirePing | null = null;

  constructor(private readonly server: string) {}

  onLocalMessage(msg: Message, ctx: Context): void {
    if (msg.type !== 'PING') return;
    this.seq++;
    this.pending = { seq: this.seq, value: (msg.data as PingData).value };
    ctx.send({ type: 'PING', data: this.pending }, this.server);
    ctx.setTimer('retry', RETRY_EVERY);
  }

  onMessage(msg: Message, _from: string, ctx: Context): void {
    const reply = msg.data as WirePing;
    if (msg.type !== 'PONG' || this.pending === null) return;
    ctx.sendLocal({ type: 'PONG', data: { value: reply.value } });
    void reply.seq;
    this.pending = null;
    ctx.cancelTimer('retry');
  }

  onTimer(_name: string, ctx: Context): void {
    if (this.pending === null) return;
    ctx.send({ type: 'PING', data: this.pending }, this.server);
    ctx.setTimer('retry', RETRY_EVERY);
  }
}

export class Server implements Process {
  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type === 'PING') ctx.send({ type: 'PONG', data: msg.data }, from);
  }

  onLocalMessage(): void {}

  onTimer(): void {}
}
