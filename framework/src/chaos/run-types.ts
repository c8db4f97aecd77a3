import type { System } from '../system.js';
import type { Trace } from '../trace.js';
import type { AssertionCoverage, Assertions } from './assertions.js';
import type { ChaosConfig } from './chaos-config.js';
import type { ChaosReport } from './chaos-network.js';
import type { FaultCounts } from './fault-counts.js';
import type { Invariant } from './invariants.js';
import type { Outcome } from '../outcome.js';
import type { RunLimits } from './run-limits.js';

/** What `build` returns: the System itself, or anything holding it as `.system`. */
export type SystemHolder = System | { readonly system: System };

export interface BuildOptions {
  /** Whether the run records its trace; pass it on as `new System({ seed, trace })`. */
  trace: boolean;
}

/** The run in progress, handed to the workload. */
export interface ChaosRun {
  readonly seed: number;
  readonly system: System;
  /** Fails the run at once when `cond` is false. */
  always(cond: boolean, name: string, details?: unknown): void;
  /** Records whether `cond` held, for coverage over all seeds. */
  sometimes(cond: boolean, name: string): void;
  /** The faults injected so far; null without a chaos config. */
  readonly chaos: ChaosReport | null;
}

export type Build<T extends SystemHolder> = (seed: number, options: BuildOptions) => T;
/** Drives one run; throwing (or a false check) fails the seed. */
export type Workload<T extends SystemHolder> = (built: T, run: ChaosRun) => void;

/** How many seeds: N seeds, seeds until every `sometimes` was true (at most N), or one seed (replay). */
export type SeedsMode = { seeds: number } | { untilAllSometimesReached: number } | { seed: number };

export interface RunSeedsSettings {
  /** First seed of `seeds` / `untilAllSometimesReached` (default 0); seeds are consecutive. */
  firstSeed?: number;
  /** Keep running after a failing seed (default false: stop at the first). */
  continueOnFailure?: boolean;
  chaos?: ChaosConfig;
  invariants?: readonly Invariant[];
  /** Check invariants every N steps (default 1); an invariant's own `every` overrides it. */
  invariantEvery?: number;
  /** Per-run bounds (steps, simulated time, messages): a run past one fails with a `limit` outcome. */
  limits?: RunLimits;
  /** Pass one to declare `sometimes` assertions up front; otherwise a fresh one is used. */
  assertions?: Assertions;
  onProgress?: (done: number, total: number, failures: number) => void;
  /** Text telling how to replay a seed (the grader passes its CLI command). */
  replayCommand?: (seed: number) => string;
  /** Run without a trace and rerun only a failing seed with it (faster for many seeds). */
  traceFailuresOnly?: boolean;
  /** Called just before the traced rerun of the first failing seed (e.g. to mark where its console output starts). */
  onRerun?: (seed: number) => void;
}

export type RunSeedsOptions = SeedsMode & RunSeedsSettings;

/** Why a seed failed: an `always`, an invariant, a CheckFailure the workload threw, a limit, the code under test, or anything else the workload threw. */
export type FailureKind = 'assertion' | 'invariant' | 'check' | 'limit' | 'studentError' | 'stepLimit' | 'workload';

/** An outcome that is not a pass. */
export type FailedOutcome = Exclude<Outcome, { status: 'passed' }>;

export interface SeedFailure {
  seed: number;
  kind: FailureKind;
  /** What went wrong, ending with the seed and the replay instruction. */
  message: string;
  /** What went wrong, alone (the message without seed and replay). */
  cause: string;
  /** The failure as data: failed (with the check's name and position), limit, or a student error. */
  outcome: FailedOutcome;
  /** The step at which it failed. */
  step: number;
  /** The replay instruction alone. */
  replay: string;
  /** With swarm chaos, the fault families this seed ran with (the seed alone replays them); null otherwise. */
  swarm: string[] | null;
}

export interface FirstFailure extends SeedFailure {
  trace: Trace;
  /** With traceFailuresOnly: whether rerunning the seed with a trace failed the same way. */
  reproduced: boolean;
  /** The failing run's counters (of its first run), with the trace above. */
  run: SeedRun;
}

/** One seed's run: its counters, and its trace when it was traced. */
export interface SeedRun {
  seed: number;
  steps: number;
  /** Network messages sent. */
  messages: number;
  simulatedTime: number;
  wallTimeMs: number;
  trace: Trace | null;
}

export interface RunTotals {
  runs: number;
  /** Steps over all runs. */
  events: number;
  /** Network messages sent over all runs. */
  messages: number;
  /** Simulated seconds over all runs. */
  simulatedTime: number;
  /** Host wall time of the whole call, milliseconds. */
  wallTimeMs: number;
  faults: FaultCounts;
}

interface ResultBase {
  totals: RunTotals;
  coverage: AssertionCoverage;
  /** The seeds run, in order. */
  seeds: number[];
  /** The last seed run (its trace when runs are traced, i.e. without traceFailuresOnly). */
  last: SeedRun;
  /** How it ended as an outcome: the first failure's, or a failure naming the `sometimes` never reached. */
  outcome: Outcome;
}

export type RunSeedsResult =
  | (ResultBase & { kind: 'passed' })
  /** No seed failed but some `sometimes` was never true (or never executed). */
  | (ResultBase & { kind: 'sometimesMissed'; missed: string[] })
  | (ResultBase & { kind: 'failed'; failures: SeedFailure[]; first: FirstFailure });
