import type { Trace, TraceEvent, TraceKind } from '@dsgrade/framework';

/** The viewer reads the framework's trace as is; these aliases name the seam in one place. */
export type ViewerTrace = Trace;
export type ViewerTraceEvent = TraceEvent;
export type ViewerTraceKind = TraceKind;

/** Where a process runs: its id and its node's name. */
export interface ProcPlacement {
  id: string;
  node: string;
}

const KIND_SET: Record<TraceKind, true> = {
  send: true,
  deliver: true,
  drop: true,
  duplicate: true,
  corrupt: true,
  'local-in': true,
  'local-out': true,
  'timer-set': true,
  'timer-fire': true,
  'timer-cancel': true,
  crash: true,
  recover: true,
  network: true,
  storage: true,
  check: true,
};

/** Every trace kind; a Record over TraceKind so a new kind fails to compile until listed. */
export const TRACE_KINDS = Object.keys(KIND_SET) as readonly TraceKind[];
