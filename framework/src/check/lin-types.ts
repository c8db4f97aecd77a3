// Data types of the linearizability checker: histories in, tagged verdicts out.

/**
 * One operation of a history: a client called it at `call` and it returned at `return`
 * (simulated seconds, or any clock whose order is real-time order).
 * `output` undefined means the result is unknown (the call timed out): the operation may
 * take effect with any result. `return` undefined means it never returned: it may take
 * effect at any time after `call`, or never.
 */
export interface Operation<Input, Output> {
  readonly client: string | number;
  readonly input: Input;
  readonly call: number;
  readonly output: Output | undefined;
  readonly return: number | undefined;
}

/** One independent part of a history (e.g. the operations on one key) and its label. */
export interface Partition<Input, Output> {
  readonly label: string;
  readonly operations: readonly Operation<Input, Output>[];
}

/**
 * A sequential specification. `step` returns the state after the operation, or undefined
 * when the operation cannot take effect with that output in that state (so a state is never
 * undefined). Equal states must have equal keys, and different states different keys.
 */
export interface Model<State, Input, Output> {
  readonly name: string;
  init(): State;
  step(state: State, input: Input, output: Output | undefined): State | undefined;
  key(state: State): string | number;
  /** Splits a history into parts that are linearizable independently (default: one part). */
  partition?(operations: readonly Operation<Input, Output>[]): Partition<Input, Output>[];
  describe?(input: Input, output: Output | undefined): string;
}

/** Why an illegal partition cannot be linearized. */
export interface LinEvidence<Input, Output> {
  readonly partition: string;
  /** The longest prefix of a linearization the search found, in linearization order. */
  readonly longestPrefix: readonly Operation<Input, Output>[];
  /** The operations that could come next after that prefix, none of which can take effect. */
  readonly cannotOrder: readonly Operation<Input, Output>[];
  /** The same, as text: one operation per line. */
  readonly description: string;
}

export interface LinStats {
  readonly partitions: number;
  readonly operations: number;
  /** Search steps in total (each step tries, lifts or backtracks one operation). */
  readonly steps: number;
}

export type LinResult<Input, Output> =
  | { readonly kind: 'linearizable'; readonly stats: LinStats }
  | { readonly kind: 'notLinearizable'; readonly evidence: LinEvidence<Input, Output>; readonly stats: LinStats }
  | { readonly kind: 'unknown'; readonly reason: 'maxSteps' | 'timeLimit'; readonly undecided: readonly string[]; readonly stats: LinStats };

export interface LinOptions {
  /** Most search steps per partition before its answer is unknown (default 10,000,000). */
  readonly maxSteps?: number;
  /**
   * Wall-clock milliseconds for the whole check (default: none). Results then depend on the
   * machine's speed: graded checks should bound the search by maxSteps only.
   */
  readonly timeLimitMs?: number;
}
