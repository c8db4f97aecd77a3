import { Rng } from '../rng.js';
import type { Root, Search, SearchStrategy, Step } from './search.js';

/**
 * Seeded random walks: each walk starts at a root and takes uniformly chosen actions until a
 * terminal, goal or pruned state or maxDepth. Only the current walk's path is kept.
 */
export class RandomWalks implements SearchStrategy {
  run(search: Search, roots: readonly Root[]): void {
    const rng = Rng.fromSeed(search.options.seed);
    for (let w = 0; w < search.options.walks; w++) {
      if (search.outOfTime()) return;
      const root = roots[w % roots.length]!;
      let s = root.state;
      const path: Step[] = [...root.prefix];
      for (;;) {
        const isNew = search.visit(s, -1, 0) >= 0;
        if (isNew && !search.count(s)) return;
        const v = isNew ? search.judge(s, () => path.slice()) : search.classify(s, false);
        if (v.kind === 'fail') {
          if (!isNew) search.failure = { failure: v.failure, path: path.slice() };
          return;
        }
        if (v.kind !== 'expand') break;
        const code = v.actions[rng.int(0, v.actions.length - 1)]!;
        const t = search.expand(s, code, () => path.slice());
        if (t === null) return;
        path.push(code);
        s = t;
      }
    }
  }
}
