import type { Range } from './chaos-config.js';
import { drawIn, type FaultClock } from './fault-clock.js';
import type { FaultCounts } from './fault-counts.js';
import { linkKey, type CloggedLinks } from './message-delays.js';
import type { System } from '../system.js';

/** Now and then clogs a random directed link between two of `nodes` for a random duration. */
export function startClogging(system: System, clock: FaultClock, nodes: readonly string[], interval: Range, duration: Range, clogged: CloggedLinks, counts: FaultCounts): void {
  if (nodes.length < 2) return;
  clock.loop(interval, () => {
    const rng = system.random();
    const from = nodes[rng.int(0, nodes.length - 1)]!;
    let to = nodes[rng.int(0, nodes.length - 2)]!;
    if (to === from) to = nodes[nodes.length - 1]!;
    const length = drawIn(rng, duration);
    const until = system.time() + length;
    const key = linkKey(from, to);
    clogged.set(key, Math.max(until, clogged.get(key) ?? 0));
    counts.clogs++;
    system.note('network', `chaos: link ${from} -> ${to} clogged for ${length.toFixed(3)}s`);
    clock.after(length, () => {
      if ((clogged.get(key) ?? 0) > system.time()) return; // a later clog of the same link lasts longer
      clogged.delete(key);
      system.note('network', `chaos: link ${from} -> ${to} unclogged`);
    });
  });
}
