import { checkLinearizability, kvModel, type KvInput, type KvOutput, type Operation, type SystemView } from '@dsgrade/framework';

/**
 * Checks of the Raft key-value store. They read the fields the README fixes (role,
 * currentTerm, votedFor, log, commitIndex) and the answers to the user.
 *
 * Linearizability needs the time of every request: the `recordHistory` invariant runs after
 * every step and notes the time of each local message the test sends. Tests number ALL their
 * local messages (START included) 1, 2, 3, ... in the order they send them, so the k-th local
 * message sent is request k; answers repeat the request's id.
 */

interface Fields {
  role?: unknown;
  currentTerm?: unknown;
  votedFor?: unknown;
  log?: unknown;
  commitIndex?: unknown;
}

function fields(view: SystemView, proc: string): Fields | null {
  return view.state(proc) as Fields | null;
}

type Reply = { proc: string; type: string; data: { id?: unknown; key?: unknown; value?: unknown }; time: number };

interface Run {
  view: SystemView;
  steps: number;
  localOut: number;
  inputs: number[];
  seen: Map<string, number>;
  replies: Reply[];
  /** Election safety over the whole run: term -> the leader seen in it. */
  leaders: Map<number, string>;
  /** Committed entries seen so far (JSON), by 0-based index. */
  committed: string[];
}

let current: Run | null = null;

function runOf(view: SystemView): Run | null {
  const stats = view.stats();
  if (stats === null) return null;
  // A new run starts when steps or requests count down again; the invariant and a check step may see the run through different view objects.
  if (current === null || stats.steps < current.steps || stats.localIn < current.inputs.length) {
    current = { view, steps: 0, localOut: 0, inputs: [], seen: new Map(), replies: [], leaders: new Map(), committed: [] };
  }
  return current;
}

/** Invariant (every step): records when requests are sent and answers arrive. Always holds. */
export function recordHistory(view: SystemView): true | string {
  const stats = view.stats();
  const run = runOf(view);
  if (stats === null || run === null) return 'recordHistory: only sim tests can record a history (model checking has no time)';
  run.steps = stats.steps;
  while (run.inputs.length < stats.localIn) run.inputs.push(view.time);
  if (stats.localOut === run.localOut) return true;
  run.localOut = stats.localOut;
  for (const proc of view.processIds()) {
    const msgs = view.localMessages(proc);
    for (let i = run.seen.get(proc) ?? 0; i < msgs.length; i++) {
      const m = msgs[i]!;
      run.replies.push({ proc, type: m.type, data: (m.data ?? {}) as Reply['data'], time: view.time });
    }
    run.seen.set(proc, msgs.length);
  }
  return true;
}

type KvOp = Operation<KvInput, KvOutput>;

/**
 * The answers so far are linearizable. With `all: true`, every request (not START) must also
 * have been answered; otherwise an unanswered PUT / APPEND may take effect at any time later,
 * or never, and an unanswered GET is left out. Needs `recordHistory` (every: 1).
 * `requests` lists the requests of the test as { id, kind, key, value? } so that unanswered
 * writes are known. `minAnswered`: at least this many requests were answered (liveness).
 */
