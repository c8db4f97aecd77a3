import { LinkTable } from '../network.js';
import type { Message } from '../process.js';
import type { System } from '../system.js';
import type { Trace, TraceEvent } from '../trace.js';
import { BreadthFirst } from './bfs.js';
import { DepthFirst } from './dfs.js';
import { Engine, HandlerFailure } from './engine.js';
import { followRecords, type FollowResult } from './follow.js';
import { adoptIds, initialState } from './initial.js';
import { MessageIds } from './message-ids.js';
import { MCState, type NetEvent } from './model.js';
import { resolveOptions, type Resolved } from './options.js';
import { RandomWalks } from './random.js';
import { Search, type Failure, type Root, type SearchStrategy, type Step } from './search.js';
import { decodeReplayToken, encodeReplayToken, labelChecksum } from './replay-token.js';
import { shrinkPath } from './shrink.js';
import { Symmetry } from './symmetry.js';
import type { CollectedState, Counterexample, ModelCheckerOptions, PathStep, ReplayResult, SearchResult, SearchStats, StagePreparer, StateView } from './types.js';
import { View } from './view.js';

/** A step of a replayed path: the search's steps, and crashes / recoveries chosen by hand (by node index). */
type ReplayStep = Step | { readonly crash: number } | { readonly recover: number };

const STRATEGIES: Record<Resolved['strategy'], () => SearchStrategy> = {
  bfs: () => new BreadthFirst(),
  dfs: () => new DepthFirst(),
  random: () => new RandomWalks(),
};

class Collected implements CollectedState {
  readonly view: StateView;
  constructor(
    readonly owner: ModelChecker,
    engine: Engine,
    readonly state: MCState,
    readonly steps: readonly Step[],
    private readonly replayToken: (steps: readonly Step[]) => PathStep[],
  ) {
    this.view = new View(engine, state);
  }
  get depth(): number {
    return this.state.depth;
  }
  path(): PathStep[] {
    return this.replayToken(this.steps);
  }
}

/**
 * Explores every interleaving of a system's pending messages and timers from its current
 * state (semantics in framework/src/mc/README.md). `run()` searches from the
 * initial state; `runStage()` searches again from states a previous search collected.
 */
export class ModelChecker {
  private readonly engine: Engine;
  private readonly initial: MCState;
  private readonly options: ModelCheckerOptions;
  private readonly prefix: TraceEvent[];
  private readonly seed: number;
  private readonly firstStep: number;
  private readonly firstMsgId: number;
  private readonly initialIds: [NetEvent, number][];
  private readonly stages: ((p: StagePreparer) => void)[] = [];
  /** Options that shape the transition relation itself: fixed for every stage. */
  private readonly fixed: { maxDuplicates: number; messagesFirst: boolean; symmetric: string };
  private readonly symmetry: Symmetry | null;

  constructor(system: System, options: ModelCheckerOptions = {}) {
    if (typeof system !== 'object' || system === null || typeof system.snapshot !== 'function') {
      throw new Error('new ModelChecker: pass a System built with addNode / addProcess (and any local messages already sent)');
    }
    const resolved = resolveOptions('new ModelChecker', options);
    this.options = { ...options };
    const snap = system.snapshot();
    const links = new LinkTable();
    for (const [a, b] of snap.links.disabled) links.disable(a!, b!);
    for (const n of snap.links.disconnected) links.disconnect(n);
    const { topology, classNames } = system.engineParts();
    const maxDuplicates = snap.network.dupRate > 0 ? resolved.maxDuplicates : 0;
    this.engine = new Engine({ topology, classNames, network: snap.network, links, seed: resolved.seed, maxDuplicates, messagesFirst: resolved.messagesFirst });
    const init = initialState(this.engine, system, snap, maxDuplicates);
    this.initial = init.state;
    this.initialIds = init.ids;
    this.seed = system.seed;
    this.prefix = system.trace().events;
    this.firstStep = snap.step;
    this.firstMsgId = snap.msgId;
    this.fixed = { maxDuplicates: resolved.maxDuplicates, messagesFirst: resolved.messagesFirst, symmetric: JSON.stringify(resolved.symmetric) };
    this.symmetry = resolved.symmetric.length === 0 ? null : new Symmetry(topology, this.engine.owners, resolved.symmetric);
  }

