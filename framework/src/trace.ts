/**
 * The structured event trace: the one log the simulator writes, the model checker returns
 * as a counterexample, the grader stores and the report draws. Records are flat objects.
 */

export type TraceKind =
  | 'send' // a process sent a message over the network (id links it to deliver / drop)
  | 'deliver' // a message reached its destination's onMessage
  | 'drop' // the network (or a crash, a disabled link) lost a message
  | 'duplicate' // the network scheduled an extra copy of a message
  | 'corrupt' // the network changed string values in a message
  | 'local-in' // the test sent a local message to a process
  | 'local-out' // a process sent a local message to its user
  | 'timer-set'
  | 'timer-fire'
  | 'timer-cancel'
  | 'crash'
  | 'recover'
  | 'network' // a network change: link disabled/enabled, partition, reset
  | 'storage' // a process wrote its durable storage (type: put / delete / sync / lost; data: { key, value })
  | 'check'; // a named check or assertion outcome recorded by a higher layer

export interface TraceEvent {
  kind: TraceKind;
  /** Index of the simulation step that produced this record (0 before the first step). */
  step: number;
  /** Simulated time in seconds. */
  time: number;
  /** The process acting or receiving (for send: the sender). */
  proc?: string;
  /** The node concerned (crash, recover, network changes). */
  node?: string;
  /** For send / deliver / drop / duplicate / corrupt: sender and receiver process ids. */
  from?: string;
  to?: string;
  /** Message id, unique within a run; a duplicate delivery carries the original's id. */
  id?: number;
  type?: string;
  data?: unknown;
  /** Timer name for timer-* records. */
  timer?: string;
  /** Delay of a send or timer, seconds. */
  delay?: number;
  /** Why a message was dropped, or what a network change / check was. */
  detail?: string;
  /** Process state after this step, when the run records states (for the trace viewer). */
  state?: unknown;
}

export interface Trace {
  seed: number;
  events: TraceEvent[];
}