export function linearizable(view: SystemView, p: { requests: { id: number; kind: 'GET' | 'PUT' | 'APPEND'; key: string; value?: string }[]; all?: boolean; minAnswered?: number }): true | string {
  const stats = view.stats();
  if (current === null || stats === null || current.steps > stats.steps || current.inputs.length !== stats.localIn) {
    return 'linearizable: add the recordHistory invariant (every: 1) to this test';
  }
  if (!Array.isArray(p?.requests)) throw new Error(`linearizable: pass params { requests: [{ id, kind, key, value? }, ...] }, got ${JSON.stringify(p)}`);
  recordHistory(view);
  const run = current;
  const answered = new Map<number, Reply>();
  const known = new Map(p.requests.map((r) => [r.id, r]));
  for (const r of run.replies) {
    const id = r.data.id;
    const where = `${r.proc} sent ${r.type} ${JSON.stringify(r.data)} at t=${r.time.toFixed(3)}`;
    const req = typeof id === 'number' ? known.get(id) : undefined;
    if (req === undefined) return `${where}, but the test sent no GET, PUT or APPEND with id ${JSON.stringify(id)}`;
    if (r.type !== `${req.kind}_OK`) return `${where}: request ${req.id} is a ${req.kind}, answered by ${req.kind}_OK`;
    if (answered.has(req.id)) return `${where}: request ${req.id} was already answered by ${answered.get(req.id)!.proc}`;
    if (r.data.key !== req.key) return `${where}: the answer repeats the request's key ${JSON.stringify(req.key)}`;
    if (req.kind === 'GET' && typeof r.data.value !== 'string' && r.data.value !== null) return `${where}: GET_OK carries the value read, a string or null`;
    answered.set(req.id, r);
  }
  const ops: KvOp[] = [];
  for (const req of p.requests) {
    const call = run.inputs[req.id - 1];
    if (call === undefined) return `linearizable: request ${req.id} was never sent (only ${run.inputs.length} local messages were)`;
    const a = answered.get(req.id);
    if (a === undefined && p.all === true) return `request ${req.id} (${req.kind} ${req.key}), sent at t=${call.toFixed(3)}, never got an answer; the network was healed long before the end`;
    if (req.kind === 'GET') {
      if (a !== undefined) ops.push({ client: a.proc, input: { kind: 'get', key: req.key }, call, output: a.data.value as string | null, return: a.time });
    } else {
      ops.push({ client: a?.proc ?? `request ${req.id}`, input: { kind: req.kind === 'PUT' ? 'put' : 'append', key: req.key, value: String(req.value) }, call, output: null, return: a?.time });
    }
  }
  if (typeof p.minAnswered === 'number' && answered.size < p.minAnswered) {
    return `only ${answered.size} of the ${p.requests.length} requests were answered; expected at least ${p.minAnswered}`;
  }
  const r = checkLinearizability(kvModel, ops, { maxSteps: 2_000_000 });
  if (r.kind === 'linearizable') return true;
  if (r.kind === 'unknown') return `linearizable: the checker could not decide within its budget (${r.undecided.join(', ')}); ${ops.length} operations`;
  const onKey = ops.filter((op) => `key ${JSON.stringify(op.input.key)}` === r.evidence.partition);
  return [
    `the answers are not linearizable: no order of the operations on ${r.evidence.partition} fits their times`,
    `(each line: node, operation, [request time, answer time] in simulated seconds).`,
    `The longest order that works (${r.evidence.longestPrefix.length} operations):`,
    ...r.evidence.longestPrefix.map(line),
    'after which none of these can come next:',
    ...r.evidence.cannotOrder.map(line),
    `All ${onKey.length} operations on that key, by answer time:`,
    ...onKey.sort((x, y) => (x.return ?? Infinity) - (y.return ?? Infinity)).map(line),
  ].join('\n');
}

function line(op: KvOp): string {
  const what = kvModel.describe!(op.input, op.output);
  const end = op.return === undefined ? 'unanswered: may take effect later' : op.return.toFixed(3);
  return `  ${String(op.client)}: ${what}  [${op.call.toFixed(3)}, ${end}]`;
}

/**
 * Invariant: at most one leader per term. In a sim run, over the whole run (two processes
 * that were leaders of one term at different times also fail); in model checking, in each state.
 */
export function electionSafety(view: SystemView): true | string {
  // A model checker's view has counters too, but never local input: every sim test sends START first.
  const run = (view.stats()?.localIn ?? 0) > 0 ? runOf(view) : null;
  const now = new Map<number, string>();
  for (const proc of view.processIds()) {
    const f = fields(view, proc);
    if (f === null || f.role !== 'leader') continue;
    const term = f.currentTerm;
    if (typeof term !== 'number') return `${proc} has role "leader" but its currentTerm field is ${JSON.stringify(term)}, not a number`;
    const other = now.get(term) ?? run?.leaders.get(term);
    if (other !== undefined && other !== proc) return `two leaders in term ${term}: ${other} and ${proc}${now.has(term) ? ' at the same time' : ` (${other} earlier in the run)`}; a term has at most one leader`;
    now.set(term, proc);
    run?.leaders.set(term, proc);
  }
  return true;
}

