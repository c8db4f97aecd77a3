import { HistoryRecorder, kvModel, linearizabilityVerdict, type KvInput, type KvOutput, type Operation, type RecordedHistory, type SystemView } from '@dsgrade/framework';

/**
 * Checks of the replicated key-value store.
 *
 * The linearizability check needs the time of every request and of every answer. Answers are
 * local messages; a request's time is taken from the run itself: the `recordHistory`
 * invariant runs after every step and notes the time of each local message the test sends.
 * Tests that use it number their requests 1, 2, 3, ... in the order they send them (so the
 * k-th local message sent is request k), and the answers repeat the request (spec).
 */

type Reply = { proc: string; type: string; data: { id?: unknown; key?: unknown; value?: unknown }; time: number };

const recorder = new HistoryRecorder();

/** Invariant (every step): records when requests are sent and answers arrive. Always holds. */
export function recordHistory(view: SystemView): true | string {
  return recorder.record(view);
}

type KvOp = Operation<KvInput, KvOutput>;

/** The history of the run so far, or what is wrong with the answers. */
function history(run: RecordedHistory): KvOp[] | string {
  const ops: KvOp[] = [];
  const answered = new Set<number>();
  for (const r of run.answers as Reply[]) {
    if (r.type === 'LOCAL') continue;
    const id = r.data.id;
    const where = `${r.proc} sent ${r.type} ${JSON.stringify(r.data)} at t=${r.time.toFixed(3)}`;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > run.requests.length) {
      return `${where}, but no request has id ${JSON.stringify(id)} (requests 1..${run.requests.length} were sent)`;
    }
    if (answered.has(id)) return `${where}: request ${id} was already answered`;
    answered.add(id);
    const key = r.data.key;
    const value = r.data.value;
    if (typeof key !== 'string') return `${where}: an answer repeats the request's key`;
    const call = run.requests[id - 1]!;
    switch (r.type) {
      case 'GET_OK':
        if (typeof value !== 'string' && value !== null) return `${where}: GET_OK carries the value read, a string or null`;
        ops.push({ client: r.proc, input: { kind: 'get', key }, call, output: value, return: r.time });
        break;
      case 'GET_FAIL':
        break; // a failed read has no effect and no result
      case 'PUT_OK':
      case 'PUT_FAIL':
        if (typeof value !== 'string') return `${where}: a PUT's answer repeats the value written`;
        // A failed write may still have reached a replica: it may take effect at any time later, or never.
        ops.push({ client: r.proc, input: { kind: 'put', key, value }, call, output: null, return: r.type === 'PUT_OK' ? r.time : undefined });
        break;
      default:
        return `${where}; the only answers are GET_OK, GET_FAIL, PUT_OK, PUT_FAIL and LOCAL`;
    }
  }
  return ops;
}

/**
 * Every GET and PUT got exactly one answer, and the answers are linearizable: there is one
 * order of the operations, each taking effect at an instant between its request and its answer,
 * in which every GET returns the value of the last PUT before it (null when none).
 * Needs the `recordHistory` invariant in the same test.
 */
export function linearizable(view: SystemView): true | string {
  const run = recorder.history(view);
  if (run === null) return 'linearizable: add the recordHistory invariant (every: 1) to this test';
  const ops = history(run);
  if (typeof ops === 'string') return ops;
  const ids = new Set(run.answers.map((r) => (r as Reply).data.id));
  for (let id = 1; id <= run.requests.length; id++) {
    if (!ids.has(id)) return `request ${id}, sent at t=${run.requests[id - 1]!.toFixed(3)}, never got an answer (every GET and PUT is answered within ${5} s)`;
  }
  return linearizabilityVerdict(kvModel, ops, { neverReturned: 'failed: may take effect later' });
}

