// Entry point of the linearizability checker: partitions a history with the model, decides
// each partition with Lowe's search, and stops at the first illegal one.
import { searchPartition } from './lin-search.js';
import { describeOperation } from './describe-operation.js';
import type { LinEvidence, LinOptions, LinResult, Model, Operation, Partition } from './lin-types.js';

const DEFAULT_MAX_STEPS = 10_000_000;

/**
 * Decides whether `history` is linearizable with respect to `model`. The answer is
 * `linearizable`, `notLinearizable` (with evidence from the first illegal partition found) or
 * `unknown` when a budget ran out and no partition was illegal; never a guess.
 */
export function checkLinearizability<S, I, O>(
  model: Model<S, I, O>, history: readonly Operation<I, O>[], options: LinOptions = {},
): LinResult<I, O> {
  validate(model, history, options);
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const limit = options.timeLimitMs;
  const start = limit === undefined ? 0 : performance.now();
  const outOfTime = limit === undefined ? () => false : () => performance.now() - start > limit;
  const parts: Partition<I, O>[] = model.partition ? model.partition(history) : [{ label: 'all', operations: history }];
  // Small partitions first: an illegal one is then usually found before the big ones run.
  const order = parts.map((p, i) => ({ p, i })).sort((a, b) => a.p.operations.length - b.p.operations.length || a.i - b.i);
  let steps = 0;
  let reason: 'maxSteps' | 'timeLimit' = 'maxSteps';
  const undecided: string[] = [];
  for (const { p } of order) {
    if (outOfTime()) { reason = 'timeLimit'; undecided.push(p.label); continue; }
    const outcome = searchPartition(model, p.operations, { maxSteps, outOfTime });
    steps += outcome.steps;
    if (outcome.kind === 'notLinearizable') {
      const stats = { partitions: parts.length, operations: history.length, steps };
      return { kind: 'notLinearizable', evidence: evidence(model, p, outcome.longestPrefix, outcome.cannotOrder), stats };
    }
    if (outcome.kind === 'unknown') { reason = outcome.reason; undecided.push(p.label); }
  }
  const stats = { partitions: parts.length, operations: history.length, steps };
  if (undecided.length > 0) return { kind: 'unknown', reason, undecided, stats };
  return { kind: 'linearizable', stats };
}

function evidence<S, I, O>(model: Model<S, I, O>, p: Partition<I, O>, prefix: number[], stuck: number[]): LinEvidence<I, O> {
  const longestPrefix = prefix.map((i) => p.operations[i]);
  const cannotOrder = stuck.map((i) => p.operations[i]);
  const lines = [
    `partition ${p.label}: no linearization of its ${p.operations.length} operations exists.`,
    `longest linearizable prefix (${longestPrefix.length} operations, in order):`,
    ...longestPrefix.map((op) => `  ${describeOperation(model, op)}`),
    'after it, none of these can take effect next:',
    ...cannotOrder.map((op) => `  ${describeOperation(model, op)}`),
  ];
  return { partition: p.label, longestPrefix, cannotOrder, description: lines.join('\n') };
}

function validate<S, I, O>(model: Model<S, I, O>, history: readonly Operation<I, O>[], options: LinOptions): void {
  const fns = ['init', 'step', 'key'] as const;
  if (typeof model !== 'object' || model === null || fns.some((f) => typeof model[f] !== 'function')) {
    throw new Error('checkLinearizability: model must be an object with init, step and key functions (e.g. kvModel or registerModel)');
  }
  if (!Array.isArray(history)) throw new Error('checkLinearizability: history must be an array of operations {client, input, call, output, return}');
  history.forEach((op, i) => {
    if (typeof op !== 'object' || op === null || typeof op.call !== 'number' || !Number.isFinite(op.call)) {
      throw new Error(`checkLinearizability: history[${i}].call must be a finite number (the time of the call)`);
    }
    if (op.return !== undefined && (typeof op.return !== 'number' || Number.isNaN(op.return) || op.return < op.call)) {
      throw new Error(`checkLinearizability: history[${i}].return must be a number >= call (${op.call}), or undefined for an operation that never returned`);
    }
  });
  const { maxSteps, timeLimitMs } = options;
  if (maxSteps !== undefined && (!Number.isInteger(maxSteps) || maxSteps <= 0)) {
    throw new Error('checkLinearizability: options.maxSteps must be a positive integer');
  }
  if (timeLimitMs !== undefined && (typeof timeLimitMs !== 'number' || !(timeLimitMs >= 0))) {
    throw new Error('checkLinearizability: options.timeLimitMs must be a number of milliseconds >= 0');
  }
}
