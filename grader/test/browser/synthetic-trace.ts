import type { TraceViewerInput } from '../../src/report/trace-viewer/index.js';

/**
 * A long, deterministic trace for scale tests and the bench: `processes` processes on
 * `processes / 2` nodes exchanging messages, with drops, timers, crashes and partitions.
 * About `events` records; uses its own tiny LCG so it never touches Math.random.
 */
export function syntheticInput(events: number, processes: number): TraceViewerInput {
  let seed = 12345;
  const next = (limit: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % limit;
  };
  const procs = Array.from({ length: processes }, (_, index) => ({ id: `p${index}`, node: `n${index >> 1}` }));
  const out: TraceViewerInput['trace']['events'] = [];
  const inFlight: { id: number; from: string; to: string; type: string; data: unknown }[] = [];
  let id = 0;
  let step = 0;
  let time = 0;
  while (out.length < events) {
    step++;
    time += 0.001 * (1 + next(5));
    const choice = next(100);
    if (choice < 45 || inFlight.length === 0) {
      const from = procs[next(processes)].id;
      const to = procs[next(processes)].id;
      const message = { id: ++id, from, to, type: ['Append', 'Vote', 'Heartbeat'][next(3)], data: { term: next(9), index: id } };
      inFlight.push(message);
      out.push({ kind: 'send', step, time, proc: from, ...message, delay: 0.01 });
    } else if (choice < 88) {
      const [message] = inFlight.splice(next(inFlight.length), 1);
      const lost = next(10) === 0;
      out.push({ kind: lost ? 'drop' : 'deliver', step, time, proc: lost ? message.from : message.to, ...message, ...(lost ? { detail: 'random loss' } : { state: { log: message.id } }) });
    } else if (choice < 96) {
      const proc = procs[next(processes)].id;
      out.push({ kind: next(2) ? 'timer-set' : 'timer-fire', step, time, proc, timer: 'election', delay: 0.15 });
    } else if (choice < 98) {
      out.push({ kind: 'crash', step, time, node: `n${next(processes >> 1)}` });
      out.push({ kind: 'recover', step, time: time + 0.001, node: `n${next(processes >> 1)}` });
    } else {
      out.push({ kind: 'network', step, time, detail: next(2) ? 'partition [n0] | [n1]' : 'network reset' });
    }
  }
  out.length = events;
  return { trace: { seed: 7, events: out }, procs, failStep: step - 1, failMessage: 'synthetic failure' };
}