  /** The engine, initial state and stage preparation, for another driver of the same transitions (the explorer). Internal: not in the export list. */
  driverParts(): { engine: Engine; initial: MCState; prepare: (s: MCState, stage: number) => MCState } {
    return { engine: this.engine, initial: this.initial, prepare: (s, stage) => this.prepareChecked(s, stage) };
  }

  /**
   * Registers the prepare action of the next stage without searching, and returns its stage
   * number (as `runStage(from, options, prepare)` would number it): for a driver that starts
   * stages by hand (the explorer), or to replay a token through a stage whose search did not run.
   */
  addStage(prepare: (p: StagePreparer) => void): number {
    if (typeof prepare !== 'function') throw new Error('addStage: pass a function (p) => void using p.crashNode / p.recoverNode / p.sendLocalMessage');
    this.stages.push(prepare);
    return this.stages.length;
  }

  /** The initial state, for predicates' tests or as the root of a stage. */
  initialState(): CollectedState {
    return this.collectedState(this.initial, []);
  }

  /** Searches from the initial state with the constructor's options. */
  run(): SearchResult {
    return this.search('run', [{ state: this.initial, prefix: [] }], this.options);
  }

  /**
   * Searches from states collected by an earlier search, with the constructor's options
   * overridden by `options`, after applying `prepare` (crash a node, send a local message)
   * to each. Depth counts from the stage's start.
   */
  runStage(from: readonly CollectedState[], options: ModelCheckerOptions = {}, prepare?: (p: StagePreparer) => void): SearchResult {
    if (!Array.isArray(from) || from.length === 0 || !from.every((c) => c instanceof Collected && c.owner === this)) {
      throw new Error('runStage: pass a non-empty array of states collected by this model checker (result.collected of an earlier search)');
    }
    if (prepare !== undefined && typeof prepare !== 'function') throw new Error('runStage: prepare must be a function (p) => void using p.crashNode / p.sendLocalMessage');
    const merged = { ...this.options, ...options };
    const r = resolveOptions('runStage', merged);
    if (r.maxDuplicates !== this.fixed.maxDuplicates || r.messagesFirst !== this.fixed.messagesFirst || JSON.stringify(r.symmetric) !== this.fixed.symmetric) {
      throw new Error('runStage: maxDuplicates, messagesFirst and symmetric shape the state space and are fixed by the constructor; do not change them for a stage');
    }
    const roots: Root[] = [];
    let stage = -1;
    if (prepare !== undefined) stage = this.addStage(prepare);
    for (const c of from as Collected[]) {
      const rootState = new MCState(c.state.procs, c.state.events, c.state.s1, c.state.s2, 0, c.state.drops, c.state.dups);
      if (stage < 0) {
        roots.push({ state: rootState, prefix: c.steps });
        continue;
      }
      const prefix: Step[] = [...c.steps, { stage }];
      try {
        roots.push({ state: this.prepare(rootState, stage), prefix });
      } catch (e) {
        if (!(e instanceof HandlerFailure)) throw e;
        const search = new Search(this.engine, resolveOptions('runStage', merged), false);
        search.failure = { failure: { kind: 'student', error: e }, path: prefix };
        return this.result(search);
      }
    }
    return this.search('runStage', roots, merged);
  }

