import type { Message } from '../process.js';
import type { PendingEvent, SimStats } from '../system.js';
import type { Trace } from '../trace.js';
import type { SystemView } from '../view.js';

/** What a predicate answers: true (holds / applies), false, or a string — a failure message saying what was observed. */
export type PredicateResult = boolean | string;

export type PredicateFn = (state: StateView) => PredicateResult;

/** A predicate with a name, so that "invariant NAME violated" says which one. */
export interface NamedPredicate {
  name: string;
  test: PredicateFn;
  /** Why a goal does not hold on a state, in the check's words; used to explain a goal never reached. */
  explain?: (state: StateView) => string | null;
}

export type Predicate = PredicateFn | NamedPredicate;

/** A pending network message as the checker sees it (delays are ignored). */
export interface PendingMessage {
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly data: unknown;
}

export interface PendingTimer {
  readonly name: string;
  /** The delay it was armed with. */
  readonly delay: number;
  /** Deadline on the process's logical clock (see `StateView.clock`). */
  readonly deadline: number;
}

/**
 * A read-only view of one checker state; it is a SystemView, so an assignment's named checks
 * run on it unchanged. Do not mutate what it returns: process instances and messages are
 * shared between states. The view handed to predicates is valid only during the call; keep
 * a state for later with `collect`.
 */
export interface StateView extends SystemView {
  /** Transitions since the start of the current search stage. */
  readonly depth: number;
  /** The process instance itself (its fields are its state); null while its node is crashed. */
  process<T = unknown>(id: string): Readonly<T> | null;
  /**
   * Distinct pending messages (kind 'deliver', with `count` > 1 when identical copies are in
   * flight), then each live process's armed timers (kind 'timer'). Times are 0: delays are not modelled.
   */
  pending(): readonly (PendingEvent & { readonly count: number })[];
  /** Armed timers of a process, in arming order. */
  timers(id: string): readonly PendingTimer[];
  /** The process's logical clock: the latest deadline among the timers it fired (network delay is not modelled). */
  clock(id: string): number;
  /**
   * Counters of the path that reached this state, not part of its identity: per process,
   * messages sent and delivered to it (`byProcess`) and timers fired (`timerFires`); network
   * drops and duplications in `total`; `steps` is the depth. A state reached by several paths keeps the
   * counters of the first. Prune on them to bound a search ("no process sends more than 4").
   */
  stats(): SimStats;
  isCrashed(node: string): boolean;
}

/**
 * One step of a replay token: a choice among the enabled actions, the prepare action of a
 * stage, or a crash / recover of a node (by its index in the system's node order) that a
 * person chose in the explorer. The search itself never crashes nodes outside a stage.
 */
export type PathStep =
  | { readonly choice: number; readonly label: string }
  | { readonly prepare: number; readonly label: string }
  | { readonly crash: number; readonly label: string }
  | { readonly recover: number; readonly label: string };

/** A state kept by `collect`, from which `runStage` can start. */
export interface CollectedState {
  readonly view: StateView;
  readonly depth: number;
  /** The replay token of this state from the checker's initial state. */
  path(): PathStep[];
}

export interface Counterexample {
  /** The full trace: the system's trace up to the checker's start, then every checked step. */
  trace: Trace;
  /** The path as steps: pass it to `ModelChecker.replay`. */
  path: PathStep[];
  /** The same path as one string (`dsgrade replay --path TOKEN`): pass it to `ModelChecker.replayToken`. */
  token: string;
  /** Steps from the checker's initial state (after shrinking). */
  length: number;
  /** Steps before shrinking (equal to `length` under BFS, which finds a shortest one). */
  rawLength: number;
}

export interface SearchStats {
  /** Successor states generated (including already visited ones). */
  explored: number;
  /** Distinct states visited. */
  unique: number;
  maxDepth: number;
  /** Transitions per second (revisits of known states included). */
  exploredPerSec: number;
  /** New distinct states per second. */
  uniquePerSec: number;
  elapsedMs: number;
  /** Memory of the visited-state table divided by unique states. */
  bytesPerState: number;
  goalsReached: number;
  pruned: number;
  collected: number;
}

export type LimitName = 'depth' | 'states' | 'time' | 'walks';

interface Base {
  stats: SearchStats;
  collected: CollectedState[];
}

export type SearchResult =
  | (Base & { status: 'exhausted' })
  | (Base & { status: 'goalReached'; goal: string; counterexample: Counterexample })
  | (Base & { status: 'invariantViolated'; predicate: string; kind: 'invariant' | 'goal' | 'prune' | 'collect'; message: string; counterexample: Counterexample })
  | (Base & { status: 'goalUnreachable'; message: string; counterexample: Counterexample | null })
  | (Base & { status: 'limitReached'; limit: LimitName; value: number })
  | (Base & { status: 'studentError'; proc: string; handler: string; error: Error; message: string; counterexample: Counterexample });

export interface Progress {
  states: number;
  unique: number;
  depth: number;
  /** Transitions per second so far (revisits included). */
  exploredPerSec: number;
}

export interface ModelCheckerOptions {
  strategy?: 'bfs' | 'dfs' | 'random';
  /** Random walks to run (strategy 'random'); default 1000. */
  walks?: number;
  /** Seeds the random walks and ctx.random(); default 0. */
  seed?: number;
  /** Deepest state expanded; default unbounded for bfs, 1000 for dfs and random. */
  maxDepth?: number;
  /** Most distinct states visited; default 1,000,000. */
  maxStates?: number;
  /** Wall-clock limit of the search in milliseconds; default none. */
  timeLimitMs?: number;
  invariant?: Predicate | Predicate[];
  goal?: Predicate | Predicate[];
  prune?: Predicate | Predicate[];
  collect?: Predicate | Predicate[];
  /** End the search at the first goal state with `goalReached` (default false: a goal only ends its branch). */
  stopAtGoal?: boolean;
  /** How many times the network may duplicate one sent message, when dupRate > 0 (default 2). */
  maxDuplicates?: number;
  /** While any message can be delivered, do not fire timers (a fast network; default false). */
  messagesFirst?: boolean;
  /**
   * Sets of interchangeable processes (e.g. [['p1', 'p2', 'p3']]): states that differ only by a
   * permutation of ids within a set count once (see README.md, "Symmetry"). Default none.
   */
  symmetric?: string[][];
  /** Shrink counterexamples of dfs / random (default true). */
  shrink?: boolean;
  progress?: (p: Progress) => void;
  /** Calls progress at most once per this many states (default 10,000). */
  progressEvery?: number;
}

/** What a stage's prepare action may do to each collected state before the stage searches from it. */
export interface StagePreparer {
  readonly view: StateView;
  crashNode(node: string): void;
  recoverNode(node: string): void;
  sendLocalMessage(proc: string, msg: Message): void;
}

export interface ReplayResult {
  trace: Trace;
  view: StateView;
}
