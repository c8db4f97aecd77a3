import { AssertionFailure, Assertions, simView, type Outcome, type System } from '@dsgrade/framework';
import { applyScenarioChaos } from './chaos.js';
import type { SimScenario } from '../scenario/types.js';
import { buildSystem } from './build.js';
import { runCheck } from './checks.js';
import { classifyThrown } from './classify.js';
import type { RunEnv } from './env.js';
import { watchLimits } from './limits.js';
import type { SeedRun } from './result.js';
import { applyStep } from './steps.js';

/** Raised by an invariant step hook; carries the check's name. */
class InvariantBroken extends Error {
  constructor(
    readonly check: string,
    message: string,
  ) {
    super(message);
  }
}

function watchInvariants(sys: System, scenario: SimScenario, env: RunEnv): void {
  if (scenario.invariants.length === 0) return;
  const view = simView(sys);
  sys.addStepHook((s) => {
    const step = s.stepCount();
    for (const inv of scenario.invariants) {
      if (step % inv.every !== 0) continue;
      const why = runCheck(env.checks, inv.check, view);
      if (why !== null) throw new InvariantBroken(inv.check.check, `invariant ${inv.check.check} violated at step ${step}: ${why}`);
    }
  });
}

/**
 * Runs one seed of a sim scenario, start to finish. `always` / `sometimes` called by checks
 * during the run report to `assertions`, which accumulates coverage over all seeds of a test.
 */
export function runSimSeed(scenario: SimScenario, seed: number, env: RunEnv, opts: { trace: boolean; assertions: Assertions }): SeedRun {
  const started = performance.now();
  let sys: System | null = null;
  let outcome: Outcome = { status: 'passed' };
  try {
    sys = buildSystem(scenario, seed, env, { trace: opts.trace, recordStates: opts.trace });
    applyScenarioChaos(sys, scenario.network.chaos, scenario.network);
    Assertions.bind(opts.assertions, seed, sys);
    watchLimits(sys, scenario.limits);
    watchInvariants(sys, scenario, env);
    for (const step of scenario.steps) {
      const failure = applyStep(sys, step, env.checks);
      if (failure !== null) {
        outcome = { status: 'failed', check: failure.check, message: failure.message, at: step.at };
        break;
      }
    }
  } catch (e) {
    if (e instanceof InvariantBroken) outcome = { status: 'failed', check: e.check, message: e.message, at: null };
    else if (e instanceof AssertionFailure) outcome = { status: 'failed', check: e.assertion, message: e.message, at: null };
    else outcome = classifyThrown(e);
  } finally {
    const caught = Assertions.unbind(opts.assertions);
    // An `always` that failed inside student code that swallowed the throw still fails the run.
    if (caught !== null && outcome.status === 'passed') outcome = { status: 'failed', check: caught.assertion, message: caught.message, at: null };
  }
  if (sys !== null && outcome.status !== 'passed') sys.note('check', outcome.message);
  return {
    seed,
    outcome,
    counters: {
      messages: sys?.messagesSent() ?? 0,
      steps: sys?.stepCount() ?? 0,
      simTime: sys?.time() ?? 0,
      wallMs: performance.now() - started,
    },
    trace: opts.trace && sys !== null ? sys.trace() : null,
    failStep: outcome.status === 'passed' || sys === null ? null : sys.stepCount(),
  };
}
