import type { MCState } from './model.js';
import type { Root, Search, SearchStrategy, Step } from './search.js';

/**
 * Depth-first with an explicit stack of (state, enabled actions, next choice), bounded by
 * maxDepth; no frontier is kept. Counterexamples may be long: the checker shrinks them.
 */
export class DepthFirst implements SearchStrategy {
  run(search: Search, roots: readonly Root[]): void {
    for (const root of roots) {
      const states: MCState[] = [];
      const actions: number[][] = [];
      const next: number[] = [];
      const pathOf = (): Step[] => {
        const p: Step[] = [...root.prefix];
        for (let i = 0; i < next.length; i++) p.push(actions[i]![next[i]! - 1]!);
        return p;
      };
      const s0 = root.state;
      if (search.visit(s0, -1, 0) < 0) continue;
      search.explored++;
      if (!search.count(s0)) return;
      const v0 = search.judge(s0, () => [...root.prefix]);
      if (v0.kind === 'fail') return;
      if (v0.kind !== 'expand') continue;
      states.push(s0);
      actions.push(v0.actions);
      next.push(0);
      while (states.length > 0) {
        const top = states.length - 1;
        const acts = actions[top]!;
        if (next[top]! >= acts.length) {
          states.pop();
          actions.pop();
          next.pop();
          continue;
        }
        const code = acts[next[top]!++]!;
        const t = search.expand(states[top]!, code, () => {
          const p = pathOf();
          p.pop();
          return p;
        });
        if (t === null) return;
        if (search.visit(t, -1, 0) < 0) continue;
        if (!search.count(t)) return;
        const v = search.judge(t, pathOf);
        if (v.kind === 'fail') return;
        if (v.kind === 'expand') {
          states.push(t);
          actions.push(v.actions);
          next.push(0);
        }
      }
    }
  }
}