function logOf(f: Fields): unknown[] {
  return Array.isArray(f.log) ? (f.log as unknown[]) : [];
}

/**
 * Invariant (sim): once an entry is committed at an index, every process that commits that
 * index has the same entry there (state machine safety), for the whole run.
 */
export function committedAgree(view: SystemView): true | string {
  const run = runOf(view);
  if (run === null) return true;
  for (const proc of view.processIds()) {
    const f = fields(view, proc);
    if (f === null) continue;
    const log = logOf(f);
    const c = typeof f.commitIndex === 'number' ? f.commitIndex : 0;
    if (c > log.length) return `${proc} has commitIndex ${c} but only ${log.length} log entries`;
    for (let i = 0; i < c; i++) {
      const e = JSON.stringify(log[i]);
      const seen = run.committed[i];
      if (seen === undefined) run.committed[i] = e;
      else if (seen !== e) return `${proc} committed ${e} at index ${i + 1}, but ${seen} was committed there before; a committed entry never changes`;
    }
  }
  return true;
}

/** Exactly one of `procs` (or all live processes) is leader, in the highest term any of them knows. */
export function oneLeader(view: SystemView, p?: { procs?: string[] }): true | string {
  const procs = p?.procs ?? view.processIds();
  const live = procs.filter((x) => fields(view, x) !== null);
  const leaders = live.filter((x) => fields(view, x)!.role === 'leader');
  const top = Math.max(...live.map((x) => Number(fields(view, x)!.currentTerm)));
  if (leaders.length !== 1) return `expected exactly one leader among ${live.join(', ')}, found ${leaders.length === 0 ? 'none' : leaders.join(', ')} (roles: ${live.map((x) => `${x}=${String(fields(view, x)!.role)}@${String(fields(view, x)!.currentTerm)}`).join(', ')})`;
  const lt = fields(view, leaders[0]!)!.currentTerm;
  if (lt !== top) return `${leaders[0]} is leader in term ${String(lt)}, but a live process is in term ${top}`;
  return true;
}

/** Every one of `procs` has committed at least `count` entries, and their committed logs are equal. */
export function caughtUp(view: SystemView, p: { procs: string[]; count: number }): true | string {
  if (!Array.isArray(p?.procs) || typeof p.count !== 'number') throw new Error(`caughtUp: pass params { procs: [...], count: <entries> }, got ${JSON.stringify(p)}`);
  let first: string | null = null;
  for (const proc of p.procs) {
    const f = fields(view, proc);
    if (f === null) return `${proc} is crashed`;
    const c = typeof f.commitIndex === 'number' ? f.commitIndex : 0;
    if (c < p.count) return `${proc} has committed ${c} entries (commitIndex), expected at least ${p.count}`;
    const prefix = JSON.stringify(logOf(f).slice(0, p.count));
    if (first === null) first = prefix;
    else if (prefix !== first) return `${proc}'s first ${p.count} log entries differ from ${p.procs[0]}'s: ${prefix} vs ${first}`;
  }
  return true;
}

/** Model checking prune: some process's term is above `max`. */
export function termAbove(view: SystemView, p: { max: number }): boolean {
  return view.processIds().some((x) => Number(fields(view, x)?.currentTerm ?? 0) > p.max);
}

/** Model checking goal: some process is leader. */
export function hasLeader(view: SystemView): boolean {
  return view.processIds().some((x) => fields(view, x)?.role === 'leader');
}

/** Model checking collect: `proc` voted for `leader`, which leads `term`, while `idle` is still in term 0. */
export function votedForLeader(view: SystemView, p: { proc: string; leader: string; idle: string; term: number }): boolean {
  const f = fields(view, p.proc);
  const g = fields(view, p.leader);
  const h = fields(view, p.idle);
  return f !== null && g !== null && h !== null && f.votedFor === p.leader && f.currentTerm === p.term && g.role === 'leader' && g.currentTerm === p.term && h.currentTerm === 0;
}
