import { HistoryRecorder, kvModel, linearizabilityVerdict, type KvInput, type KvOutput, type Operation, type SystemView } from '@dsgrade/framework';

/**
 * Checks of the Raft key-value store. They read the fields the README fixes (role,
 * currentTerm, votedFor, log, commitIndex, and with log compaction snapshotIndex and
 * snapshotTerm) and the answers to the user. A solution without compaction has no
 * snapshotIndex field: its log starts at index 1.
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
  snapshotIndex?: unknown;
  snapshotTerm?: unknown;
}

function fields(view: SystemView, proc: string): Fields | null {
  return view.state(proc) as Fields | null;
}

type Reply = { proc: string; type: string; data: { id?: unknown; key?: unknown; value?: unknown }; time: number };

const recorder = new HistoryRecorder();

/** What the invariants remember over one sim run (not in model checking: states there are branches, not a run). */
interface RunMemory {
  run: number;
  /** Election safety over the whole run: term -> the leader seen in it. */
  leaders: Map<number, string>;
  /** Committed entries seen so far (JSON), by 0-based index. */
  committed: string[];
  /** Terms of the committed entries seen so far, by 0-based index (a snapshot names only the term of its last entry). */
  committedTerms: number[];
}

let memory: RunMemory | null = null;

function memoryOf(view: SystemView): RunMemory | null {
  const run = recorder.runNumber(view);
  if (run === null) return null;
  if (memory === null || memory.run !== run) memory = { run, leaders: new Map(), committed: [], committedTerms: [] };
  return memory;
}

