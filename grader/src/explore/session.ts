import { Explorer, ModelChecker, type ExplorerStage, type ExplorerView, type NamedPredicate, type StagePreparer, type System, type Trace } from '@dsgrade/framework';
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

function invariantsOf(s: Scenario, checks: CheckTable, search: McScenario['search'] | null = s.kind === 'mc' ? s.search : null): NamedPredicate[] {
  const list = s.invariants.map((i) => invariant(checks, i.check));
  if (search !== null && search.invariant !== null) list.push(invariant(checks, search.invariant));
  return list;
}

/**
 * The nodes a person may crash and recover in the explorer: those the test's own steps crash
 * or recover (setup, stages, sim steps), or every node when a sim test's chaos crashes nodes
 * at random (attrition). A test that never crashes a node offers no crash.
 */
export function crashableNodes(s: Scenario): string[] {
  const steps = s.kind === 'mc' ? [...s.setup, ...s.stages.flatMap((st) => st.steps)] : s.steps;
  const named = new Set(steps.flatMap((st) => (st.kind === 'crash' || st.kind === 'recover' ? [st.node] : [])));
  const attrition = s.kind === 'sim' && s.network.chaos.attrition !== null;
  return s.nodes.map((n) => n.name).filter((n) => attrition || named.has(n));
}

/** An mc test's stages as the explorer starts them: from the previous search's collect states, with the stage's steps and invariants (as the grader's mc runner does). */
function stagesOf(s: Scenario, checks: CheckTable): ExplorerStage[] {
  if (s.kind !== 'mc') return [];
  const searches = [s.search, ...s.stages.map((st) => st.search)];
  return s.stages.map((st, i) => {
    const collect = searches[i]!.collect;
    const prepare = (p: StagePreparer) => {
      for (const step of st.steps) {
        if (step.kind === 'crash') p.crashNode(step.node);
        else if (step.kind === 'recover') p.recoverNode(step.node);
        else if (step.kind === 'send') p.sendLocalMessage(step.to, step.msg);
      }
    };
    return { from: collect === null ? null : { name: collect.check, test: (view) => runCheck(checks, collect, view) === null }, prepare, invariants: invariantsOf(s, checks, st.search) };
  });
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
      const options = { seed: s.seed, invariants, crashable: crashableNodes(s), stages: stagesOf(s, this.env.checks), messagesFirst: s.messagesFirst, maxDuplicates: s.maxDuplicates };
      return { explorer: new Explorer(sys, options), sys, rest: [] };
    }
    const sys = buildSystem(s, seed, this.env, { trace: true, recordStates: false });
    let i = 0;
    for (; i < s.steps.length && !RUNS.has(s.steps[i]!.kind); i++) applyStep(sys, s.steps[i]!, this.env.checks);
    return { explorer: new Explorer(sys, { seed, invariants, crashable: crashableNodes(s) }), sys, rest: s.steps.slice(i) };
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
