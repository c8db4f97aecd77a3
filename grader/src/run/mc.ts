import { CheckFailure, decodeReplayToken, ModelChecker, OUTCOME_STATUSES, searchOutcome, type Trace, type ModelCheckerOptions, type NamedPredicate, type Outcome, type SearchResult, type StagePreparer, type StateView } from '@dsgrade/framework';
import type { CheckRef, McScenario, SearchSpec, Step } from '../scenario/index.js';
import { buildSystem, procsOf } from './build.js';
import { runCheck, type CheckTable } from './checks.js';
import { classifyThrown } from './classify.js';
import type { TestJobOptions } from '../contract/index.js';
import type { RunEnv } from '../sandbox/index.js';
import type { McFigures, SeedRun, TestRun } from '../contract/index.js';
import { applyStep } from './steps.js';

/** An invariant's failure message explains the violation; for goal, prune and collect a failing check just means "no". */
function predicate(checks: CheckTable, ref: CheckRef, role: 'invariant' | 'condition'): NamedPredicate {
  return role === 'invariant'
    ? { name: ref.check, test: (view) => runCheck(checks, ref, view) ?? true }
    : { name: ref.check, test: (view) => runCheck(checks, ref, view) === null, explain: (view) => runCheck(checks, ref, view) };
}

function searchOptions(s: McScenario, search: SearchSpec, checks: CheckTable): ModelCheckerOptions {
  const invariants = s.invariants.map((i) => predicate(checks, i.check, 'invariant'));
  if (search.invariant !== null) invariants.push(predicate(checks, search.invariant, 'invariant'));
  // Leave the search a margin inside the sandbox's wall-time limit so a long search ends as "limit reached", not as a killed child.
  const timeLimit = Math.min(search.timeLimit, s.limits.wallTime * 0.8);
  // Every predicate key is set, empty when unused: a stage must not inherit the previous search's goal, prune or collect.
  const o: ModelCheckerOptions = {
    messagesFirst: s.messagesFirst,
    maxDuplicates: s.maxDuplicates,
    symmetric: s.symmetric,
    strategy: search.strategy,
    seed: s.seed,
    maxDepth: search.maxDepth,
    maxStates: search.maxStates,
    timeLimitMs: timeLimit * 1000,
    invariant: invariants,
    goal: search.goal === null ? [] : [predicate(checks, search.goal, 'condition')],
    prune: search.prune === null ? [] : [predicate(checks, search.prune, 'condition')],
    collect: search.collect === null ? [] : [predicate(checks, search.collect, 'condition')],
  };
  if (search.walks !== null) o.walks = search.walks;
  return o;
}

const LIMIT_NAMES = { depth: 'maxDepth', states: 'maxStates', time: 'timeLimit', walks: 'walks' } as const;

/** What a search result means for the test, in the scenario's words (its limit keys, its position). */
function outcomeOf(r: SearchResult, search: SearchSpec): Outcome {
  return searchOutcome(r, { passOnLimit: search.passOnLimit, at: search.at, limitName: (l) => LIMIT_NAMES[l] });
}

/** A search that ended unknown lets the next stage run; the test stays unknown unless a later one fails. */
function goesOn(o: Outcome): boolean {
  return o.status === 'passed' || o.status === 'unknown';
}

/** Of two outcomes of consecutive searches, the one the test reports. */
function worse(a: Outcome, b: Outcome): Outcome {
  return OUTCOME_STATUSES.indexOf(b.status) >= OUTCOME_STATUSES.indexOf(a.status) ? b : a;
}

/** A stage's steps applied to each collected state; model checking can crash nodes and send local messages there. */
function stagePreparer(steps: readonly Step[]): (p: StagePreparer) => void {
  for (const step of steps) {
    if (step.kind !== 'crash' && step.kind !== 'recover' && step.kind !== 'send') {
      throw new CheckFailure(`${step.at.file}:${step.at.line}: a model-checking stage can only crash and recover nodes and send local messages, not "${step.kind}"`);
    }
  }
  return (p) => {
    for (const step of steps) {
      if (step.kind === 'crash') p.crashNode(step.node);
      else if (step.kind === 'recover') p.recoverNode(step.node);
      else if (step.kind === 'send') p.sendLocalMessage(step.to, step.msg);
    }
  };
}

function addStats(total: McFigures, r: SearchResult): void {
  total.states += r.stats.explored;
  total.unique += r.stats.unique;
  total.maxDepth = Math.max(total.maxDepth, r.stats.maxDepth);
  total.elapsedMs += r.stats.elapsedMs;
  total.statesPerSec = total.elapsedMs > 0 ? total.states / (total.elapsedMs / 1000) : 0;
  total.status = r.status;
}

/** How many stages (runStage calls) a replay token's path goes through: they must be prepared before it replays. */
function stagesOf(token: string): number {
  return Math.max(0, ...decodeReplayToken(token).steps.map((st) => ('prepare' in st ? st.prepare : 0)));
}

