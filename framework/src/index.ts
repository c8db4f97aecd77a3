// The one export list of @dsgrade/framework: what students (process API), assignments' checks.ts
// (views, checks, assertions) and the grader (System, runners, the model checker) use. Anything
// not named here is internal; tests may import internals by path.

export type { Context, Message, Process, ProcessFactory } from './process.js';
export type { Trace, TraceEvent, TraceKind } from './trace.js';
export type { NetworkConfig } from './network.js';
export type { MessageCounters } from './node.js';
export type { SystemOptions, SystemSnapshot, PendingEvent, SimStats, BuggifyHook, StepHook, DelayHook } from './system.js';
export type { ProcessSnapshot, StateOwner } from './state.js';

export { System } from './system.js';
export { Rng, MAX_SEED } from './rng.js';
export { StudentError, StepLimitError, describeThrown } from './errors.js';
export { StateError, snapshotFields, restoreFields, hashFields } from './state.js';
export { DEFAULT_NETWORK } from './network.js';
export type { SystemView, Check, CheckOutcome } from './view.js';

// ---- chaos testing (framework/src/chaos.ts) ----
export type {
  BuggifyOptions, BuggifySite, BuggifyReport, AssertionCoverage, SometimesCoverage, AlwaysCoverage,
  Invariant, InvariantOptions, InvariantChecker, ChaosConfig, FaultSchedule, AttritionSchedule, DelayChaos, Range,
  ChaosReport, FaultCounts, SystemHolder, BuildOptions, ChaosRun, Build, Workload, SeedsMode, RunSeedsSettings,
  RunSeedsOptions, FailureKind, SeedFailure, FirstFailure, RunTotals, RunSeedsResult,
} from './chaos/index.js';
export {
  enableBuggify, isSiteActive, AssertionFailure, Assertions, always, sometimes, InvariantViolation, checkInvariants, applyChaos, runSeeds,
} from './chaos/index.js';
// ---- end chaos testing ----

// ---- model checker (framework/src/mc; its index.ts is the curated list) ----
export * from './mc/index.js';
// ---- end model checker ----

// ---- run loop, outcomes and the simulation view (engine-grader: sim-view.ts, outcome.ts, chaos/run-*.ts) ----
export { simView } from './sim-view.js';
export type { Outcome, OutcomeStatus, ErrorSource, SourcePos, SearchOutcomeOptions } from './outcome.js';
export { OUTCOME_STATUSES, ERROR_SOURCES, searchOutcome } from './outcome.js';
export type { RunLimits, RunLimitName, SeedRun, FailedOutcome, RunFailure } from './chaos/index.js';
export { LimitExceeded, watchLimits, CheckFailure, failureOf } from './chaos/index.js';
// ---- end run loop, outcomes and the simulation view ----
// ---- linearizability checker (framework/src/check; its index.ts is the curated list) ----
export * from './check/index.js';
// ---- end linearizability checker ----
// ---- interactive explorer (framework/src/explore; its index.ts is the curated list) ----
export * from './explore/index.js';
// ---- end interactive explorer ----
