import { Explorer, ModelChecker, type ExplorerView, type NamedPredicate, type System, type Trace } from '@dsgrade/framework';
import { buildSystem, procsOf } from '../run/build.js';
import { runCheck, type CheckTable } from '../run/checks.js';
import type { RunEnv } from '../sandbox/index.js';
import { applyStep } from '../run/steps.js';
import type { CheckRef, McScenario, Scenario, SimScenario } from '../scenario/index.js';

/** What every explorer answer carries: the explorer's view, the trace so far and where processes run. */
export interface SessionAnswer {
  view: ExplorerView;
  trace: Trace;
  procs: { id: string; node: string }[];
  /** What the last operation did, in one line (e.g. how far a seed's run could be followed). */
  note: string | null;
}

function invariant(checks: CheckTable, ref: CheckRef): NamedPredicate {
  return { name: ref.check, test: (view) => runCheck(checks, ref, view) ?? true };
}

function invariantsOf(s: Scenario, checks: CheckTable): NamedPredicate[] {
  const list = s.invariants.map((i) => invariant(checks, i.check));
  if (s.kind === 'mc' && s.search.invariant !== null) list.push(invariant(checks, s.search.invariant));
  return list;
}

/** The state an mc test searches from: setup on a reliable network, then the scenario's losses (as the grader's mc runner does). */
export function mcStart(s: McScenario, env: RunEnv): System {
  const reliable = { ...s, network: { ...s.network, drop: 0, duplicate: 0, corrupt: 0 } };
  const sys = buildSystem(reliable, s.seed, env, { trace: true, recordStates: false });
  for (const step of s.setup) {
    const failure = applyStep(sys, step, env.checks);
    if (failure !== null) throw new Error(`${step.at.file}:${step.at.line}: setup step failed: ${failure.message}`);
  }
  sys.setNetwork({ dropRate: s.network.drop, dupRate: s.network.duplicate, corruptRate: s.network.corrupt });
  return sys;
}

const RUNS = new Set(['runUntilQuiet', 'runUntilLocal', 'runFor']);

/**
 * One person's exploration of one test, alive in the sandbox child across jobs. An mc test
 * starts where its search starts; a sim test starts after its steps up to the first one that
 * runs the simulation, and `--seed N` follows that seed's run from there.
 */
export class ExploreSession {
  private explorer: Explorer;
  private note: string | null = null;

  constructor(
    private readonly scenario: Scenario,
    private readonly env: RunEnv,
  ) {
    this.explorer = this.fresh(scenario.seed).explorer;
  }

  private fresh(seed: number): { explorer: Explorer; sys: System; rest: SimScenario['steps'] } {
    const s = this.scenario;
    const invariants = invariantsOf(s, this.env.checks);
    if (s.kind === 'mc') {
      const sys = mcStart(s, this.env);
      return { explorer: new Explorer(sys, { seed: s.seed, invariants }), sys, rest: [] };
    }
    const sys = buildSystem(s, seed, this.env, { trace: true, recordStates: false });
    let i = 0;
    for (; i < s.steps.length && !RUNS.has(s.steps[i]!.kind); i++) applyStep(sys, s.steps[i]!, this.env.checks);
    return { explorer: new Explorer(sys, { seed, invariants }), sys, rest: s.steps.slice(i) };
  }

  answer(): SessionAnswer {
    const a = { view: this.explorer.view(), trace: this.explorer.trace(), procs: procsOf(this.scenario), note: this.note };
    this.note = null;
    return a;
  }

  apply(choice: number): void {
    this.explorer.apply(choice);
  }

  back(): void {
    this.explorer.back();
  }

  forward(): void {
    this.explorer.forward();
  }

  goTo(id: number): void {
    this.explorer.goTo(id);
  }

  runToQuiet(seed: number): void {
    const r = this.explorer.runToQuiet({ seed, maxSteps: 500 });
    this.note = `ran ${r.steps} step(s) with seed ${seed}: ${r.stopped === 'quiet' ? 'nothing left enabled' : r.stopped === 'maxSteps' ? 'stopped after 500 steps' : r.stopped === 'violated' ? 'an invariant is violated' : 'a handler threw'}`;
  }

  loadToken(token: string): void {
    this.explorer.loadToken(token);
    this.note = `loaded path ${token}`;
  }

  /** Searches as the mc test does (its invariants; bfs up to its depth) and loads the counterexample, if any. */
  loadCounterexample(): void {
    const s = this.scenario;
    if (s.kind !== 'mc') throw new Error('loadCounterexample: only a model-checking test has counterexamples; load a failed seed of a sim test instead');
    const mc = new ModelChecker(mcStart(s, this.env), {
      seed: s.seed,
      strategy: s.search.strategy,
      maxDepth: s.search.maxDepth,
      maxStates: s.search.maxStates,
      timeLimitMs: Math.min(s.search.timeLimit, s.limits.wallTime * 0.5) * 1000,
      invariant: invariantsOf(s, this.env.checks),
      ...(s.search.walks !== null ? { walks: s.search.walks } : {}),
    });
    const r = mc.run();
    if (r.status !== 'invariantViolated' && r.status !== 'studentError') {
      this.note = `the search found no counterexample (${r.status})`;
      return;
    }
    this.explorer.loadToken(r.counterexample.token);
    this.note = `loaded the counterexample ${r.counterexample.token}: ${r.message}`;
  }

  /** Starts over with seed `seed`'s simulated run (a sim test) and follows it as far as the checker can. */
  loadSeed(seed: number): void {
    if (this.scenario.kind !== 'sim') throw new Error('loadSeed: only a sim test runs seeds; load the counterexample of a model-checking test instead');
    const f = this.fresh(seed);
    const from = f.sys.traceLength();
    for (const step of f.rest) {
      if (step.kind !== 'runUntilQuiet' && step.kind !== 'runUntilLocal' && step.kind !== 'runFor') break;
      applyStep(f.sys, step, this.env.checks);
    }
    this.explorer = f.explorer;
    const r = f.explorer.loadRecords(f.sys.traceSince(from));
    this.note = r.followed ? `followed seed ${seed}'s run: ${r.path.length} step(s)` : `followed seed ${seed}'s run for ${r.path.length} step(s); then: ${r.reason}`;
  }
}
