// Lowe's refinement of the Wing & Gong search for one partition, with Porcupine's memo:
// walk the event list; at a call, try to linearize that operation now; at a return whose
// operation is not linearized yet, backtrack. The list empties exactly when a
// linearization exists.
import { buildEntries, lift, unlift, type Entry } from './lin-entries.js';
import { LinMemo } from './lin-memo.js';
import type { Model, Operation } from './lin-types.js';

export type PartitionOutcome =
  | { readonly kind: 'linearizable'; readonly steps: number }
  | { readonly kind: 'notLinearizable'; readonly steps: number; readonly longestPrefix: number[]; readonly cannotOrder: number[] }
  | { readonly kind: 'unknown'; readonly steps: number; readonly reason: 'maxSteps' | 'timeLimit' };

export interface SearchBudget {
  readonly maxSteps: number;
  /** Called every few thousand steps; true ends the search as unknown (time limit). */
  readonly outOfTime: () => boolean;
}

export function searchPartition<S, I, O>(
  model: Model<S, I, O>, ops: readonly Operation<I, O>[], budget: SearchBudget,
): PartitionOutcome {
  const head = buildEntries(ops);
  const memo = new LinMemo(ops.length);
  // States are interned so that the memo compares small integers.
  const stateIds = new Map<string | number, number>();
  const intern = (s: S): number => {
    const k = model.key(s);
    let id = stateIds.get(k);
    if (id === undefined) { id = stateIds.size; stateIds.set(k, id); }
    return id;
  };
  let state = model.init();
  let stateId = intern(state);
  const stack: { entry: Entry; state: S; stateId: number }[] = [];
  let best = -1;
  let longestPrefix: number[] = [];
  let cannotOrder: number[] = [];
  let steps = 0;
  let entry = head.next;
  while (head.next !== null) {
    if (++steps > budget.maxSteps) return { kind: 'unknown', steps: steps - 1, reason: 'maxSteps' };
    if ((steps & 4095) === 0 && budget.outOfTime()) return { kind: 'unknown', steps, reason: 'timeLimit' };
    const e = entry as Entry;
    if (e.isCall) {
      const op = ops[e.op];
      const next = model.step(state, op.input, op.output);
      if (next !== undefined) {
        const nextId = intern(next);
        if (memo.addIfNew(e.op, nextId)) {
          stack.push({ entry: e, state, stateId });
          state = next;
          stateId = nextId;
          memo.set(e.op);
          lift(e);
          entry = head.next;
          continue;
        }
      }
      entry = e.next;
      continue;
    }
    // A return whose operation is not linearized: nothing before it can be continued.
    if (stack.length > best) {
      best = stack.length;
      longestPrefix = stack.map((s) => s.entry.op);
      cannotOrder = [];
      for (let c: Entry | null = head.next; c !== null && c !== e.next; c = c.next) if (c.isCall) cannotOrder.push(c.op);
    }
    const top = stack.pop();
    if (top === undefined) return { kind: 'notLinearizable', steps, longestPrefix, cannotOrder };
    state = top.state;
    stateId = top.stateId;
    memo.clear(top.entry.op);
    unlift(top.entry);
    entry = top.entry.next;
  }
  return { kind: 'linearizable', steps };
}
