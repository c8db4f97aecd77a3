import type { Context, Message, Process } from '@dsgrade/framework';

// Given constants (README.md). Timeouts are in simulated seconds.
export const ELECTION_MIN = 1.5;
export const ELECTION_MAX = 3;
export const HEARTBEAT = 0.5;
export const RETRY = 1;
export const MAX_BATCH = 50;

export type Op =
  | { id: number; kind: 'GET'; key: string }
  | { id: number; kind: 'PUT' | 'APPEND'; key: string; value: string };

/** A log entry; `op` is null for the no-op a new leader appends to commit its predecessors' entries. */
export interface Entry {
  term: number;
  op: Op | null;
}

type Role = 'follower' | 'candidate' | 'leader';

/** The applied state machine at `index`: what replaces the log's prefix up to it (README "Log compaction"). */
interface Snapshot {
  index: number;
  term: number;
  data: Record<string, string>;
  results: Record<string, string | null>;
}

/** One Raft server of the replicated key-value store. See the assignment's README.md. */
export class RaftNode implements Process {
  private readonly nodes: string[];
  // Fields the tests read (README "What the tests look at").
  role: Role = 'follower';
  currentTerm = 0;
  votedFor: string | null = null;
  /** The entries after the snapshot: `log[0]` is index snapshotIndex + 1. */
  log: Entry[] = [];
  commitIndex = 0;
  /** Index and term of the last entry the snapshot replaces (0 and 0: no snapshot). */
  snapshotIndex = 0;
  snapshotTerm = 0;
  // Volatile state, rebuilt after a crash.
  private started = false;
  private leaderId: string | null = null;
  private votes: string[] = [];
  private nextIndex: Record<string, number> = {};
  private matchIndex: Record<string, number> = {};
  private lastApplied = 0;
  private data: Record<string, string> = {};
  /** Result of every applied request, by id: deduplicates retries. */
  private results: Record<string, string | null> = {};
  /** Requests from this node's user not answered yet, by id. */
  private pending: Record<string, Op> = {};

  /** Compact once the log holds more than this many entries after the snapshot; undefined: never. */
  private readonly maxLog: number | undefined;

  constructor(nodes: string[], maxLog?: number) {
    this.nodes = [...nodes];
    this.maxLog = maxLog;
  }

  onLocalMessage(msg: Message, ctx: Context): void {
    this.start(ctx);
    if (msg.type === 'START') return;
    const d = msg.data as { id: number; key: string; value?: string };
    if (msg.type !== 'GET' && msg.type !== 'PUT' && msg.type !== 'APPEND') return;
    const op: Op = msg.type === 'GET' ? { id: d.id, kind: 'GET', key: d.key } : { id: d.id, kind: msg.type, key: d.key, value: String(d.value) };
    if (String(op.id) in this.results) {
      this.answer(op, this.results[String(op.id)]!, ctx);
      return;
    }
    this.pending[String(op.id)] = op;
    this.submit(op, ctx);
    ctx.setTimerOnce('retry', RETRY);
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    this.start(ctx);
    const d = msg.data as Record<string, unknown>;
    if (typeof d.term === 'number' && d.term > this.currentTerm) this.stepDown(d.term, ctx);
    switch (msg.type) {
      case 'REQUEST_VOTE': return this.onRequestVote(d as { term: number; lastLogIndex: number; lastLogTerm: number }, from, ctx);
      case 'VOTE': return this.onVote(d as { term: number; granted: boolean }, from, ctx);
      case 'APPEND_ENTRIES': return this.onAppendEntries(d as { term: number; prevIndex: number; prevTerm: number; entries: Entry[]; leaderCommit: number }, from, ctx);
      case 'INSTALL_SNAPSHOT': return this.onInstallSnapshot(d as { term: number; snapshot: Snapshot }, from, ctx);
      case 'APPEND_REPLY': return this.onAppendReply(d as { term: number; success: boolean; matchIndex: number }, from, ctx);
      case 'FORWARD': if (this.role === 'leader') this.propose((d as { op: Op }).op, ctx); return;
    }
  }

  onTimer(name: string, ctx: Context): void {
    this.start(ctx);
    if (name === 'election' && this.role !== 'leader') this.campaign(ctx);
    else if (name === 'heartbeat' && this.role === 'leader') {
      for (const p of this.peers(ctx)) this.replicate(p, ctx);
      ctx.setTimer('heartbeat', HEARTBEAT);
    } else if (name === 'retry') {
      const ops = Object.values(this.pending);
      for (const op of ops) this.submit(op, ctx);
      if (ops.length > 0) ctx.setTimer('retry', RETRY);
    }
  }

