import type { MessageCounters, SystemView } from '@dsgrade/framework';

/**
 * Checks of the membership assignment. A process's view is read from its answers: a scenario
 * sends GET_MEMBERS to the processes it checks right before the check (the spec requires the
 * answer at once, in the same handler), and the check reads each one's latest MEMBERS answer.
 */

interface ViewParams {
  procs: string[];
  members: string[];
}

function list(xs: readonly string[]): string {
  return xs.length === 0 ? 'nobody' : xs.join(', ');
}

function viewParams(check: string, p: ViewParams): ViewParams {
  const ok = (xs: unknown): boolean => Array.isArray(xs) && xs.every((x) => typeof x === 'string');
  if (!ok(p?.procs) || !ok(p?.members)) {
    throw new Error(`${check}: pass params { procs: [<process id>, ...], members: [<process id>, ...] }, got ${JSON.stringify(p)}`);
  }
  return p;
}

/** The members in `proc`'s latest answer, or a failure message. */
function latestView(view: SystemView, proc: string): string[] | string {
  const msgs = view.localMessages(proc);
  const last = msgs[msgs.length - 1];
  if (last === undefined) return `${proc} never answered GET_MEMBERS (it must answer at once, in the same handler)`;
  const members = (last.data as { members?: unknown } | null)?.members;
  if (last.type !== 'MEMBERS' || !Array.isArray(members) || !members.every((m) => typeof m === 'string')) {
    return `${proc} sent its user ${JSON.stringify(last)}; the only local message allowed is { type: 'MEMBERS', data: { members: [<process id>, ...] } }`;
  }
  if (new Set(members).size !== members.length) return `${proc} lists a member twice: ${list(members as string[])}`;
  return [...(members as string[])].sort();
}

function compare(check: string, view: SystemView, p: ViewParams, test: (seen: Set<string>) => string | null): true | string {
  viewParams(check, p);
  for (const proc of p.procs) {
    const v = latestView(view, proc);
    if (typeof v === 'string') return v;
    const why = test(new Set(v));
    if (why !== null) return `at time ${view.time.toFixed(1)}, ${proc}'s view is [${list(v)}]: ${why}`;
  }
  return true;
}

/** Each of `procs` lists exactly `members` (in any order). */
export function membersAre(view: SystemView, p: ViewParams): true | string {
  return compare('membersAre', view, p, (seen) => {
    const missing = p.members.filter((m) => !seen.has(m));
    const extra = [...seen].filter((m) => !p.members.includes(m));
    if (missing.length === 0 && extra.length === 0) return null;
    return `expected exactly [${list([...p.members].sort())}]${missing.length > 0 ? `; missing ${list(missing)}` : ''}${extra.length > 0 ? `; should not list ${list(extra)}` : ''}`;
  });
}

/** Each of `procs` lists at least `members`. */
export function membersInclude(view: SystemView, p: ViewParams): true | string {
  return compare('membersInclude', view, p, (seen) => {
    const missing = p.members.filter((m) => !seen.has(m));
    return missing.length === 0 ? null : `it must list ${list(p.members)}, but ${list(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`;
  });
}

/** None of `procs` lists any of `members`. */
export function membersExclude(view: SystemView, p: ViewParams): true | string {
  return compare('membersExclude', view, p, (seen) => {
    const extra = p.members.filter((m) => seen.has(m));
    return extra.length === 0 ? null : `it must not list ${list(extra)}`;
  });
}

// ---- traffic ----

interface Mark {
  time: number;
  byProcess: Record<string, MessageCounters>;
}

/**
 * The counters at the start of the measured window. Checks see one state at a time, so the
 * window's start is kept here; `markTraffic` and `trafficBounded` run in that order in the same
 * run (a scenario's steps are sequential), so a mark never belongs to another run.
 */
let mark: Mark | null = null;

/** Starts the window `trafficBounded` measures (after the joins, so join traffic does not count). */
export function markTraffic(view: SystemView): true | string {
  const stats = view.stats();
  if (stats === null) return 'markTraffic: needs a simulation (model checking has no message counters)';
  mark = { time: view.time, byProcess: stats.byProcess };
  return true;
}

interface TrafficParams {
  /** The group is processes <prefix>1 .. <prefix>n. */
  prefix: string;
  n: number;
  /** Most messages one member may send per simulated second. */
  messagesPerSecond: number;
  /** Most bytes one member may send per simulated second, per member of the group. */
  bytesPerSecondPerMember: number;
  /** Largest allowed ratio between the messages of the busiest and the idlest member. */
  balance: number;
}

function fmt(x: number): string {
  return x.toFixed(x < 10 ? 2 : 0);
}

/**
 * Per-member traffic in the window since `markTraffic`: every member sends at most
 * `messagesPerSecond` messages per second whatever the group's size (gossip sends a fixed
 * number per round), at most `bytesPerSecondPerMember` × n bytes per second (a table of n
 * entries per message), something at all, and no member more than `balance` × another.
 */