function requireList(check: string, p: unknown, key: string): string[] {
  const v = (p as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${check}: pass params { ${key}: [<process id>, ...] }, got ${JSON.stringify(p)}`);
  return v as string[];
}

/**
 * The last LOCAL answer (to READ_LOCAL) for `key` of each of `procs` shows `value` (null:
 * the node holds nothing for the key), and all of them show the same version.
 */
export function localValues(view: SystemView, p: { key: string; value: string | null; procs: string[] }): true | string {
  const procs = requireList('localValues', p, 'procs');
  if (typeof p.key !== 'string' || (typeof p.value !== 'string' && p.value !== null)) {
    throw new Error(`localValues: pass params { key: <key>, value: <string or null>, procs: [...] }, got ${JSON.stringify(p)}`);
  }
  let time: unknown;
  for (const proc of procs) {
    const last = [...view.localMessages(proc)].reverse().find((m) => m.type === 'LOCAL' && (m.data as { key?: unknown })?.key === p.key);
    if (last === undefined) return `${proc} never answered READ_LOCAL for key ${JSON.stringify(p.key)}`;
    const d = last.data as { value?: unknown; time?: unknown };
    if (d.value !== p.value) {
      return `${proc} holds ${JSON.stringify(d.value)} for key ${JSON.stringify(p.key)} (READ_LOCAL answered ${JSON.stringify(last.data)}); expected ${JSON.stringify(p.value)}`;
    }
    if (time !== undefined && d.time !== time) return `${procs.join(', ')} hold ${JSON.stringify(p.value)} for ${JSON.stringify(p.key)} with different times (${String(time)} and ${String(d.time)}): one version has one time`;
    time = d.time;
  }
  return true;
}

/** None of `procs` sent a single network message (they were never asked anything). */
export function sentNothing(view: SystemView, p: { procs: string[] }): true | string {
  const procs = requireList('sentNothing', p, 'procs');
  const stats = view.stats();
  if (stats === null) return 'sentNothing: only in sim tests';
  for (const proc of procs) {
    const sent = stats.byProcess[proc]?.sent ?? 0;
    if (sent > 0) return `${proc} sent ${sent} network messages, but it is a fallback for every key of this test and the home replicas were up: nothing should have been asked of it`;
  }
  return true;
}

function answersOf(view: SystemView, proc: string, type: string): { id?: unknown; key?: unknown; value?: unknown }[] {
  return view.localMessages(proc).filter((m) => m.type === type).map((m) => (m.data ?? {}) as { id?: unknown; value?: unknown });
}

/** Model checking: every GET_OK of `proc` returns `value`. */
export function getsReturn(view: SystemView, p: { proc: string; value: string | null }): true | string {
  if (typeof p?.proc !== 'string') throw new Error(`getsReturn: pass params { proc: <process id>, value: <string or null> }, got ${JSON.stringify(p)}`);
  for (const a of answersOf(view, p.proc, 'GET_OK')) {
    if (a.value !== p.value) return `${p.proc} answered GET_OK ${JSON.stringify(a)}, but every quorum holds ${JSON.stringify(p.value)} (the newest acknowledged write)`;
  }
  return true;
}

/** Model checking: `proc` has sent an answer of `type` (a collect condition). */
export function hasAnswered(view: SystemView, p: { procs: string[]; type: string }): boolean {
  const procs = requireList('hasAnswered', p, 'procs');
  return procs.every((proc) => answersOf(view, proc, p.type).length > 0);
}

/** Model checking: no answer of `proc` is of a type other than those listed, nor twice for an id. */
export function answersWellFormed(view: SystemView, p: { procs: string[]; values: (string | null)[] }): true | string {
  const procs = requireList('answersWellFormed', p, 'procs');
  for (const proc of procs) {
    const ids = new Set<unknown>();
    for (const m of view.localMessages(proc)) {
      const d = (m.data ?? {}) as { id?: unknown; value?: unknown };
      if (ids.has(d.id)) return `${proc} answered request ${JSON.stringify(d.id)} twice (${m.type} ${JSON.stringify(d)})`;
      ids.add(d.id);
      if (m.type === 'GET_OK' && !p.values.includes(d.value as string | null)) return `${proc} answered GET_OK ${JSON.stringify(d)}: that value was never written`;
    }
  }
  return true;
}
