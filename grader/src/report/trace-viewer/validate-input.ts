import { TRACE_KINDS, type ProcPlacement, type ViewerTrace } from './trace-shape.js';

/**
 * Checks a trace and its process placement at a public door; `caller` names that door in
 * every message so the error points at the function the user called.
 */
export function validateTraceAndProcs(caller: string, trace: unknown, procs: unknown): asserts trace is ViewerTrace {
  if (typeof trace !== 'object' || trace === null || !Array.isArray((trace as ViewerTrace).events)) {
    throw new Error(`${caller}: trace must be a Trace object { seed, events: TraceEvent[] }`);
  }
  const kinds = new Set<string>(TRACE_KINDS);
  (trace as ViewerTrace).events.forEach((event, index) => {
    if (typeof event !== 'object' || event === null || !kinds.has(event.kind)) {
      throw new Error(`${caller}: trace.events[${index}] must be a TraceEvent whose kind is one of ${TRACE_KINDS.join(', ')}`);
    }
    if (!Number.isFinite(event.step) || !Number.isFinite(event.time)) {
      throw new Error(`${caller}: trace.events[${index}] must have finite numeric step and time`);
    }
  });
  validateProcs(caller, procs);
}

function validateProcs(caller: string, procs: unknown): asserts procs is readonly ProcPlacement[] {
  if (!Array.isArray(procs)) {
    throw new Error(`${caller}: procs must be an array of { id, node } (pass [] when unknown)`);
  }
  const seen = new Set<string>();
  procs.forEach((proc: unknown, index) => {
    const placement = proc as ProcPlacement;
    if (typeof proc !== 'object' || proc === null || typeof placement.id !== 'string' || typeof placement.node !== 'string') {
      throw new Error(`${caller}: procs[${index}] must be { id: string, node: string }`);
    }
    if (seen.has(placement.id)) {
      throw new Error(`${caller}: procs[${index}] repeats process id ${JSON.stringify(placement.id)}; list each process once`);
    }
    seen.add(placement.id);
  });
}
