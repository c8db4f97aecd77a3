// Chaos testing: buggify, always / sometimes assertions, invariants, chaos network, multi-seed runs.
// The pieces live in ./chaos/, one idea per file; this is their one entry point.

export type { BuggifyOptions, BuggifySite, BuggifyReport } from './chaos/buggify.js';
export type { AssertionCoverage, SometimesCoverage, AlwaysCoverage } from './chaos/assertions.js';
export type { Invariant, InvariantOptions, InvariantChecker } from './chaos/invariants.js';
export type { ChaosConfig, FaultSchedule, AttritionSchedule, DelayChaos, Range } from './chaos/chaos-config.js';
export type { ChaosReport } from './chaos/chaos-network.js';
export type { FaultCounts } from './chaos/fault-counts.js';
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
} from './chaos/run-types.js';

export { enableBuggify, isSiteActive } from './chaos/buggify.js';
export { AssertionFailure } from './chaos/assertion-failure.js';
export { Assertions } from './chaos/assertions.js';
export { always, sometimes } from './chaos/global-assertions.js';
export { InvariantViolation, checkInvariants } from './chaos/invariants.js';
export { applyChaos } from './chaos/chaos-network.js';
export { runSeeds } from './chaos/run-seeds.js';
