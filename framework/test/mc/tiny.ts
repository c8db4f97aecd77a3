import { System, type Context, type Message, type Process } from '../../src/index.js';

/** Sends the messages named in the START data to `to`, one by one. */
export class Sender implements Process {
  constructor(readonly to: string) {}
  onLocalMessage(msg: Message, ctx: Context): void {
    for (const d of msg.data as unknown[]) ctx.send({ type: 'X', data: d }, this.to);
  }
  onMessage(): void {}
  onTimer(): void {}
}

/** Logs what it receives, in order. */
export class Logger implements Process {
  log: unknown[] = [];
  onMessage(msg: Message): void {
    this.log.push(msg.data);
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

/** Remembers only whether anything arrived. */
export class Flag implements Process {
  got = false;
  onMessage(): void {
    this.got = true;
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

/** Arms a slow and a fast timer; logs the order they fire in. */
export class TwoTimers implements Process {
  fired: string[] = [];
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.setTimer('slow', 2);
    ctx.setTimer('fast', 1);
  }
  onMessage(): void {}
  onTimer(name: string): void {
    this.fired.push(name);
  }
}

/**
 * a on node na sends `data` items to b on node nb, which runs `receiver`. The sends happen on
 * a reliable network; `network` applies from the checker's start (the simulator would
 * otherwise already have dropped or duplicated some of them).
 */
export function pair(receiver: () => Process, data: unknown[], network: Record<string, number> = {}): System {
  const sys = new System({ seed: 3 });
  sys.addNode('na');
  sys.addNode('nb');
  sys.addProcess('na', 'a', () => new Sender('b'));
  sys.addProcess('nb', 'b', receiver);
  sys.sendLocalMessage('a', { type: 'START', data });
  sys.setNetwork(network);
  return sys;
}