  /** Replays a path (a counterexample's or a collected state's replay token) and returns its trace and final state. */
  replay(path: readonly PathStep[]): ReplayResult & { error: Error | null } {
    if (!Array.isArray(path)) throw new Error('replay: pass the path of a counterexample (counterexample.path)');
    const steps: ReplayStep[] = [];
    let s = this.initial;
    for (let i = 0; i < path.length; i++) {
      const p = path[i]!;
      if ('prepare' in p) {
        if (!(Number.isInteger(p.prepare) && p.prepare >= 1 && p.prepare <= this.stages.length)) {
          throw new Error(`replay: step ${i} prepares stage ${String(p.prepare)}, but this checker has ${this.stages.length} prepared stage(s)`);
        }
        steps.push({ stage: p.prepare });
        s = this.prepare(s, p.prepare);
        continue;
      }
      if ('crash' in p || 'recover' in p) {
        const step = 'crash' in p ? { crash: p.crash } : { recover: (p as { recover: number }).recover };
        const label = this.nodeStepLabel(step);
        if (label === null) throw new Error(`replay: step ${i} names node ${'crash' in step ? step.crash : step.recover}, but this system has ${this.engine.topology.nodes.length} node(s)`);
        if (label !== p.label) throw new Error(`replay: step ${i} expected "${p.label}" but it is "${label}"; the system has changed since the path was recorded`);
        steps.push(step);
        try {
          s = this.nodeStep(s, step);
        } catch (e) {
          if (!(e instanceof HandlerFailure)) throw new Error(`replay: step ${i} (${label}): ${e instanceof Error ? e.message : String(e)}`);
          const r = this.record(steps);
          return { trace: r.trace, view: new View(this.engine, s), error: e.error };
        }
        continue;
      }
      const actions = this.engine.actions(s);
      const code = actions[p.choice];
      if (code === undefined) throw new Error(`replay: step ${i} chooses ${String(p.choice)} but only ${actions.length} action(s) are enabled there; pass a path from this checker's results`);
      const label = this.engine.label(s, code);
      if (label !== p.label) throw new Error(`replay: step ${i} expected "${p.label}" but choice ${p.choice} is "${label}"; the system or the solution has changed since the path was recorded`);
      steps.push(code);
      try {
        s = this.engine.step(s, code);
      } catch (e) {
        if (!(e instanceof HandlerFailure)) throw e;
        const r = this.record(steps);
        return { trace: r.trace, view: new View(this.engine, s), error: e.error };
      }
    }
    const r = this.record(steps);
    return { trace: r.trace, view: new View(this.engine, r.state), error: null };
  }

  /**
   * Replays a path token (`Counterexample.token`). Stages must be prepared as when the token was
   * made (the same `runStage` calls, in order). Throws when the token does not fit this checker,
   * or when the labels of the replayed steps differ from the recorded ones (the solution or the
   * test changed since).
   */
  replayToken(token: string): ReplayResult & { error: Error | null } {
    const decoded = decodeReplayToken(token);
    const path: PathStep[] = [];
    let s = this.initial;
    for (let i = 0; i < decoded.steps.length; i++) {
      const step = decoded.steps[i]!;
      if ('prepare' in step) {
        path.push({ prepare: step.prepare, label: `prepare stage ${step.prepare}` });
        if (!(step.prepare >= 1 && step.prepare <= this.stages.length)) break;
        s = this.prepare(s, step.prepare);
        continue;
      }
      if ('crash' in step || 'recover' in step) {
        const label = this.nodeStepLabel(step);
        if (label === null) break;
        path.push('crash' in step ? { crash: step.crash, label } : { recover: step.recover, label });
        try {
          s = this.nodeStep(s, step);
        } catch (e) {
          if (!(e instanceof HandlerFailure)) throw new Error(`replayToken: step ${i} (${label}) does not fit this system: ${e instanceof Error ? e.message : String(e)}; the solution or the test has changed since the path was recorded`);
          break;
        }
        continue;
      }
      const actions = this.engine.actions(s);
      const code = actions[step.choice];
      if (code === undefined) throw new Error(`replayToken: step ${i} chooses ${step.choice} but only ${actions.length} action(s) are enabled there; the solution or the test has changed since the path was recorded`);
      path.push({ choice: step.choice, label: this.engine.label(s, code) });
      try {
        s = this.engine.step(s, code);
      } catch (e) {
        if (!(e instanceof HandlerFailure)) throw e;
        break;
      }
    }
    if (path.length !== decoded.steps.length || labelChecksum(path.map((p) => p.label)) !== decoded.checksum) {
      throw new Error(`replayToken: the path does not fit this system (checksum ${decoded.checksum}); the solution or the test has changed since the path was recorded`);
    }
    return this.replay(path);
  }

