import { InstanceTable } from './instance-table.js';
import type { MCState } from './model.js';
import type { Root, Search, SearchStrategy, Step } from './search.js';

/**
 * Breadth-first: the frontier is a queue, so the first failure found is at the smallest depth
 * and its counterexample is a shortest one. Paths are rebuilt from the visited set's parent
 * links, never stored per state.
 */
export class BreadthFirst implements SearchStrategy {
  run(search: Search, roots: readonly Root[]): void {
    search.engine.instances = new InstanceTable();
    try {
      this.search(search, roots);
    } finally {
      search.engine.instances = null;
    }
  }

  private search(search: Search, roots: readonly Root[]): void {
    const visited = search.visited;
    const pathOf = (ord: number): Step[] => {
      const codes: number[] = [];
      let o = ord;
      for (;;) {
        const parent = visited.parentOf(o);
        if (parent < 0) break;
        codes.push(visited.codeOf(o));
        o = parent;
      }
      codes.reverse();
      return [...roots[visited.codeOf(o)]!.prefix, ...codes];
    };
    let states: MCState[] = [];
    let ords: number[] = [];
    let head = 0;
    for (let r = 0; r < roots.length; r++) {
      const s = roots[r]!.state;
      const ord = search.visit(s, -1, r);
      if (ord < 0) continue;
      search.explored++;
      if (!search.count(s)) return;
      const v = search.judge(s, () => pathOf(ord));
      if (v.kind === 'fail') return;
      if (v.kind === 'expand') {
        states.push(s);
        ords.push(ord);
      }
    }
    while (head < states.length) {
      const s = states[head]!;
      const ord = ords[head]!;
      head++;
      if (head === 65536) {
        // Drop the consumed part so the frontier, not the whole history, is what stays in memory.
        states = states.slice(head);
        ords = ords.slice(head);
        head = 0;
      }
      const actions = search.engine.actions(s);
      for (let i = 0; i < actions.length; i++) {
        const code = actions[i]!;
        const t = search.expand(s, code, () => pathOf(ord));
        if (t === null) return;
        const o = search.visit(t, ord, code);
        if (o < 0) continue;
        if (!search.count(t)) return;
        const v = search.judge(t, () => pathOf(o));
        if (v.kind === 'fail') return;
        if (v.kind === 'expand') {
          states.push(t);
          ords.push(o);
        }
      }
    }
  }
}
