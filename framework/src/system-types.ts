import type { NetworkConfig } from './network.js';
import type { MessageCounters } from './node.js';
import type { Message } from './process.js';
import type { Rng } from './rng.js';
import type { ProcessSnapshot } from './state.js';
import type { System } from './system.js';

// The data types of System's options, hooks, inspection results and snapshots.

export interface SystemOptions {
  seed: number;
  network?: Partial<NetworkConfig>;
  /** Record the structured trace (default true). Off for speed in benchmarks and big chaos runs. */
  trace?: boolean;
  /** Attach the acting process's state to each deliver / timer-fire / local-in record (for the trace viewer). */
  recordStates?: boolean;
  /** Default step limit of the stepping methods (default 1,000,000). */
  stepLimit?: number;
}

/** Decides ctx.buggify(p) for a process; installed by chaos runs. `site` is the call's file:line:column when the compiler recorded it. */
export type BuggifyHook = (proc: string, probability: number, rng: Rng, site?: string) => boolean;

/** Observes every completed step (invariants, limits); throwing stops the run. */
export type StepHook = (system: System) => void;

/** Adds extra delay to one network message (chaos: buggified delays, clogged links). */
export type DelayHook = (fromNode: string, toNode: string, rng: Rng) => number;

export interface PendingEvent {
  kind: 'deliver' | 'timer';
  time: number;
  to: string;
  from?: string;
  id?: number;
  type?: string;
  data?: unknown;
  timer?: string;
}

export interface SimStats {
  steps: number;
  time: number;
  total: MessageCounters;
  byProcess: Record<string, MessageCounters>;
  byType: Record<string, MessageCounters>;
  /** Timers fired, per process. */
  timerFires: Record<string, number>;
  localIn: number;
  localOut: number;
}

/** Everything needed to put a System back exactly where it was. */
export interface SystemSnapshot {
  time: number;
  step: number;
  seq: number;
  msgId: number;
  rng: number[];
  network: NetworkConfig;
  links: { disabled: string[][]; disconnected: string[] };
  nodes: { name: string; crashed: boolean; drift: number }[];
  procs: { id: string; incarnation: number; fields: ProcessSnapshot | null; timers: string[]; outbox: Message[]; disk: [string, unknown][]; unsynced: [string, unknown][] }[];
  events: { time: number; seq: number; kind: 'deliver' | 'timer'; to: string; incarnation: number; from: string; msg: Message | null; timer: string; id: number; bytes: number }[];
}
