// A check's answer on a recorded history: true, or a failure message a student can act on.
import { checkLinearizability } from './linearizability.js';
import type { Model, Operation } from './lin-types.js';

export interface VerdictOptions {
  /** The checker's budget of search steps per partition (default 2,000,000). */
  readonly maxSteps?: number;
  /** How the message shows an operation that never returned (default "never answered: may take effect later"). */
  readonly neverReturned?: string;
}

/**
 * Checks `ops` with the linearizability checker and returns true, or a message: for a
 * history that is not linearizable, the longest order that works, the operations none of
 * which can come next, and every operation of that partition by answer time (each line:
 * client, operation, [call, return] in simulated seconds); for an undecided one, which parts
 * ran out of budget. Bounded by search steps only, so the answer does not depend on the machine.
 */
export function linearizabilityVerdict<S, I, O>(model: Model<S, I, O>, ops: readonly Operation<I, O>[], options: VerdictOptions = {}): true | string {
  if (model === null || typeof model !== 'object' || typeof model.step !== 'function') {
    throw new Error('linearizabilityVerdict: pass a model such as kvModel as the first argument');
  }
  if (!Array.isArray(ops)) throw new Error('linearizabilityVerdict: pass the history as an array of operations');
  const r = checkLinearizability(model, ops, { maxSteps: options.maxSteps ?? 2_000_000 });
  if (r.kind === 'linearizable') return true;
  if (r.kind === 'unknown') return `linearizable: the checker could not decide within its budget (${r.undecided.join(', ')}); ${ops.length} operations`;
  const never = options.neverReturned ?? 'never answered: may take effect later';
  const line = (op: Operation<I, O>): string => {
    const what = model.describe ? model.describe(op.input, op.output) : `${JSON.stringify(op.input)} -> ${JSON.stringify(op.output)}`;
    const end = op.return === undefined ? never : op.return.toFixed(3);
    return `  ${String(op.client)}: ${what}  [${op.call.toFixed(3)}, ${end}]`;
  };
  const label = r.evidence.partition;
  const inPart = model.partition ? (model.partition(ops).find((p) => p.label === label)?.operations ?? ops) : ops;
  return [
    `the answers are not linearizable: no order of the operations on ${label} fits their times`,
    `(each line: node, operation, [request time, answer time] in simulated seconds).`,
    `The longest order that works (${r.evidence.longestPrefix.length} operations):`,
    ...r.evidence.longestPrefix.map(line),
    'after which none of these can come next:',
    ...r.evidence.cannotOrder.map(line),
    `All ${inPart.length} operations on ${label}, by answer time:`,
    ...[...inPart].sort((x, y) => (x.return ?? Infinity) - (y.return ?? Infinity)).map(line),
  ].join('\n');
}
