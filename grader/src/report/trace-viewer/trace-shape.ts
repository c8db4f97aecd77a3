/**
 * The trace as the viewer reads it. This mirrors `Trace` / `TraceEvent` of
 * framework/src/trace.ts structurally, so a framework trace is accepted as is; it is declared
 * here only because the framework's export list does not name the trace types yet.
 */

export type ViewerTraceKind =
  | 'send'
  | 'deliver'
  | 'drop'
  | 'duplicate'
  | 'corrupt'
  | 'local-in'
  | 'local-out'
  | 'timer-set'
  | 'timer-fire'
  | 'timer-cancel'
  | 'crash'
  | 'recover'
  | 'network'
  | 'check';

export interface ViewerTraceEvent {
  kind: ViewerTraceKind;
  step: number;
  time: number;
  proc?: string;
  node?: string;
  from?: string;
  to?: string;
  id?: number;
  type?: string;
  data?: unknown;
  timer?: string;
  delay?: number;
  detail?: string;
  state?: unknown;
}

export interface ViewerTrace {
  seed: number;
  events: readonly ViewerTraceEvent[];
}

export interface ProcPlacement {
  id: string;
  node: string;
}

export const TRACE_KINDS: readonly ViewerTraceKind[] = [
  'send',
  'deliver',
  'drop',
  'duplicate',
  'corrupt',
  'local-in',
  'local-out',
  'timer-set',
  'timer-fire',
  'timer-cancel',
  'crash',
  'recover',
  'network',
  'check',
];