  /** First handler after construction (start or recovery): reload the persistent state. */
  private start(ctx: Context): void {
    if (this.started) return;
    this.started = true;
    this.currentTerm = (ctx.storage.get('currentTerm') as number | undefined) ?? 0;
    this.votedFor = (ctx.storage.get('votedFor') as string | null | undefined) ?? null;
    this.log = (ctx.storage.get('log') as Entry[] | undefined) ?? [];
    const snap = ctx.storage.get('snapshot') as Snapshot | undefined;
    if (snap !== undefined) this.loadSnapshot(snap);
    this.resetElection(ctx);
  }

  private persist(ctx: Context, log: boolean): void {
    ctx.storage.put('currentTerm', this.currentTerm);
    ctx.storage.put('votedFor', this.votedFor);
    if (log) ctx.storage.put('log', this.log);
    ctx.storage.sync();
  }

  private peers(ctx: Context): string[] {
    return this.nodes.filter((n) => n !== ctx.self);
  }

  private majority(): number {
    return Math.floor(this.nodes.length / 2) + 1;
  }

  /** Index of the last entry, counting the ones the snapshot replaced. */
  private lastIndex(): number {
    return this.snapshotIndex + this.log.length;
  }

  private lastTerm(): number {
    return this.termAt(this.lastIndex());
  }

  /** Term of the entry at `index` (1-based); the snapshot's term at snapshotIndex. Only for index >= snapshotIndex. */
  private termAt(index: number): number {
    return index === this.snapshotIndex ? this.snapshotTerm : this.log[index - this.snapshotIndex - 1]!.term;
  }

  private resetElection(ctx: Context): void {
    ctx.setTimer('election', ELECTION_MIN + ctx.random() * (ELECTION_MAX - ELECTION_MIN));
  }

  private stepDown(term: number, ctx: Context): void {
    this.currentTerm = term;
    this.votedFor = null;
    if (this.role === 'leader') {
      ctx.cancelTimer('heartbeat');
      this.resetElection(ctx);
    }
    this.role = 'follower';
    this.persist(ctx, false);
  }

  private campaign(ctx: Context): void {
    this.currentTerm += 1;
    this.role = 'candidate';
    this.votedFor = ctx.self;
    this.votes = [ctx.self];
    this.leaderId = null;
    this.persist(ctx, false);
    this.resetElection(ctx);
    if (this.votes.length >= this.majority()) return this.becomeLeader(ctx);
    for (const p of this.peers(ctx)) {
      ctx.send({ type: 'REQUEST_VOTE', data: { term: this.currentTerm, lastLogIndex: this.lastIndex(), lastLogTerm: this.lastTerm() } }, p);
    }
  }

  private onRequestVote(d: { term: number; lastLogIndex: number; lastLogTerm: number }, from: string, ctx: Context): void {
    const upToDate = d.lastLogTerm > this.lastTerm() || (d.lastLogTerm === this.lastTerm() && d.lastLogIndex >= this.lastIndex());
    const granted = d.term === this.currentTerm && (this.votedFor === null || this.votedFor === from) && upToDate;
    if (granted) {
      this.votedFor = from;
      this.persist(ctx, false);
      this.resetElection(ctx);
    }
    ctx.send({ type: 'VOTE', data: { term: this.currentTerm, granted } }, from);
  }

  private onVote(d: { term: number; granted: boolean }, from: string, ctx: Context): void {
    if (this.role !== 'candidate' || d.term !== this.currentTerm || !d.granted) return;
    if (!this.votes.includes(from)) this.votes.push(from);
    if (this.votes.length >= this.majority()) this.becomeLeader(ctx);
  }

  private becomeLeader(ctx: Context): void {
    this.role = 'leader';
    this.leaderId = ctx.self;
    ctx.cancelTimer('election');
    for (const p of this.peers(ctx)) {
      this.nextIndex[p] = this.lastIndex() + 1;
      this.matchIndex[p] = 0;
    }
    // A no-op of the new term lets the leader commit the entries of older terms it holds.
    this.log.push({ term: this.currentTerm, op: null });
    this.persist(ctx, true);
    // Requests of this node's own user wait in `pending`; propose them now.
    for (const op of Object.values(this.pending)) this.propose(op, ctx);
    for (const p of this.peers(ctx)) this.replicate(p, ctx);
    ctx.setTimer('heartbeat', HEARTBEAT);
  }