  /**
   * Follows a simulated run through the checker's transitions: `records` are the trace
   * records the simulator wrote after the state this checker started from (for example
   * `system.traceSince(n)` of a copy of the system that went on running). Returns the path
   * (replayable with `replay`) or the first record the checker cannot follow, and why.
   */
  follow(records: readonly TraceEvent[]): FollowResult {
    if (!Array.isArray(records)) throw new Error('follow: pass the trace records a simulation wrote after this checker\'s starting state');
    return followRecords(this.engine, this.initial, records);
  }

  // ---------------------------------------------------------------- internals

  private collectedState(state: MCState, steps: readonly Step[]): Collected {
    return new Collected(this, this.engine, state, steps, (p) => this.record(p).path);
  }

  private prepareChecked(s: MCState, stage: number): MCState {
    if (!(Number.isInteger(stage) && stage >= 1 && stage <= this.stages.length)) throw new Error(`prepare: stage ${String(stage)} is not registered; this checker has ${this.stages.length} stage(s)`);
    return this.prepare(s, stage);
  }

  /** "crash n1" / "recover n1" for a node step, or null when the node index is out of range. */
  private nodeStepLabel(step: { crash: number } | { recover: number }): string | null {
    const i = 'crash' in step ? step.crash : step.recover;
    const node = Number.isInteger(i) ? this.engine.topology.nodes[i] : undefined;
    return node === undefined ? null : `${'crash' in step ? 'crash' : 'recover'} ${node}`;
  }

  private nodeStep(s: MCState, step: { crash: number } | { recover: number }): MCState {
    return 'crash' in step ? this.engine.crash(s, this.engine.topology.nodes[step.crash]!) : this.engine.recover(s, this.engine.topology.nodes[step.recover]!);
  }

  private prepare(s: MCState, stage: number): MCState {
    const fn = this.stages[stage - 1]!;
    let cur = s;
    const view = new View(this.engine, s);
    const engine = this.engine;
    fn({
      get view() {
        view.current = cur;
        return view;
      },
      crashNode(node: string) {
        cur = engine.crash(cur, node);
      },
      recoverNode(node: string) {
        cur = engine.recover(cur, node);
      },
      sendLocalMessage(proc: string, msg: Message) {
        if (typeof msg !== 'object' || msg === null || typeof msg.type !== 'string') {
          throw new Error('sendLocalMessage: pass a message object { type: string, data: <JSON value> }');
        }
        cur = engine.localMessage(cur, engine.procIndex('sendLocalMessage', proc), msg);
      },
    });
    return cur;
  }

  private search(where: string, roots: Root[], options: ModelCheckerOptions): SearchResult {
    const resolved = resolveOptions(where, options);
    const search = new Search(this.engine, resolved, resolved.strategy === 'bfs', this.symmetry);
    STRATEGIES[resolved.strategy]().run(search, roots);
    return this.result(search);
  }

  /** Replays internal steps from the initial state with a recorder: the trace, the replay token and the final state. */
  private record(steps: readonly ReplayStep[], failure?: string): { trace: Trace; path: PathStep[]; state: MCState } {
    const ids = new MessageIds(this.firstMsgId);
    adoptIds(ids, this.initialIds);
    const engine = this.engine;
    const rec = engine.record(this.firstStep, ids);
    const path: PathStep[] = [];
    let s = this.initial;
    try {
      for (const step of steps) {
        if (typeof step === 'number') path.push({ choice: engine.actions(s).indexOf(step), label: engine.label(s, step) });
        else if ('stage' in step) path.push({ prepare: step.stage, label: `prepare stage ${step.stage}` });
        else path.push('crash' in step ? { crash: step.crash, label: this.nodeStepLabel(step)! } : { recover: step.recover, label: this.nodeStepLabel(step)! });
        try {
          s = typeof step === 'number' ? engine.step(s, step) : 'stage' in step ? this.prepare(s, step.stage) : this.nodeStep(s, step);
        } catch (e) {
          if (!(e instanceof HandlerFailure)) throw e;
          break;
        }
      }
      if (failure !== undefined) rec.setDetail(rec.event('check', -1, undefined, undefined), failure);
    } finally {
      engine.stopRecording();
    }
    return { trace: { seed: this.seed, events: [...this.prefix, ...rec.events] }, path, state: s };
  }

