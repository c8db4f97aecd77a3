import { describeThrown, StepLimitError, StudentError } from '../errors.js';
import type { SourcePos } from '../outcome.js';
import { StateError } from '../state.js';
import { System } from '../system.js';
import { AssertionFailure } from './assertion-failure.js';
import { Assertions } from './assertions.js';
import { applyChaos, type ChaosReport } from './chaos-network.js';
import { CheckFailure } from './check-failure.js';
import { newFaultCounts, type FaultCounts } from './fault-counts.js';
import { checkInvariants, InvariantViolation, type InvariantChecker } from './invariants.js';
import { LimitExceeded, watchLimits } from './run-limits.js';
import type { Build, ChaosRun, FailedOutcome, FailureKind, RunSeedsSettings, SystemHolder, Workload } from './run-types.js';

/** Why one seed failed, as the runner reports it. */
export interface Failure {
  kind: FailureKind;
  cause: string;
  step: number;
  outcome: FailedOutcome;
}

export interface SeedOutcome {
  failure: Failure | null;
  /** Null when build itself failed. */
  system: System | null;
  faults: FaultCounts;
  wallTimeMs: number;
  /** With swarm chaos, the fault families the seed ran with. */
  swarm: string[] | null;
}

// Host wall time, taken at load time; only the runner's counters use it, never simulated code.
const wallClock = performance.now.bind(performance);

function systemOf(built: unknown): System {
  if (built instanceof System) return built;
  const inner = typeof built === 'object' && built !== null ? (built as { system?: unknown }).system : undefined;
  if (inner instanceof System) return inner;
  throw new Error('runSeeds: build(seed) must return a System or an object with a `system` field holding one');
}

function failed(kind: FailureKind, cause: string, step: number, check: string | null, at: SourcePos | null = null): Failure {
  return { kind, cause, step, outcome: { status: 'failed', check, message: cause, at } };
}

function studentFailure(cause: string, step: number, proc: string | null): Failure {
  return { kind: 'studentError', cause, step, outcome: { status: 'error', source: 'student', message: cause, proc } };
}

/** What a thrown value means for a run at `step`: its kind, its cause and its outcome. */
export function failureOf(e: unknown, step: number): Failure {
  if (e instanceof AssertionFailure) return failed('assertion', e.message, e.step ?? step, e.assertion);
  if (e instanceof InvariantViolation) return failed('invariant', e.message, e.step, e.invariant);
  if (e instanceof CheckFailure) return failed('check', e.message, step, e.check, e.at);
  if (e instanceof LimitExceeded) return { kind: 'limit', cause: e.message, step: e.step, outcome: { status: 'limit', limit: e.limit, value: e.value, message: e.message } };
  if (e instanceof StudentError && e.original instanceof LimitExceeded) {
    // A limit the host enforces inside a handler (the sandbox's per-call wall time): the run's limit, named with where it hit.
    const message = `process "${e.proc}" at step ${e.step}: ${e.original.message}`;
    return { kind: 'limit', cause: message, step: e.step, outcome: { status: 'limit', limit: e.original.limit, value: e.original.value, message } };
  }
  if (e instanceof StudentError) {
    if (e.original instanceof AssertionFailure) return failed('assertion', `${e.original.message} (in process "${e.proc}", ${e.handler})`, e.step, e.original.assertion);
    return studentFailure(e.message, e.step, e.proc);
  }
  // A process state that cannot be copied, or a stack overflow that escaped the handler's own wrapper, is the code under test's.
  if (e instanceof StateError) return studentFailure(e.message, step, null);
  if (e instanceof RangeError) return studentFailure(describeThrown(e), step, null);
  if (e instanceof StepLimitError) return { kind: 'stepLimit', cause: e.message, step, outcome: { status: 'limit', limit: 'maxSteps', value: e.limit, message: e.message } };
  return failed('workload', e instanceof Error ? e.message : describeThrown(e), step, null);
}

/** Builds, applies chaos, limits and invariants, and drives one seed; never throws for a failing run. */
export function runOneSeed<T extends SystemHolder>(seed: number, build: Build<T>, workload: Workload<T>, settings: RunSeedsSettings, assertions: Assertions, trace: boolean): SeedOutcome {
  const started = wallClock();
  let chaos: ChaosReport | null = null;
  let checker: InvariantChecker | null = null;
  let thrown: Failure | null = null;
  let raw: unknown = null;
  let failure: Failure | null = null;
  let built: T;
  let sys: System;
  try {
    built = build(seed, { trace });
    sys = systemOf(built);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('runSeeds:')) throw e;
    return { failure: failureOf(e, 0), system: null, faults: newFaultCounts(), wallTimeMs: wallClock() - started, swarm: null };
  }
  // Configuration mistakes (e.g. chaos.nodes naming an unknown node) are the caller's, not the seed's: they throw.
  if (settings.chaos !== undefined) chaos = applyChaos(sys, settings.chaos);
  if (settings.limits !== undefined) watchLimits(sys, settings.limits);
  if (settings.invariants !== undefined) checker = checkInvariants(sys, settings.invariants, { every: settings.invariantEvery ?? 1 });
  Assertions.bind(assertions, seed, sys);
  try {
    const run: ChaosRun = {
      seed,
      system: sys,
      always: (cond, name, details) => assertions.always(cond, name, details),
      sometimes: (cond, name) => assertions.sometimes(cond, name),
      chaos,
    };
    workload(built, run);
    if (checker !== null && checker.sparse) checker.checkNow();
  } catch (e) {
    thrown = failureOf(e, sys.stepCount());
    raw = e instanceof StudentError ? e.original : e;
  }
  // A failure the code under test caught still fails the run; the earliest one is reported.
  const swallowed = Assertions.unbind(assertions);
  const violation = checker?.violation() ?? null;
  // The thrown one first: when it is the recorded one, it knows more (the process and handler).
  const candidates = [swallowed, violation].filter((x) => x !== null && x !== raw).map((x) => failureOf(x, sys.stepCount()));
  if (thrown !== null) candidates.unshift(thrown);
  for (const c of candidates) if (failure === null || c.step < failure.step) failure = c;
  // Invariants and assertions note themselves in the trace; every other failure is noted here, so a trace ends with why it failed.
  if (failure !== null && failure.kind !== 'invariant' && failure.kind !== 'assertion') sys.note('check', failure.cause);
  return { failure, system: sys, faults: chaos === null ? newFaultCounts() : chaos.faults(), wallTimeMs: wallClock() - started, swarm: chaos?.swarm ?? null };
}
