// The one export list of @dsgrade/framework. Anything not named here is internal.

export type { Context, Message, Process, ProcessFactory } from './process.js';
export type { Trace, TraceEvent, TraceKind } from './trace.js';
export type { NetworkConfig } from './network.js';
export type { MessageCounters } from './node.js';
export type { SystemOptions, SystemSnapshot, PendingEvent, SimStats, BuggifyHook, StepHook, DelayHook } from './system.js';
export type { ProcessSnapshot, StateOwner } from './state.js';

export { System } from './system.js';
export { Rng, MAX_SEED } from './rng.js';
export { StudentError, StepLimitError, describeThrown } from './errors.js';
export { StateError, Hasher, snapshotFields, restoreFields, hashFields, hashValue } from './state.js';
export { DEFAULT_NETWORK } from './network.js';
export { copyJson, cloneJson } from './json.js';
export type { SystemView, Check, CheckOutcome } from './view.js';

// ---- chaos testing (framework/src/chaos.ts) ----
export type {
  BuggifyOptions, BuggifySite, BuggifyReport, AssertionCoverage, SometimesCoverage, AlwaysCoverage,
  Invariant, InvariantOptions, InvariantChecker, ChaosConfig, FaultSchedule, AttritionSchedule, DelayChaos, Range,
  ChaosReport, FaultCounts, SystemHolder, BuildOptions, ChaosRun, Build, Workload, SeedsMode, RunSeedsSettings,
  RunSeedsOptions, FailureKind, SeedFailure, FirstFailure, RunTotals, RunSeedsResult,
} from './chaos.js';
export {
  enableBuggify, isSiteActive, AssertionFailure, Assertions, always, sometimes, InvariantViolation, checkInvariants, applyChaos, runSeeds,
} from './chaos.js';
// ---- end chaos testing ----

// ---- model checker (framework/src/mc) ----
export { ModelChecker } from './mc/modelChecker.js';
export { encodeReplayToken, decodeReplayToken } from './mc/replay-token.js';
export type {
  ModelCheckerOptions,
  SearchResult,
  SearchStats,
  LimitName,
  Counterexample,
  PathStep,
  CollectedState,
  StateView,
  StagePreparer,
  ReplayResult,
  Progress as SearchProgress,
  Predicate,
  PredicateFn,
  PredicateResult,
  NamedPredicate,
  PendingMessage,
  PendingTimer,
} from './mc/types.js';
// ---- end model checker ----

// ---- run loop, outcomes and the simulation view (engine-grader: sim-view.ts, outcome.ts, chaos/run-*.ts) ----
export { simView } from './sim-view.js';
export type { Outcome, OutcomeStatus, ErrorSource, SourcePos, SearchOutcomeOptions } from './outcome.js';
export { OUTCOME_STATUSES, ERROR_SOURCES, searchOutcome } from './outcome.js';
export type { RunLimits, RunLimitName } from './chaos/run-limits.js';
export type { SeedRun, FailedOutcome } from './chaos/run-types.js';
export type { Failure as RunFailure } from './chaos/run-one-seed.js';
export { LimitExceeded, watchLimits } from './chaos/run-limits.js';
export { CheckFailure } from './chaos/check-failure.js';
export { failureOf } from './chaos/run-one-seed.js';
// ---- end run loop, outcomes and the simulation view ----