  private submit(op: Op, ctx: Context): void {
    if (this.role === 'leader') this.propose(op, ctx);
    else if (this.leaderId !== null) ctx.send({ type: 'FORWARD', data: { op } }, this.leaderId);
  }

  /** Leader: append a request to the log unless it is there already (a retry). */
  private propose(op: Op, ctx: Context): void {
    if (String(op.id) in this.results || this.log.some((e) => e.op?.id === op.id)) return;
    this.log.push({ term: this.currentTerm, op });
    this.persist(ctx, true);
    this.advanceCommit(ctx);
    for (const p of this.peers(ctx)) this.replicate(p, ctx);
  }

  private replicate(peer: string, ctx: Context): void {
    const next = this.nextIndex[peer] ?? this.lastIndex() + 1;
    if (next <= this.snapshotIndex) {
      // The entries the follower needs next are compacted away: it gets the snapshot instead.
      ctx.send({ type: 'INSTALL_SNAPSHOT', data: { term: this.currentTerm, snapshot: this.snapshot() } }, peer);
      return;
    }
    const prevIndex = next - 1;
    const prevTerm = this.termAt(prevIndex);
    const first = prevIndex - this.snapshotIndex; // position in this.log of entry prevIndex + 1
    const entries = this.log.slice(first, first + MAX_BATCH);
    ctx.send({ type: 'APPEND_ENTRIES', data: { term: this.currentTerm, prevIndex, prevTerm, entries, leaderCommit: this.commitIndex } }, peer);
  }

  private onAppendEntries(d: { term: number; prevIndex: number; prevTerm: number; entries: Entry[]; leaderCommit: number }, from: string, ctx: Context): void {
    if (d.term < this.currentTerm) {
      ctx.send({ type: 'APPEND_REPLY', data: { term: this.currentTerm, success: false, matchIndex: this.lastIndex() } }, from);
      return;
    }
    const newLeader = this.followLeader(from, ctx);
    // Entries up to snapshotIndex are committed, so they agree with the leader's: skip them.
    const skip = Math.max(0, this.snapshotIndex - d.prevIndex);
    const prevIndex = d.prevIndex + skip;
    const entries = d.entries.slice(skip);
    if (prevIndex > this.lastIndex() || (skip === 0 && this.termAt(prevIndex) !== d.prevTerm)) {
      ctx.send({ type: 'APPEND_REPLY', data: { term: this.currentTerm, success: false, matchIndex: Math.min(this.lastIndex(), prevIndex - 1) } }, from);
      return;
    }
    let changed = false;
    entries.forEach((e, i) => {
      const at = prevIndex - this.snapshotIndex + i; // position of entry i in this.log
      if (at < this.log.length && this.log[at]!.term !== e.term) {
        this.log.length = at; // a conflicting entry and everything after it go
      }
      if (at >= this.log.length) {
        this.log.push(e);
        changed = true;
      }
    });
    if (changed) this.persist(ctx, true);
    const match = prevIndex + entries.length;
    if (d.leaderCommit > this.commitIndex) this.commitIndex = Math.max(this.commitIndex, Math.min(d.leaderCommit, match));
    this.apply(ctx);
    ctx.send({ type: 'APPEND_REPLY', data: { term: this.currentTerm, success: true, matchIndex: match } }, from);
    if (newLeader) for (const op of Object.values(this.pending)) this.submit(op, ctx);
  }

  /** A valid AppendEntries or InstallSnapshot: `from` leads this term. True if it is a new leader. */
  private followLeader(from: string, ctx: Context): boolean {
    this.role = 'follower';
    // A new leader gets this node's unanswered requests at once (by the caller); the retry timer covers losses.
    const newLeader = this.leaderId !== from;
    this.leaderId = from;
    this.resetElection(ctx);
    return newLeader;
  }

