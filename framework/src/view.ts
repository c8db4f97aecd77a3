import type { Message } from './process.js';
import type { PendingEvent, SimStats } from './system.js';

/**
 * A read-only view of a system's state, the same in a simulation and in a model-checking
 * state: what an assignment's named checks, invariants and goals look at.
 */
export interface SystemView {
  /** Simulated time (0 in model checking, where delays are abstracted away). */
  readonly time: number;
  processIds(): string[];
  /**
   * A copy of the process's fields; null while its node is crashed. Read only: in a
   * simulation every check of one step gets the same copy.
   */
  state(proc: string): Readonly<Record<string, unknown>> | null;
  /** The process's durable storage (kept while its node is crashed). */
  storage(proc: string): Readonly<Record<string, unknown>>;
  /** Every local message the process has sent to its user in this run, in order. */
  localMessages(proc: string): readonly Message[];
  pending(): readonly PendingEvent[];
  /** Message counters; null in model checking. */
  stats(): SimStats | null;
}

/** What a check returns: true / undefined pass, false fails, a string fails with that message. */
export type CheckOutcome = boolean | string | undefined | void;

/** A named check of an assignment's checks.ts: a view plus the scenario's parameters. */
export type Check<P = Record<string, unknown>> = (view: SystemView, params: P) => CheckOutcome;