  private counterexample(search: Search, steps: Step[], failure: Failure, detail: (f: Failure) => string): { cx: Counterexample; failure: Failure } {
    const rawLength = steps.length;
    let final = { steps, failure };
    if (search.options.strategy !== 'bfs' && search.options.shrink) {
      final = shrinkPath({ search, initial: this.initial, prepare: (s, k) => this.prepare(s, k), budgetMs: 10_000 }, steps, failure);
    }
    const r = this.record(final.steps, detail(final.failure));
    return { cx: { trace: r.trace, path: r.path, token: encodeReplayToken(r.path), length: final.steps.length, rawLength }, failure: final.failure };
  }

  private result(search: Search): SearchResult {
    const o = search.options;
    const elapsedMs = search.elapsedMs();
    const stats: SearchStats = {
      explored: search.explored,
      unique: search.visited.size,
      maxDepth: search.maxDepth,
      exploredPerSec: elapsedMs > 0 ? Math.round((search.explored * 1000) / elapsedMs) : 0,
      uniquePerSec: elapsedMs > 0 ? Math.round((search.visited.size * 1000) / elapsedMs) : 0,
      elapsedMs: Math.round(elapsedMs * 10) / 10,
      bytesPerState: search.visited.size > 0 ? Math.round(search.visited.bytes() / search.visited.size) : 0,
      goalsReached: search.goalsReached,
      pruned: search.pruned,
      collected: search.collected.length,
    };
    const collected: CollectedState[] = search.collected.map((c) => this.collectedState(c.state, c.path));
    const base = { stats, collected };
    if (search.failure !== null) {
      const { cx, failure } = this.counterexample(search, search.failure.path, search.failure.failure, describeFailure);
      switch (failure.kind) {
        case 'predicate':
          return { ...base, status: 'invariantViolated', predicate: failure.name, kind: failure.predicate, message: failure.message, counterexample: cx };
        case 'goalUnreachable':
          return { ...base, status: 'goalUnreachable', message: failure.message, counterexample: cx };
        case 'goalReached':
          return { ...base, status: 'goalReached', goal: failure.name, counterexample: cx };
        case 'student':
          return { ...base, status: 'studentError', proc: failure.error.proc, handler: failure.error.handler, error: failure.error.error, message: failure.error.error.message, counterexample: cx };
      }
    }
    if (search.stopped === 'states') return { ...base, status: 'limitReached', limit: 'states', value: o.maxStates };
    if (search.stopped === 'time') return { ...base, status: 'limitReached', limit: 'time', value: o.timeLimitMs };
    if (search.depthCut) return { ...base, status: 'limitReached', limit: 'depth', value: o.maxDepth };
    if (o.strategy === 'random') return { ...base, status: 'limitReached', limit: 'walks', value: o.walks };
    if (o.stopAtGoal && o.goals.length > 0) return { ...base, status: 'goalUnreachable', message: 'no explored state reaches the goal', counterexample: null };
    return { ...base, status: 'exhausted' };
  }
}

function describeFailure(f: Failure): string {
  switch (f.kind) {
    case 'predicate': {
      const who = `${f.predicate} "${f.name}"`;
      return f.message.startsWith(who) ? f.message : `${who}: ${f.message}`;
    }
    case 'goalUnreachable':
      return f.message;
    case 'goalReached':
      return `goal "${f.name}" reached`;
    case 'student':
      return `process "${f.error.proc}" threw in ${f.error.handler}: ${f.error.error.message}`;
  }
}
