import type { Range } from './chaos-config.js';
import { drawIn, type FaultClock } from './fault-clock.js';
import type { FaultCounts } from './fault-counts.js';
import type { System } from '../system.js';

/**
 * Now and then cuts a random non-empty group of `nodes` off from all other nodes, and heals
 * exactly the links it cut after a random duration. One partition at a time.
 */
export function startPartitions(system: System, clock: FaultClock, nodes: readonly string[], interval: Range, duration: Range, counts: FaultCounts): void {
  const all = system.nodeNames();
  if (all.length < 2 || nodes.length === 0) return;
  let active = false;
  clock.loop(interval, () => {
    if (active) return;
    const rng = system.random();
    const pool = nodes.slice();
    for (let i = pool.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const side = pool.slice(0, rng.int(1, Math.min(pool.length, all.length - 1)));
    const rest = all.filter((n) => !side.includes(n));
    const length = drawIn(rng, duration);
    active = true;
    counts.partitions++;
    system.makePartition(side, rest);
    system.note('network', `chaos: partition for ${length.toFixed(3)}s`);
    clock.after(length, () => {
      for (const a of side) {
        for (const b of rest) {
          system.enableLink(a, b);
          system.enableLink(b, a);
        }
      }
      active = false;
      system.note('network', `chaos: partition [${side.join(', ')}] | [${rest.join(', ')}] healed`);
    });
  });
}
