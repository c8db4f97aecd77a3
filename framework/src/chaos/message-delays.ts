import type { System } from '../system.js';
import type { DelayChaos } from './chaos-config.js';
import type { FaultCounts } from './fault-counts.js';

/** Directed links that currently hold messages, with the time each unclogs. */
export type CloggedLinks = Map<string, number>;

export function linkKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** The id of the message being sent, read from the send record the simulator just wrote. */
function currentMessageId(system: System): string {
  const last = system.traceSince(system.traceLength() - 1)[0];
  return last?.id === undefined ? '' : ` #${last.id}`;
}

/**
 * Installs the delay hook of a chaos run: a message over a clogged link waits until the link
 * unclogs, and with `delays` a message gets a random extra delay. Both are written to the trace.
 */
export function installMessageDelays(system: System, delays: DelayChaos | undefined, clogged: CloggedLinks, counts: FaultCounts): void {
  system.setDelayHook((from, to, rng) => {
    let extra = 0;
    if (clogged.size > 0) {
      const until = clogged.get(linkKey(from, to));
      if (until !== undefined && until > system.time()) {
        extra = until - system.time();
        counts.cloggedMessages++;
        system.note('network', `chaos: message${currentMessageId(system)} held by clogged link ${from} -> ${to} until t=${until.toFixed(3)}`);
      }
    }
    if (delays !== undefined && rng.chance(delays.probability)) {
      const more = rng.next() * delays.max;
      extra += more;
      counts.delayedMessages++;
      system.note('network', `chaos: message${currentMessageId(system)} ${from} -> ${to} delayed by an extra ${more.toFixed(3)}s`);
    }
    return extra;
  });
}
