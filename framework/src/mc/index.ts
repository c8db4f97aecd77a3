// The model checker: one entry point for the rest of the framework (see README.md beside it).

export { ModelChecker } from './model-checker.js';
export { encodeReplayToken, decodeReplayToken } from './replay-token.js';
export type { FollowResult } from './follow.js';
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
} from './types.js';
