// Chaos testing: buggify, always / sometimes assertions, invariants, chaos network, multi-seed runs.
// The pieces live in ./chaos/, one idea per file; this is their one entry point.

export type { BuggifyOptions, BuggifySite, BuggifyReport } from './buggify.js';
export type { AssertionCoverage, SometimesCoverage, AlwaysCoverage } from './assertions.js';
export type { Invariant, InvariantOptions, InvariantChecker } from './invariants.js';
export type { ChaosConfig, FaultSchedule, AttritionSchedule, DelayChaos, Range } from './chaos-config.js';
export type { ChaosReport } from './chaos-network.js';
export type { FaultCounts } from './fault-counts.js';
export type {
  SystemHolder,
  BuildOptions,
  ChaosRun,
  Build,
  Workload,
  SeedsMode,
  RunSeedsSettings,
  RunSeedsOptions,
  FailureKind,
  SeedFailure,
  FirstFailure,
  RunTotals,
  RunSeedsResult,
} from './run-types.js';

export { enableBuggify, isSiteActive } from './buggify.js';
export { AssertionFailure } from './assertion-failure.js';
export { Assertions } from './assertions.js';
export { always, sometimes } from './global-assertions.js';
export { InvariantViolation, checkInvariants } from './invariants.js';
export { applyChaos } from './chaos-network.js';
export { runSeeds } from './run-seeds.js';

// The run loop's limits, failures and per-run data (what the grader's runner builds on).
export type { RunLimits, RunLimitName } from './run-limits.js';
export type { SeedRun, FailedOutcome } from './run-types.js';
export type { Failure as RunFailure } from './run-one-seed.js';
export { LimitExceeded, watchLimits } from './run-limits.js';
export { CheckFailure } from './check-failure.js';
export { failureOf } from './run-one-seed.js';