/**
 * A replayed path's trace, ending like the counterexample's did: with the first invariant that
 * fails in its last state (checked again there, not taken from the search).
 */
function withBrokenInvariant(trace: Trace, view: StateView, invariants: ModelCheckerOptions['invariant']): Trace {
  for (const p of (Array.isArray(invariants) ? invariants : []) as NamedPredicate[]) {
    const r = p.test(view);
    if (r === true) continue;
    const last = trace.events.at(-1);
    const detail = `invariant "${p.name}"${typeof r === 'string' ? `: ${r}` : ''}`;
    return { ...trace, events: [...trace.events, { kind: 'check', step: last?.step ?? 0, time: last?.time ?? 0, detail }] };
  }
  return trace;
}

/** A counterexample's trace shown like a failing sim run. */
function shownRun(seed: number, outcome: Outcome, steps: number, trace: Trace): SeedRun {
  return { seed, outcome, counters: { messages: 0, steps, simTime: 0, wallMs: 0 }, trace, failStep: trace.events.at(-1)?.step ?? null };
}

/**
 * Runs an mc scenario: setup steps in a simulation, then the search and each stage from the
 * states the previous one collected. With `path` (a counterexample's replay token) it runs the
 * searches the path goes through, as the test does, and shows exactly that path.
 */
export function runMcTest(s: McScenario, env: RunEnv, opts: TestJobOptions): TestRun {
  const started = performance.now();
  const figures: McFigures = { status: 'notStarted', states: 0, unique: 0, maxDepth: 0, statesPerSec: 0, elapsedMs: 0 };
  let outcome: Outcome = { status: 'passed' };
  let shown: SeedRun | null = null;
  let token: string | null = null;
  try {
    const stages = opts.path === undefined ? s.stages.length : Math.min(s.stages.length, stagesOf(opts.path));
    // Setup runs on a reliable network: losses are the checker's branches, not the seed's choices.
    const reliable = { ...s, network: { ...s.network, drop: 0, duplicate: 0, corrupt: 0 } };
    const sys = buildSystem(reliable, s.seed, env, { trace: true, recordStates: false });
    for (const step of s.setup) {
      const failure = applyStep(sys, step, env.checks);
      if (failure !== null) throw new CheckFailure(`${step.at.file}:${step.at.line}: setup step failed: ${failure.message}`);
    }
    sys.setNetwork({ dropRate: s.network.drop, dupRate: s.network.duplicate, corruptRate: s.network.corrupt });
    const mc = new ModelChecker(sys, searchOptions(s, s.search, env.checks));
    let result = mc.run();
    let searched = 0; // stages whose runStage call registered their prepare action
    addStats(figures, result);
    outcome = outcomeOf(result, s.search);
    for (let i = 0; i < stages && goesOn(outcome); i++) {
      const stage = s.stages[i]!;
      if (result.collected.length === 0) {
        outcome = { status: 'failed', check: null, message: `stage ${i + 2} has nothing to start from: the previous search collected no states`, at: stage.search.at };
        break;
      }
      result = mc.runStage(result.collected, searchOptions(s, stage.search, env.checks), stagePreparer(stage.steps));
      searched++;
      addStats(figures, result);
      outcome = worse(outcome, outcomeOf(result, stage.search));
    }
    if (opts.path !== undefined) {
      token = opts.path;
      // A path from the explorer may start a stage whose search did not run here (an earlier search failed): its prepare still applies.
      for (let k = searched; k < stages; k++) mc.addStage(stagePreparer(s.stages[k]!.steps));
      let replayed;
      try {
        replayed = mc.replayToken(opts.path);
      } catch (e) {
        // A path from another version of the solution or the test: say so instead of replaying something else.
        throw new CheckFailure(e instanceof Error ? e.message : String(e));
      }
      const last = stages === 0 ? s.search : s.stages[stages - 1]!.search;
      const trace = withBrokenInvariant(replayed.trace, replayed.view, searchOptions(s, last, env.checks).invariant);
      shown = shownRun(s.seed, outcome, decodeReplayToken(opts.path).steps.length, trace);
    } else if (!goesOn(outcome) && 'counterexample' in result && result.counterexample !== null) {
      const cx = result.counterexample;
      token = cx.token;
      shown = shownRun(s.seed, outcome, cx.length, cx.trace);
    }
  } catch (e) {
    outcome = classifyThrown(e);
  }
  const wallMs = performance.now() - started;
  return {
    test: s.name,
    kind: 'mc',
    outcome,
    runs: 1,
    failingSeeds: [],
    shown,
    counters: { messages: 0, steps: figures.states, simTime: 0, wallMs },
    mc: figures,
    procs: procsOf(s),
    coverage: {},
    outputFrom: null,
    token,
  };
}
