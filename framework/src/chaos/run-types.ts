import type { System } from '../system.js';
import type { Trace } from '../trace.js';
import type { AssertionCoverage, Assertions } from './assertions.js';
import type { ChaosConfig } from './chaos-config.js';
import type { ChaosReport } from './chaos-network.js';
import type { FaultCounts } from './fault-counts.js';
import type { Invariant } from './invariants.js';

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
  /** Check invariants every N steps (default 1). */
  invariantEvery?: number;
  /** Pass one to declare `sometimes` assertions up front; otherwise a fresh one is used. */
  assertions?: Assertions;
  onProgress?: (done: number, total: number, failures: number) => void;
  /** Text telling how to replay a seed (the grader passes its CLI command). */
  replayCommand?: (seed: number) => string;
  /** Run without a trace and rerun only a failing seed with it (faster for many seeds). */
  traceFailuresOnly?: boolean;
}

export type RunSeedsOptions = SeedsMode & RunSeedsSettings;

export type FailureKind = 'assertion' | 'invariant' | 'studentError' | 'stepLimit' | 'workload';

export interface SeedFailure {
  seed: number;
  kind: FailureKind;
  /** What went wrong, ending with the seed and the replay instruction. */
  message: string;
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
}

export interface RunTotals {
  runs: number;
  /** Steps over all runs. */
  events: number;
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
}

export type RunSeedsResult =
  | (ResultBase & { kind: 'passed' })
  /** No seed failed but some `sometimes` was never true (or never executed). */
  | (ResultBase & { kind: 'sometimesMissed'; missed: string[] })
  | (ResultBase & { kind: 'failed'; failures: SeedFailure[]; first: FirstFailure });
