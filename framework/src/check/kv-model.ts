// The key-value store model: get / put / append / delete of string values, checked per key.
import type { Model, Operation, Partition } from './lin-types.js';

export type KvInput =
  | { readonly kind: 'get'; readonly key: string }
  | { readonly kind: 'put'; readonly key: string; readonly value: string }
  | { readonly kind: 'append'; readonly key: string; readonly value: string }
  | { readonly kind: 'delete'; readonly key: string };

/** A get's output is the value read, null when the key is absent; writes have output null. */
export type KvOutput = string | null;

/** A key's value; null = absent. Appending to an absent key stores the appended value. */
export type KvState = string | null;

function step(state: KvState, input: KvInput, output: KvOutput | undefined): KvState | undefined {
  switch (input.kind) {
    case 'get': return output === undefined || output === state ? state : undefined;
    case 'put': return input.value;
    case 'append': return (state ?? '') + input.value;
    case 'delete': return null;
  }
}

function partition(ops: readonly Operation<KvInput, KvOutput>[]): Partition<KvInput, KvOutput>[] {
  const byKey = new Map<string, Operation<KvInput, KvOutput>[]>();
  for (const op of ops) {
    const list = byKey.get(op.input.key);
    if (list) list.push(op);
    else byKey.set(op.input.key, [op]);
  }
  return [...byKey].map(([key, operations]) => ({ label: `key ${JSON.stringify(key)}`, operations }));
}

function describe(input: KvInput, output: KvOutput | undefined): string {
  const k = JSON.stringify(input.key);
  switch (input.kind) {
    case 'get': return `get(${k}) -> ${output === undefined ? '? (unknown)' : JSON.stringify(output)}`;
    case 'put': return `put(${k}, ${JSON.stringify(input.value)})`;
    case 'append': return `append(${k}, ${JSON.stringify(input.value)})`;
    case 'delete': return `delete(${k})`;
  }
}

/** Linearizability model of a key-value store; every key starts absent and is independent. */
export const kvModel: Model<KvState, KvInput, KvOutput> = {
  name: 'kv',
  init: () => null,
  step,
  key: (s) => (s === null ? 0 : s),
  partition,
  describe,
};
