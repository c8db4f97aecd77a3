import type { Message, SystemView } from '@dsgrade/framework';

interface PongParams {
  proc: string;
  values: string[];
}

function pongValues(view: SystemView, proc: string): { values: string[]; stray: Message[] } {
  const values: string[] = [];
  const stray: Message[] = [];
  for (const m of view.localMessages(proc)) {
    const value = (m.data as { value?: unknown } | null)?.value;
    if (m.type === 'PONG' && typeof value === 'string') values.push(value);
    else stray.push(m);
  }
  return { values, stray };
}

/** The user got exactly one PONG per PING, in order, with the PING's value. */
export function pongsAre(view: SystemView, p: PongParams): true | string {
  const { values, stray } = pongValues(view, p.proc);
  if (stray.length > 0) return `${p.proc} sent a local message that is not { type: 'PONG', data: { value } }: ${JSON.stringify(stray[0])}`;
  if (JSON.stringify(values) !== JSON.stringify(p.values)) {
    return `expected PONGs with values ${JSON.stringify(p.values)}, the user got ${JSON.stringify(values)}`;
  }
  return true;
}

/** Safety only: what the user got so far is a prefix of the expected PONGs (nothing wrong, nothing twice). */
export function pongsPrefix(view: SystemView, p: PongParams): true | string {
  const { values, stray } = pongValues(view, p.proc);
  if (stray.length > 0) return `${p.proc} sent a local message that is not a PONG: ${JSON.stringify(stray[0])}`;
  const ok = values.length <= p.values.length && values.every((v, i) => v === p.values[i]);
  return ok ? true : `the user got PONGs ${JSON.stringify(values)}, which is not a prefix of ${JSON.stringify(p.values)}`;
}

/** The run is over: every PONG was delivered as expected and nothing is left in flight (goal of model checking). */
export function settled(view: SystemView, p: PongParams): true | string {
  const done = pongsAre(view, p);
  if (done !== true) return done;
  return view.pending().length === 0 ? true : `${view.pending().length} events still pending`;
}

/** The process has no timer armed: once the user has its PONG, a client cancels its retry timer. */
export function noTimerArmed(view: SystemView, p: { proc: string }): true | string {
  const armed = view.pending().filter((e) => e.kind === 'timer' && e.to === p.proc);
  if (armed.length === 0) return true;
  const names = armed.map((e) => (e.kind === 'timer' ? JSON.stringify(e.timer) : '')).join(', ');
  return `${p.proc} still has ${armed.length === 1 ? 'a timer' : 'timers'} armed (${names}) after answering its user; cancel the retry timer with ctx.cancelTimer once the PONG is delivered`;
}

/**
 * For model checking: true once some process has sent more than `n` messages on the path to
 * this state (the checker's per-path counters, not process state). Pruning there bounds a
 * search of a client that retries forever, so that it can end as exhausted.
 */
export function anySentMoreThan(view: SystemView, p: { n: number }): boolean {
  const stats = view.stats();
  if (stats === null) return false;
  return Object.values(stats.byProcess).some((c) => c.sent > p.n);
}
