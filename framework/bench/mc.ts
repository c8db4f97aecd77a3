import { ModelChecker, type SearchResult } from '../src/index.js';
import { broadcastSystem } from '../test/mc/protocols.js';

/**
 * Model checker throughput on the 3-process broadcast with drops (each process re-broadcasts
 * every value the first time it sees it): an exhaustive BFS of the 2-value system
 * (~30K states), best of 3, and a bounded BFS of the 3-value system for the memory figure at scale.
 */
function search(starts: number, maxStates: number): SearchResult {
  return new ModelChecker(broadcastSystem(3, starts, { dropRate: 0.1 }), { strategy: 'bfs', maxStates }).run();
}

export function benchModelChecker(): Record<string, number | string> {
  let best: SearchResult | null = null;
  for (let i = 0; i < 3; i++) {
    const r = search(2, 1_000_000);
    if (best === null || r.stats.statesPerSec > best.stats.statesPerSec) best = r;
  }
  const big = search(3, 500_000);
  const s = best!.stats;
  return {
    status: best!.status,
    uniqueStates: s.unique,
    exploredStates: s.explored,
    statesPerSec: s.statesPerSec,
    uniqueStatesPerSec: Math.round((s.unique * 1000) / s.elapsedMs),
    bytesPerVisitedState: s.bytesPerState,
    largeUniqueStates: big.stats.unique,
    largeStatesPerSec: big.stats.statesPerSec,
    largeUniqueStatesPerSec: Math.round((big.stats.unique * 1000) / big.stats.elapsedMs),
    largeBytesPerVisitedState: big.stats.bytesPerState,
    goalStatesPerSec: 50_000,
  };
}