/** Invariant (every step): records when requests are sent and answers arrive. Always holds. */
export function recordHistory(view: SystemView): true | string {
  return recorder.record(view);
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
  const run = recorder.history(view);
  if (run === null) return 'linearizable: add the recordHistory invariant (every: 1) to this test';
  if (!Array.isArray(p?.requests)) throw new Error(`linearizable: pass params { requests: [{ id, kind, key, value? }, ...] }, got ${JSON.stringify(p)}`);
  const answered = new Map<number, Reply>();
  const known = new Map(p.requests.map((r) => [r.id, r]));
  for (const r of run.answers as Reply[]) {
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
    const call = run.requests[req.id - 1];
    if (call === undefined) return `linearizable: request ${req.id} was never sent (only ${run.requests.length} local messages were)`;
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
  return linearizabilityVerdict(kvModel, ops, { neverReturned: 'unanswered: may take effect later' });
}

/**
 * Invariant: at most one leader per term. In a sim run, over the whole run (two processes
 * that were leaders of one term at different times also fail); in model checking, in each state.
 */
export function electionSafety(view: SystemView): true | string {
  // Every sim test sends START first; before it (and in model checking) there is no run to remember.
  const run = (view.stats()?.localIn ?? 0) > 0 ? memoryOf(view) : null;
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

/** The index of the last entry a process's snapshot replaces: log[0] is the entry after it (0 without compaction). */
function snapshotIndexOf(f: Fields): number {
  return typeof f.snapshotIndex === 'number' ? f.snapshotIndex : 0;
}

function termOf(entry: unknown): number | null {
  const t = (entry as { term?: unknown } | null)?.term;
  return typeof t === 'number' ? t : null;
}

/**
 * Invariant (sim): once an entry is committed at an index, every process that commits that
 * index has the same entry there (state machine safety), for the whole run. With log
 * compaction, the entries up to snapshotIndex are gone: a process's log[0] is index
 * snapshotIndex + 1, and its snapshotTerm must be the term of the entry committed at snapshotIndex.
 */
export function committedAgree(view: SystemView): true | string {
  const run = memoryOf(view);
  if (run === null) return true;
  for (const proc of view.processIds()) {
    const f = fields(view, proc);
    if (f === null) continue;
    const log = logOf(f);
    const base = snapshotIndexOf(f);
    const c = typeof f.commitIndex === 'number' ? f.commitIndex : 0;
    if (c > base + log.length) return `${proc} has commitIndex ${c} but only ${log.length} log entries${base > 0 ? ` after its snapshot at index ${base}` : ''}`;
    if (base > c) return `${proc} has a snapshot up to index ${base} but commitIndex ${c}; a snapshot holds only committed entries`;
    if (base > 0) {
      const seenTerm = run.committedTerms[base - 1];
      if (seenTerm === undefined) run.committedTerms[base - 1] = Number(f.snapshotTerm);
      else if (seenTerm !== f.snapshotTerm) return `${proc} has snapshotIndex ${base} and snapshotTerm ${JSON.stringify(f.snapshotTerm)}, but the entry committed at index ${base} has term ${seenTerm}`;
    }
    for (let i = base; i < c; i++) {
      const e = JSON.stringify(log[i - base]);
      const seen = run.committed[i];
      if (seen === undefined) {
        run.committed[i] = e;
        const t = termOf(log[i - base]);
        const known = run.committedTerms[i];
        if (known !== undefined && t !== known) return `${proc} committed ${e} at index ${i + 1}, but a snapshot up to index ${i + 1} had term ${known} there; a committed entry never changes`;
        if (t !== null) run.committedTerms[i] = t;
      } else if (seen !== e) return `${proc} committed ${e} at index ${i + 1}, but ${seen} was committed there before; a committed entry never changes`;
    }
  }
  return true;
}

/**
 * Invariant (sim, log compaction): every live process keeps at most `max` committed entries
 * after its snapshot (commitIndex - snapshotIndex), and with `maxBytes`, its durable storage
 * (every key's value as JSON) is at most that many bytes, so the whole log cannot hide there.
 */
export function logBounded(view: SystemView, p: { max: number; maxBytes?: number }): true | string {
  if (typeof p?.max !== 'number') throw new Error(`logBounded: pass params { max: <entries>, maxBytes?: <bytes> }, got ${JSON.stringify(p)}`);
  for (const proc of view.processIds()) {
    const f = fields(view, proc);
    if (f !== null) {
      const base = snapshotIndexOf(f);
      const c = typeof f.commitIndex === 'number' ? f.commitIndex : 0;
      const kept = Math.min(c, base + logOf(f).length) - base;
      if (kept > p.max) return `${proc} keeps ${kept} committed log entries after its snapshot (commitIndex ${c}, snapshotIndex ${base}), at most ${p.max} allowed; compact the log into a snapshot once it holds more than maxLog entries`;
    }
    if (typeof p.maxBytes === 'number') {
      const bytes = storageBytes(view.storage(proc));
      if (bytes > p.maxBytes) return `${proc}'s durable storage holds ${bytes} bytes (JSON of every key), at most ${p.maxBytes} allowed; store the snapshot and the log after it, not the whole log`;
    }
  }
  return true;
}

function storageBytes(storage: Readonly<Record<string, unknown>>): number {
  let n = 0;
  for (const [k, v] of Object.entries(storage)) n += k.length + (JSON.stringify(v)?.length ?? 0);
  return n;
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

/**
 * Every one of `procs` has committed at least `count` entries, and their committed logs are
 * equal: of the first `count` indexes, those that two processes both still have in their logs
 * (not compacted into a snapshot) hold the same entries.
 */
export function caughtUp(view: SystemView, p: { procs: string[]; count: number }): true | string {
  if (!Array.isArray(p?.procs) || typeof p.count !== 'number') throw new Error(`caughtUp: pass params { procs: [...], count: <entries> }, got ${JSON.stringify(p)}`);
  const byIndex = new Map<number, { proc: string; entry: string }>();
  for (const proc of p.procs) {
    const f = fields(view, proc);
    if (f === null) return `${proc} is crashed`;
    const c = typeof f.commitIndex === 'number' ? f.commitIndex : 0;
    if (c < p.count) return `${proc} has committed ${c} entries (commitIndex), expected at least ${p.count}`;
    const log = logOf(f);
    const base = snapshotIndexOf(f);
    for (let i = base; i < Math.min(p.count, base + log.length); i++) {
      const entry = JSON.stringify(log[i - base]);
      const other = byIndex.get(i);
      if (other === undefined) byIndex.set(i, { proc, entry });
      else if (other.entry !== entry) return `${proc}'s log entry ${i + 1} differs from ${other.proc}'s: ${entry} vs ${other.entry}`;
    }
  }
  return true;
}

/** `proc` is the leader (a scenario step that makes sure its crashes and partitions hit the right server). */
export function leaderIs(view: SystemView, p: { proc: string }): true | string {
  if (typeof p?.proc !== 'string') throw new Error(`leaderIs: pass params { proc: <process id> }, got ${JSON.stringify(p)}`);
  const f = fields(view, p.proc);
  if (f === null) return `${p.proc} is crashed; expected it to be the leader`;
  if (f.role === 'leader') return true;
  const roles = view.processIds().map((x) => `${x}=${String(fields(view, x)?.role ?? 'crashed')}@${String(fields(view, x)?.currentTerm ?? '-')}`);
  return `${p.proc} is ${String(f.role)} in term ${String(f.currentTerm)}, expected it to be the leader by now (roles: ${roles.join(', ')})`;
}

/**
 * Efficiency (sim): every request of the test was answered (`requests` of them), and the
 * network messages sent over the whole run, elections and heartbeats included, are at most
 * `max` per answered request.
 */
export function messagesPerAnswer(view: SystemView, p: { max: number; requests: number }): true | string {
  if (typeof p?.max !== 'number' || typeof p.requests !== 'number') throw new Error(`messagesPerAnswer: pass params { max: <messages per answer>, requests: <how many the test sends> }, got ${JSON.stringify(p)}`);
  const run = recorder.history(view);
  const stats = view.stats();
  if (run === null || stats === null) return 'messagesPerAnswer: add the recordHistory invariant (every: 1) to this test';
  const answered = new Set(run.answers.map((a) => (a as Reply).data.id)).size;
  if (answered < p.requests) return `only ${answered} of the ${p.requests} requests were answered on a reliable network`;
  const sent = stats.total.sent;
  const per = sent / answered;
  if (per > p.max) {
    const byType = Object.entries(stats.byType).map(([t, c]) => `${t} ${c.sent}`).join(', ');
    return `${sent} network messages for ${answered} answered requests: ${per.toFixed(1)} per request, at most ${p.max} allowed (by type: ${byType}); send AppendEntries on new entries and every HEARTBEAT, not more often`;
  }
  return true;
}

/** Model checking prune: some process's term is above `max`. */
export function termAbove(view: SystemView, p: { max: number }): boolean {
  return view.processIds().some((x) => Number(fields(view, x)?.currentTerm ?? 0) > p.max);
}

/**
 * Model checking prune: some process's term is above `maxTerm`, or some process has fired
 * more timers on the path to this state than `maxTimerFires` allows (the checker's per-path
 * counters, not process state): a number for every process, or a map from process to its
 * bound, processes it does not name firing none; or, with `maxTotalFires`, all processes
 * together have fired more than that; or, with `maxDelivered`, some process has been
 * delivered more messages than that; or, with `settled`, a leader exists and no candidate of
 * its term is left (without a timer firing, nobody else can lead that term). Heartbeats and
 * election retries fire forever; bounding the fires per path lets an election search end as
 * exhausted.
 */
export function electionBound(view: SystemView, p: { maxTerm: number; maxTimerFires: number | Record<string, number>; maxTotalFires?: number; maxDelivered?: number; settled?: boolean }): boolean {
  const bound = p?.maxTimerFires;
  if (typeof p?.maxTerm !== 'number' || (typeof bound !== 'number' && (typeof bound !== 'object' || bound === null))) {
    throw new Error(`electionBound: pass params { maxTerm: <term>, maxTimerFires: <fires per process, or { <process id>: <fires> }> }, got ${JSON.stringify(p)}`);
  }
  if (termAbove(view, { max: p.maxTerm })) return true;
  if (p.settled === true && settled(view)) return true;
  const stats = view.stats();
  if (typeof p.maxDelivered === 'number' && Object.values(stats?.byProcess ?? {}).some((c) => c.delivered > p.maxDelivered!)) return true;
  const fires = stats?.timerFires ?? {};
  if (typeof p.maxTotalFires === 'number' && Object.values(fires).reduce((a, b) => a + b, 0) > p.maxTotalFires) return true;
  return Object.entries(fires).some(([proc, n]) => n > (typeof bound === 'number' ? bound : (bound[proc] ?? 0)));
}

/** Some process leads a term in which no process is still a candidate. */
function settled(view: SystemView): boolean {
  const live = view.processIds().map((x) => fields(view, x)).filter((f): f is Fields => f !== null);
  return live.some((l) => l.role === 'leader' && !live.some((c) => c.role === 'candidate' && c.currentTerm === l.currentTerm));
}

/**
 * Model checking goal or collect: some process is leader; with `withinSteps`, on a path of at
 * most that many steps (the checker's per-path counters: collects the quickest elections only).
 */
export function hasLeader(view: SystemView, p?: { withinSteps?: number }): boolean {
  if (typeof p?.withinSteps === 'number' && (view.stats()?.steps ?? 0) > p.withinSteps) return false;
  return view.processIds().some((x) => fields(view, x)?.role === 'leader');
}

/** Model checking collect: `proc` voted for `leader`, which leads `term`, while `idle` is still in term 0. */
export function votedForLeader(view: SystemView, p: { proc: string; leader: string; idle: string; term: number }): boolean {
  const f = fields(view, p.proc);
  const g = fields(view, p.leader);
  const h = fields(view, p.idle);
  return f !== null && g !== null && h !== null && f.votedFor === p.leader && f.currentTerm === p.term && g.role === 'leader' && g.currentTerm === p.term && h.currentTerm === 0;
}