export function trafficBounded(view: SystemView, p: TrafficParams): true | string {
  const nums = [p?.n, p?.messagesPerSecond, p?.bytesPerSecondPerMember, p?.balance];
  if (typeof p?.prefix !== 'string' || !nums.every((x) => typeof x === 'number' && x > 0)) {
    throw new Error(`trafficBounded: pass params { prefix, n, messagesPerSecond, bytesPerSecondPerMember, balance } (positive numbers), got ${JSON.stringify(p)}`);
  }
  const stats = view.stats();
  if (stats === null) return 'trafficBounded: needs a simulation (model checking has no message counters)';
  if (mark === null || mark.time >= view.time) return 'trafficBounded: run markTraffic first, then let simulated time pass';
  const seconds = view.time - mark.time;
  const per: { id: string; msgs: number; bytes: number }[] = [];
  for (let i = 1; i <= p.n; i++) {
    const id = `${p.prefix}${i}`;
    const a = mark.byProcess[id];
    const b = stats.byProcess[id];
    if (a === undefined || b === undefined) return `trafficBounded: no process ${id} (the group is processes ${p.prefix}1 .. ${p.prefix}${p.n})`;
    per.push({ id, msgs: (b.sent - a.sent) / seconds, bytes: (b.bytesSent - a.bytesSent) / seconds });
  }
  const byMsgs = [...per].sort((x, y) => x.msgs - y.msgs);
  const idle = byMsgs[0]!;
  const busy = byMsgs[byMsgs.length - 1]!;
  const heavy = [...per].sort((x, y) => y.bytes - x.bytes)[0]!;
  const avg = per.reduce((s, x) => s + x.msgs, 0) / per.length;
  const window = `over ${fmt(seconds)} s in a group of ${p.n}`;
  if (idle.msgs === 0) return `${window}, ${idle.id} sent no message at all; a member must keep gossiping`;
  if (busy.msgs > p.messagesPerSecond) {
    return `${window}, ${busy.id} sends ${fmt(busy.msgs)} messages per second (average ${fmt(avg)}); at most ${p.messagesPerSecond} allowed, whatever the group's size`;
  }
  const maxBytes = p.bytesPerSecondPerMember * p.n;
  if (heavy.bytes > maxBytes) {
    return `${window}, ${heavy.id} sends ${fmt(heavy.bytes)} bytes per second; at most ${p.bytesPerSecondPerMember} per member of the group (${fmt(maxBytes)}) allowed`;
  }
  if (busy.msgs > p.balance * idle.msgs) {
    return `${window}, the load is unbalanced: ${busy.id} sends ${fmt(busy.msgs)} messages per second but ${idle.id} only ${fmt(idle.msgs)} (more than ${p.balance}x)`;
  }
  return true;
}

// ---- model checking ----

/** No network message is in flight (only timers are pending): a point where the group has caught up. */
export function noMessagesInFlight(view: SystemView): boolean {
  return !view.pending().some((e) => e.kind === 'deliver');
}

interface RepliesParams {
  seed: string;
  members: string[];
}

/**
 * Every process's latest answer: lists itself and the seed, lists only processes that joined,
 * and the seed (which every JOIN reached) lists everyone.
 */
export function joinedViews(view: SystemView, p: RepliesParams): true | string {
  if (typeof p?.seed !== 'string' || !Array.isArray(p.members)) {
    throw new Error(`joinedViews: pass params { seed: <process id>, members: [<process id>, ...] }, got ${JSON.stringify(p)}`);
  }
  const seedOk = membersAre(view, { procs: [p.seed], members: p.members });
  if (seedOk !== true) return seedOk;
  for (const proc of p.members) {
    const ok = membersInclude(view, { procs: [proc], members: [proc, p.seed] });
    if (ok !== true) return ok;
    const v = latestView(view, proc) as string[];
    const stranger = v.find((m) => !p.members.includes(m));
    if (stranger !== undefined) return `${proc} lists ${stranger}, which never joined`;
  }
  return true;
}

/** Some process has fired more than `n` timers on the path to this state (bounds a search of gossip rounds). */
export function timersFiredMoreThan(view: SystemView, p: { n: number }): boolean {
  if (typeof p?.n !== 'number') throw new Error(`timersFiredMoreThan: pass params { n: <number of timer firings> }, got ${JSON.stringify(p)}`);
  const stats = view.stats();
  if (stats === null) return false;
  return Object.values(stats.timerFires).some((n) => n > p.n);
}

/**
 * The group has stabilised: no network message is in flight and every process has fired at
 * least `rounds` timers (gossip rounds) on the path to this state.
 */
export function settled(view: SystemView, p: { rounds: number }): boolean {
  if (typeof p?.rounds !== 'number') throw new Error(`settled: pass params { rounds: <gossip rounds each process has run> }, got ${JSON.stringify(p)}`);
  const stats = view.stats();
  if (stats === null || !noMessagesInFlight(view)) return false;
  return view.processIds().every((id) => (stats.timerFires[id] ?? 0) >= p.rounds);
}

/** Each of `procs` has answered the test at least once (a stage that only reads the answers stops here). */
export function answered(view: SystemView, p: { procs: string[] }): boolean {
  if (!Array.isArray(p?.procs)) throw new Error(`answered: pass params { procs: [<process id>, ...] }, got ${JSON.stringify(p)}`);
  return p.procs.every((id) => view.localMessages(id).length > 0);
}