  /** Follower: the leader's snapshot replaces the log's prefix (and the whole log if it does not match). */
  private onInstallSnapshot(d: { term: number; snapshot: Snapshot }, from: string, ctx: Context): void {
    if (d.term < this.currentTerm) {
      ctx.send({ type: 'APPEND_REPLY', data: { term: this.currentTerm, success: false, matchIndex: this.lastIndex() } }, from);
      return;
    }
    const newLeader = this.followLeader(from, ctx);
    const snap = d.snapshot;
    // A snapshot of what this node has applied already (a late or duplicated one) changes nothing.
    if (snap.index > this.lastApplied) {
      const keep = snap.index < this.lastIndex() && this.termAt(snap.index) === snap.term;
      this.log = keep ? this.log.slice(snap.index - this.snapshotIndex) : [];
      this.loadSnapshot(snap);
      this.saveSnapshot(ctx);
      // Requests of this node's user that the snapshot has applied are answered now: no entry will apply them here.
      for (const [id, op] of Object.entries(this.pending)) {
        if (id in this.results) {
          delete this.pending[id];
          this.answer(op, this.results[id]!, ctx);
        }
      }
    }
    ctx.send({ type: 'APPEND_REPLY', data: { term: this.currentTerm, success: true, matchIndex: snap.index } }, from);
    if (newLeader) for (const op of Object.values(this.pending)) this.submit(op, ctx);
  }

  private snapshot(): Snapshot {
    return { index: this.snapshotIndex, term: this.snapshotTerm, data: this.data, results: this.results };
  }

  /** The snapshot becomes the applied state; `log` must already hold only the entries after it. */
  private loadSnapshot(snap: Snapshot): void {
    this.snapshotIndex = snap.index;
    this.snapshotTerm = snap.term;
    this.data = { ...snap.data };
    this.results = { ...snap.results };
    this.lastApplied = snap.index;
    this.commitIndex = Math.max(this.commitIndex, snap.index);
  }

  /** Snapshot and log together, synced: a crash must not leave a log that does not start where the snapshot ends. */
  private saveSnapshot(ctx: Context): void {
    ctx.storage.put('snapshot', this.snapshot());
    this.persist(ctx, true);
  }

  /** Once the log holds more than maxLog entries after the snapshot, the applied ones become a snapshot. */
  private compact(ctx: Context): void {
    if (this.maxLog === undefined || this.log.length <= this.maxLog || this.lastApplied <= this.snapshotIndex) return;
    const upTo = this.lastApplied;
    this.snapshotTerm = this.termAt(upTo);
    this.log = this.log.slice(upTo - this.snapshotIndex);
    this.snapshotIndex = upTo;
    this.saveSnapshot(ctx);
  }

  private onAppendReply(d: { term: number; success: boolean; matchIndex: number }, from: string, ctx: Context): void {
    if (this.role !== 'leader' || d.term !== this.currentTerm) return;
    if (d.success) {
      this.matchIndex[from] = Math.max(this.matchIndex[from] ?? 0, d.matchIndex);
      this.nextIndex[from] = this.matchIndex[from]! + 1;
      this.advanceCommit(ctx);
      if (this.nextIndex[from]! <= this.lastIndex()) this.replicate(from, ctx);
    } else {
      this.nextIndex[from] = Math.max(1, Math.min((this.nextIndex[from] ?? 1) - 1, d.matchIndex + 1));
      this.replicate(from, ctx);
    }
  }

  /** Leader: commit the highest index of the current term stored on a majority. */
  private advanceCommit(ctx: Context): void {
    for (let n = this.lastIndex(); n > this.commitIndex; n--) {
      if (this.termAt(n) !== this.currentTerm) break;
      const count = 1 + this.peers(ctx).filter((p) => (this.matchIndex[p] ?? 0) >= n).length;
      if (count >= this.majority()) {
        this.commitIndex = n;
        break;
      }
    }
    this.apply(ctx);
  }

  private apply(ctx: Context): void {
    while (this.lastApplied < this.commitIndex) {
      const op = this.log[this.lastApplied - this.snapshotIndex]!.op;
      this.lastApplied += 1;
      if (op === null) continue;
      const id = String(op.id);
      if (!(id in this.results)) {
        const before = this.data[op.key] ?? null;
        if (op.kind === 'PUT') this.data[op.key] = op.value;
        else if (op.kind === 'APPEND') this.data[op.key] = (before ?? '') + op.value;
        this.results[id] = op.kind === 'GET' ? before : null;
      }
      const mine = this.pending[id];
      if (mine !== undefined) {
        delete this.pending[id];
        this.answer(mine, this.results[id]!, ctx);
      }
    }
    this.compact(ctx);
  }

  private answer(op: Op, result: string | null, ctx: Context): void {
    const data = op.kind === 'GET' ? { id: op.id, key: op.key, value: result } : { id: op.id, key: op.key, value: op.value };
    ctx.sendLocal({ type: `${op.kind}_OK`, data });
  }
}
