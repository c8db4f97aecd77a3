import { describeThrown, StepLimitError, StudentError } from '../errors.js';
import { System } from '../system.js';
import { AssertionFailure } from './assertion-failure.js';
import { Assertions } from './assertions.js';
import { applyChaos, type ChaosReport } from './chaos-network.js';
import { newFaultCounts, type FaultCounts } from './fault-counts.js';
import { checkInvariants, InvariantViolation, type InvariantChecker } from './invariants.js';
import type { Build, ChaosRun, FailureKind, RunSeedsSettings, SystemHolder, Workload } from './run-types.js';

export interface SeedOutcome {
  failure: { kind: FailureKind; cause: string; step: number } | null;
  /** Null when build itself failed. */
  system: System | null;
  faults: FaultCounts;
  /** With swarm chaos, the fault families the seed ran with. */
  swarm: string[] | null;
}

function systemOf(built: unknown): System {
  if (built instanceof System) return built;
  const inner = typeof built === 'object' && built !== null ? (built as { system?: unknown }).system : undefined;
  if (inner instanceof System) return inner;
  throw new Error('runSeeds: build(seed) must return a System or an object with a `system` field holding one');
}

function classify(e: unknown, step: number): { kind: FailureKind; cause: string; step: number } {
  if (e instanceof AssertionFailure) return { kind: 'assertion', cause: e.message, step: e.step ?? step };
  if (e instanceof InvariantViolation) return { kind: 'invariant', cause: e.message, step: e.step };
  if (e instanceof StudentError) {
    if (e.original instanceof AssertionFailure) return { kind: 'assertion', cause: `${e.original.message} (in process "${e.proc}", ${e.handler})`, step: e.step };
    return { kind: 'studentError', cause: e.message, step: e.step };
  }
  if (e instanceof StepLimitError) return { kind: 'stepLimit', cause: e.message, step };
  const text = e instanceof Error ? e.message : describeThrown(e);
  return { kind: 'workload', cause: text, step };
}

/** Builds, applies chaos and invariants, and drives one seed; never throws for a failing run. */
export function runOneSeed<T extends SystemHolder>(seed: number, build: Build<T>, workload: Workload<T>, settings: RunSeedsSettings, assertions: Assertions, trace: boolean): SeedOutcome {
  let system: System | null = null;
  let chaos: ChaosReport | null = null;
  let checker: InvariantChecker | null = null;
  let thrown: { kind: FailureKind; cause: string; step: number } | null = null;
  let raw: unknown = null;
  let failure: { kind: FailureKind; cause: string; step: number } | null = null;
  let built: T;
  try {
    built = build(seed, { trace });
    system = systemOf(built);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('runSeeds:')) throw e;
    return { failure: classify(e, 0), system: null, faults: newFaultCounts(), swarm: null };
  }
  const sys = system;
  // Configuration mistakes (e.g. chaos.nodes naming an unknown node) are the caller's, not the seed's: they throw.
  if (settings.chaos !== undefined) chaos = applyChaos(sys, settings.chaos);
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
    if (checker !== null && (settings.invariantEvery ?? 1) > 1) checker.checkNow();
  } catch (e) {
    thrown = classify(e, sys.stepCount());
    raw = e instanceof StudentError ? e.original : e;
  }
  // A failure the code under test caught still fails the run; the earliest one is reported.
  const swallowed = Assertions.unbind(assertions);
  const violation = checker?.violation() ?? null;
  // The thrown one first: when it is the recorded one, it knows more (the process and handler).
  const candidates = [swallowed, violation].filter((x) => x !== null && x !== raw).map((x) => classify(x, sys.stepCount()));
  if (thrown !== null) candidates.unshift(thrown);
  for (const c of candidates) if (failure === null || c.step < failure.step) failure = c;
  return { failure, system: sys, faults: chaos === null ? newFaultCounts() : chaos.faults(), swarm: chaos?.swarm ?? null };
}
