import type { Range } from './chaos-config.js';
import { drawIn, type FaultClock } from './fault-clock.js';
import type { FaultCounts } from './fault-counts.js';
import type { System } from '../system.js';

/**
 * Now and then crashes one of `nodes` and recovers it after a random duration, keeping the
 * number of crashed nodes (whoever crashed them) at most `maxDown`.
 */
export function startAttrition(system: System, clock: FaultClock, nodes: readonly string[], interval: Range, duration: Range, maxDown: number, counts: FaultCounts): void {
  if (nodes.length === 0) return;
  clock.loop(interval, () => {
    const down = system.nodeNames().filter((n) => system.isCrashed(n)).length;
    if (down >= maxDown) return;
    const up = nodes.filter((n) => !system.isCrashed(n));
    if (up.length === 0) return;
    const rng = system.random();
    const victim = up[rng.int(0, up.length - 1)]!;
    const length = drawIn(rng, duration);
    counts.crashes++;
    system.crashNode(victim);
    system.note('network', `chaos: node ${victim} crashed for ${length.toFixed(3)}s`);
    clock.after(length, () => {
      if (!system.isCrashed(victim)) return; // recovered by someone else meanwhile
      counts.recoveries++;
      system.recoverNode(victim);
    });
  });
}
