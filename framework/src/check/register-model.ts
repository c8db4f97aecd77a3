// The single-register model: read / write / compare-and-set, as in Jepsen's etcd tests.
import type { Model } from './lin-types.js';

export type RegisterValue = string | number;

export type RegisterInput =
  | { readonly kind: 'read' }
  | { readonly kind: 'write'; readonly value: RegisterValue }
  | { readonly kind: 'cas'; readonly from: RegisterValue; readonly to: RegisterValue };

/** read: the value read (null = never written); write: null; cas: whether it succeeded. */
export type RegisterOutput = RegisterValue | null | boolean;

/** The register's value; null = never written. */
export type RegisterState = RegisterValue | null;

function step(state: RegisterState, input: RegisterInput, output: RegisterOutput | undefined): RegisterState | undefined {
  switch (input.kind) {
    case 'read': return output === undefined || output === state ? state : undefined;
    case 'write': return input.value;
    case 'cas': {
      const matches = state === input.from;
      if (output === undefined) return matches ? input.to : state;
      if (output === true) return matches ? input.to : undefined;
      return matches ? undefined : state;
    }
  }
}

function describe(input: RegisterInput, output: RegisterOutput | undefined): string {
  const out = output === undefined ? '? (unknown)' : JSON.stringify(output);
  switch (input.kind) {
    case 'read': return `read() -> ${out}`;
    case 'write': return `write(${JSON.stringify(input.value)})`;
    case 'cas': return `cas(${JSON.stringify(input.from)}, ${JSON.stringify(input.to)}) -> ${out}`;
  }
}

/** Linearizability model of one register that starts unwritten (null). */
export const registerModel: Model<RegisterState, RegisterInput, RegisterOutput> = {
  name: 'register',
  init: () => null,
  step,
  key: (s) => (s === null ? '\u0000nil' : typeof s === 'number' ? s : `s${s}`),
  describe,
};
