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

// ---- linearizability checker (framework/src/check) ----
export { checkLinearizability } from './check/linearizability.js';
export { kvModel } from './check/kv-model.js';
export { registerModel } from './check/register-model.js';
export { describeOperation } from './check/describe-operation.js';
export type { Operation, Partition, Model, LinEvidence, LinStats, LinResult, LinOptions } from './check/lin-types.js';
export type { KvInput, KvOutput, KvState } from './check/kv-model.js';
export type { RegisterInput, RegisterOutput, RegisterState, RegisterValue } from './check/register-model.js';
// ---- end linearizability checker ----
