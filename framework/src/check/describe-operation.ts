// One line per operation for evidence and failure messages.
import type { Model, Operation } from './lin-types.js';

export function describeOperation<S, I, O>(model: Model<S, I, O>, op: Operation<I, O>): string {
  const what = model.describe ? model.describe(op.input, op.output) : `${JSON.stringify(op.input)} -> ${op.output === undefined ? '?' : JSON.stringify(op.output)}`;
  const ret = op.return === undefined ? 'never returned' : String(op.return);
  return `client ${op.client}: ${what}  [${op.call}, ${ret}]`;
}
