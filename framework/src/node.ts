import type { SimEvent } from './events.js';
import type { Message, Process, ProcessFactory } from './process.js';

/** Message counters; per process, `sent`/`bytesSent`/`dropped` count what it sent, `delivered` what it received. */
export interface MessageCounters {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  corrupted: number;
  bytesSent: number;
}

export function newCounters(): MessageCounters {
  return { sent: 0, delivered: 0, dropped: 0, duplicated: 0, corrupted: 0, bytesSent: 0 };
}

export interface NodeSlot {
  name: string;
  crashed: boolean;
  /** Clock rate offset: this node's clock reads simulated time × (1 + drift). */
  drift: number;
  procs: number[];
}

export interface ProcSlot {
  index: number;
  id: string;
  node: NodeSlot;
  factory: ProcessFactory;
  className: string;
  /** Null while the node is crashed. */
  instance: Process | null;
  /** Bumped on crash so that events scheduled for the old incarnation are discarded. */
  incarnation: number;
  timers: Map<string, SimEvent>;
  outbox: Message[];
  /** Every local message the process has sent in this run, read or not. */
  history: Message[];
  counters: MessageCounters;
  timerFires: number;
  /** Durable storage: what survives a crash. */
  disk: Map<string, unknown>;
  /** Writes not yet synced (undefined: a delete); only used while unsynced writes can be lost. */
  unsynced: Map<string, unknown>;
}
