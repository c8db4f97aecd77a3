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

/**
 * One Raft server of the replicated key-value store. See the assignment's README.md.
 *
 * From its user it receives START, GET, PUT and APPEND; it answers each GET, PUT and APPEND
 * with GET_OK, PUT_OK or APPEND_OK once the request is committed and applied. The network
 * messages between servers are yours (the README suggests REQUEST_VOTE / VOTE /
 * APPEND_ENTRIES / APPEND_REPLY / FORWARD).
 */
export class RaftNode implements Process {
  private readonly nodes: string[];
  // Fields the tests read (README "What the tests look at"): keep their names and meaning.
  role: 'follower' | 'candidate' | 'leader' = 'follower';
  currentTerm = 0;
  votedFor: string | null = null;
  log: Entry[] = [];
  commitIndex = 0;
  // Bonus (README "Log compaction"): index and term of the last entry the snapshot replaces.
  snapshotIndex = 0;
  snapshotTerm = 0;
  /** Bonus: compact once the log holds more than this many entries after the snapshot; undefined: never. */
  private readonly maxLog: number | undefined;

  constructor(nodes: string[], maxLog?: number) {
    this.nodes = [...nodes];
    this.maxLog = maxLog;
  }

  onLocalMessage(msg: Message, ctx: Context): void {
    // TODO: START: load currentTerm, votedFor and log from ctx.storage and arm the election timer.
    // GET / PUT / APPEND: remember the request, hand it to the leader (or forward it), retry.
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    // TODO: RequestVote, votes, AppendEntries, their replies, forwarded requests.
  }

  onTimer(name: string, ctx: Context): void {
    // TODO: election timeout, heartbeats, retries.
  }
}
