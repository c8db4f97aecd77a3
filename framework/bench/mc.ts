import v8 from 'node:v8';
import { ModelChecker, type SearchResult } from '../src/index.js';
import { broadcastSystem } from '../test/mc/protocols.js';

/**
 * Model checker throughput on the 3-process broadcast with drops (each process re-broadcasts
 * every value the first time it sees it): an exhaustive BFS of the 2-value system
 * (~30K states), best of 3, and a bounded BFS of the 3-value system for memory at scale.
 * `uniqueStatesPerSec` counts new states; `exploredPerSec` counts transitions, revisits included.
 */
function search(starts: number, maxStates: number, onProgress?: () => void): SearchResult {
  const options = onProgress === undefined ? {} : { progress: onProgress, progressEvery: 5_000 };
  return new ModelChecker(broadcastSystem(3, starts, { dropRate: 0.1 }), { strategy: 'bfs', maxStates, ...options }).run();
}

/** `gc()` when node runs with --expose-gc (as `npm run bench` does). */
const collect = (globalThis as { gc?: () => void }).gc;

/**
 * Live heap at its highest during a BFS (frontier included) above the heap before it: every
 * tenth progress sample collects garbage first, so the figure is what the search keeps, not
 * how far the collector happened to lag (without --expose-gc it is only the sampled heap).
 */
function peakHeap(starts: number, maxStates: number): { result: SearchResult; bytes: number; live: boolean } {
  collect?.();
  const before = v8.getHeapStatistics().used_heap_size;
  let peak = before;
  let samples = 0;
  const sample = (): void => {
    if (collect !== undefined && ++samples % 10 !== 0) return;
    collect?.();
    const used = v8.getHeapStatistics().used_heap_size;
    if (used > peak) peak = used;
  };
  const result = search(starts, maxStates, sample);
  samples = 9;
  sample();
  return { result, bytes: peak - before, live: collect !== undefined };
}

export function benchModelChecker(): Record<string, number | string> {
  let best: SearchResult | null = null;
  for (let i = 0; i < 3; i++) {
    const r = search(2, 1_000_000);
    if (best === null || r.stats.uniquePerSec > best.stats.uniquePerSec) best = r;
  }
  const big = peakHeap(3, 500_000);
  const s = best!.stats;
  const b = big.result.stats;
  return {
    status: best!.status,
    uniqueStates: s.unique,
    exploredStates: s.explored,
    exploredPerSec: s.exploredPerSec,
    uniqueStatesPerSec: s.uniquePerSec,
    bytesPerVisitedState: s.bytesPerState,
    largeUniqueStates: b.unique,
    largeExploredPerSec: b.exploredPerSec,
    largeUniqueStatesPerSec: b.uniquePerSec,
    largeBytesPerVisitedState: b.bytesPerState,
    bfsPeakHeapBytesPerVisitedState: Math.round(big.bytes / Math.max(1, b.unique)),
    bfsPeakHeapMeasured: big.live ? 'live heap' : 'sampled heap, garbage included (run node with --expose-gc)',
    goalUniqueStatesPerSec: 100_000,
    goalBfsPeakHeapBytesPerVisitedState: 300,
  };
}
