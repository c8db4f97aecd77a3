import { describeThrown } from '../errors.js';
import type { FollowResult, NamedPredicate, PathStep, StagePreparer } from '../mc/index.js';
import { decodeReplayToken, encodeReplayToken, type TokenStep } from '../mc/replay-token.js';
import { HandlerFailure, StepDriver, timerOf, type MCState, type TransitionOptions } from '../mc/driver.js';
import type { Trace, TraceEvent } from '../trace.js';
import { Rng } from '../rng.js';
import type { System } from '../system.js';
import { toPlainData } from './plain-data.js';
import { stepErrorOf } from './step-error.js';
import type { BranchNode, EnabledEvent, ExplorerView, InvariantStatus, ProcessState, RunToQuietResult, StepError } from './types.js';

/** A stage after the first search, as a model-checking test's `stages` entry describes it. */
export interface ExplorerStage {
  /** The previous search's `collect` condition: the stage may start only from a state where it holds (null: from any state). */
  readonly from: NamedPredicate | null;
  /** What the stage does to a state before searching from it (crash / recover nodes, send local messages). */
  readonly prepare: (p: StagePreparer) => void;
  /** Checked at every state of this stage (its search's invariants). */
  readonly invariants?: readonly NamedPredicate[];
}

export interface ExplorerOptions extends TransitionOptions {
  /** Checked at every state of the first search (the scenario's invariants). */
  invariants?: readonly NamedPredicate[];
  /** Nodes a person may crash (when up) and recover (when down) at any step. Default none. */
  crashable?: readonly string[];
  /** Later stages, started by hand from a state where the previous search's collect condition holds. */
  stages?: readonly ExplorerStage[];
}

interface Node {
  id: number;
  parent: number | null;
  /** The step from the parent, and its key among the parent's moves; null at the root. */
  step: PathStep | null;
  key: string | null;
  state: MCState;
  /** 0 in the first search, k after the k-th stage's start. */
  stage: number;
  error: StepError | null;
  children: number[];
  violated: boolean;
}

/** One thing a person can do in a state: the event shown, and what applying it does. */
interface Move {
  event: EnabledEvent;
  key: string;
  step: PathStep;
  stageAfter: number;
  run(): MCState;
}

const VERBS = ['deliver', 'drop', 'duplicate', 'corrupt'] as const; // the engine's action variants 0..3

/**
 * The third driver of the transition model: a person picks the next event. It keeps a tree
 * of every path tried and a current line through it (back / forward move along the line;
 * applying an event from the middle of the line starts a new branch). Besides the checker's
 * actions a person may crash and recover the `crashable` nodes and start the next stage.
 * Its paths are checker paths: `token()` replays with `ModelChecker.replayToken` of a checker
 * built from the same system with the same options and the same stages added (`addStage`).
 */
export class Explorer {
  private readonly driver: StepDriver;
  private readonly stageList: readonly ExplorerStage[];
  private readonly invariantLists: (readonly NamedPredicate[])[];
  private readonly crashable: number[];
  private readonly nodes: Node[] = [];
  private line: number[] = [0];
  private cursor = 0;

  constructor(system: System, options: ExplorerOptions = {}) {
    if (typeof system !== 'object' || system === null || typeof system.snapshot !== 'function') {
      throw new Error('new Explorer: pass a System built with addNode / addProcess (after the scenario\'s setup steps)');
    }
    const { invariants = [], crashable = [], stages = [], ...transition } = options;
    const predicateList = (v: unknown) => Array.isArray(v) && v.every((p) => typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.test === 'function');
    if (!predicateList(invariants)) throw new Error('new Explorer: invariants must be a list of { name, test(view) } objects');
    if (!Array.isArray(stages) || !stages.every((st) => typeof st === 'object' && st !== null && typeof st.prepare === 'function' && (st.from === null || predicateList([st.from])) && (st.invariants === undefined || predicateList(st.invariants)))) {
      throw new Error('new Explorer: stages must be a list of { from: { name, test } | null, prepare(p), invariants? }');
    }
    this.driver = new StepDriver('new Explorer', system, transition);
    const nodeNames = this.driver.engine.topology.nodes;
    if (!Array.isArray(crashable) || !crashable.every((n) => typeof n === 'string' && nodeNames.includes(n))) {
      throw new Error(`new Explorer: crashable must list node names of the system (${nodeNames.join(', ')})`);
    }
    this.crashable = nodeNames.map((_, i) => i).filter((i) => crashable.includes(nodeNames[i]!));
    this.stageList = stages;
    this.invariantLists = [invariants, ...stages.map((st) => st.invariants ?? [])];
    for (const st of stages) this.driver.checker.addStage(st.prepare);
    this.nodes.push(this.makeNode(null, null, null, this.driver.initial, 0, null));
  }

  private get node(): Node {
    return this.nodes[this.line[this.cursor]!]!;
  }

  /** The events enabled in the current state (none after a step whose handler threw). */
  events(): EnabledEvent[] {
    return this.moves(this.node).map((m) => m.event);
  }

  private moves(n: Node): Move[] {
    if (n.error !== null) return [];
    const { engine } = this.driver;
    const s = n.state;
    const out: Move[] = [];
    const add = (e: Omit<EnabledEvent, 'choice' | 'label'>, step: PathStep, key: string, stageAfter: number, run: () => MCState) => {
      out.push({ event: { choice: out.length, label: step.label, ...e }, key, step, stageAfter, run });
    };
    engine.actions(s).forEach((code, choice) => {
      const label = engine.label(s, code);
      const run = () => engine.step(s, code);
      if (code < 0) {
        const t = timerOf(code);
        add({ kind: 'timer', from: null, to: engine.ids[t.proc]!, node: null, stage: null, msgType: null, data: null, timer: s.procs[t.proc]!.timers[t.timer]!.name }, { choice, label }, `a${choice}`, n.stage, run);
        return;
      }
      const ev = s.events[code >> 2]!;
      add({ kind: VERBS[code & 3]!, from: engine.ids[ev.from]!, to: engine.ids[ev.to]!, node: null, stage: null, msgType: ev.msg.type, data: toPlainData(ev.msg.data), timer: null }, { choice, label }, `a${choice}`, n.stage, run);
    });
    const topo = engine.topology;
    for (const i of this.crashable) {
      const name = topo.nodes[i]!;
      const up = topo.procsOf[i]!.some((p) => s.procs[p]!.instance !== null);
      const base = { from: null, to: name, node: name, stage: null, msgType: null, data: null, timer: null };
      if (up) add({ kind: 'crash', ...base }, { crash: i, label: `crash ${name}` }, `c${i}`, n.stage, () => engine.crash(s, name));
      else add({ kind: 'recover', ...base }, { recover: i, label: `recover ${name}` }, `r${i}`, n.stage, () => engine.recover(s, name));
    }
    const next = this.stageList[n.stage];
    if (next !== undefined && (next.from === null || this.holds(next.from, s))) {
      const k = n.stage + 1;
      add({ kind: 'stage', from: null, to: `stage ${k}`, node: null, stage: k, msgType: null, data: null, timer: null }, { prepare: k, label: `prepare stage ${k}` }, `s${k}`, k, () => this.driver.prepare(s, k));
    }
    return out;
  }

  /** Applies enabled event `choice` (an index into `events()`); reuses the branch if it was tried before. */
  apply(choice: number): void {
    const here = this.node;
    if (here.error !== null) throw new Error(`Explorer.apply: the step that led here threw in ${here.error.proc}'s ${here.error.handler}; go back() first`);
    const moves = this.moves(here);
    if (!Number.isInteger(choice) || choice < 0 || choice >= moves.length) {
      throw new Error(`Explorer.apply: pass the choice of an enabled event (0 to ${moves.length - 1}), got ${String(choice)}`);
    }
    this.take(here, moves[choice]!);
  }

  private take(here: Node, move: Move): void {
    let child = here.children.map((c) => this.nodes[c]!).find((c) => c.key === move.key);
    if (child === undefined) {
      let state = here.state;
      let error: StepError | null = null;
      try {
        state = move.run();
      } catch (e) {
        if (!(e instanceof HandlerFailure)) throw e;
        error = stepErrorOf(e, this.cursor + 1);
      }
      child = this.makeNode(here.id, move.step, move.key, state, move.stageAfter, error);
      this.nodes.push(child);
      here.children.push(child.id);
    }
    this.line = [...this.line.slice(0, this.cursor + 1), child.id];
    this.cursor++;
    // Keep the forward part when re-entering a known branch: follow its first continuation.
    for (let n = child; n.children.length > 0; ) {
      n = this.nodes[n.children[n.children.length - 1]!]!;
      this.line.push(n.id);
    }
  }

  back(): boolean {
    if (this.cursor === 0) return false;
    this.cursor--;
    return true;
  }

  forward(): boolean {
    if (this.cursor >= this.line.length - 1) return false;
    this.cursor++;
    return true;
  }

  /** Moves to a node of the branch tree (its id from `tree()`). */
  goTo(id: number): void {
    if (!Number.isInteger(id) || this.nodes[id] === undefined) throw new Error(`Explorer.goTo: pass the id of a node from tree() (0 to ${this.nodes.length - 1})`);
    const up: number[] = [];
    for (let n: Node | undefined = this.nodes[id]; n !== undefined; n = n.parent === null ? undefined : this.nodes[n.parent]) up.push(n.id);
    up.reverse();
    const onLine = this.line.indexOf(id);
    if (onLine >= 0) {
      this.cursor = onLine;
      return;
    }
    this.line = up;
    this.cursor = up.length - 1;
  }

  /** The path from the initial state to the current one. */
  path(): PathStep[] {
    return this.line.slice(1, this.cursor + 1).map((id) => this.nodes[id]!.step!);
  }

  token(): string {
    return encodeReplayToken(this.path());
  }

  /** The trace of the current path (the setup's records first), as the checker records it. */
  trace(): Trace {
    return this.driver.checker.replay(this.path()).trace;
  }

  processes(): ProcessState[] {
    const { engine } = this.driver;
    const n = this.node;
    const before = n.parent === null ? null : this.nodes[n.parent]!.state;
    return engine.ids.map((id, p) => {
      const e = n.state.procs[p]!;
      const fields = e.instance === null ? [] : fieldsOf(e.instance);
      const old = before === null ? null : before.procs[p]!.instance;
      const oldFields = new Map(old === null || old === undefined ? [] : fieldsOf(old).map(([k, v]) => [k, JSON.stringify(v)]));
      const changed = before === null ? [] : fields.filter(([k, v]) => oldFields.get(k) !== JSON.stringify(v)).map(([k]) => k);
      return {
        id,
        node: engine.topology.nodes[engine.topology.nodeOf[p]!]!,
        crashed: e.instance === null,
        fields,
        changed,
        timers: e.timers.map((t) => ({ name: t.name, deadline: t.armedAt + t.delay })),
        clock: e.clock,
      };
    });
  }

  invariants(): InvariantStatus[] {
    return this.check(this.node.state, this.node.stage);
  }

  /**
   * Applies seeded random choices among the checker's actions (never a crash, a recovery or a
   * stage start) from here until none is enabled, an invariant fails, a handler throws, or `maxSteps`.
   */
  runToQuiet(opts: { seed?: number; maxSteps?: number } = {}): RunToQuietResult {
    const seed = opts.seed ?? 0;
    const maxSteps = opts.maxSteps ?? 1000;
    if (!Number.isInteger(seed) || seed < 0) throw new Error('Explorer.runToQuiet: seed must be a non-negative integer');
    if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new Error('Explorer.runToQuiet: maxSteps must be a positive integer');
    const rng = Rng.fromSeed(seed + this.cursor);
    for (let steps = 0; ; steps++) {
      if (this.node.error !== null) return { steps, stopped: 'studentError' };
      if (this.node.violated) return { steps, stopped: 'violated' };
      const n = this.driver.engine.actions(this.node.state).length;
      if (n === 0) return { steps, stopped: 'quiet' };
      if (steps >= maxSteps) return { steps, stopped: 'maxSteps' };
      this.apply(rng.int(0, n - 1)); // the checker's actions are the first `n` events
    }
  }

  /** Starts over at the initial state and follows a path token (a counterexample's, or one copied here); throws when the token does not fit. */
  loadToken(token: string): void {
    this.driver.checker.replayToken(token); // throws unless the token fits this system (choices, label checksum)
    this.loadPath(decodeReplayToken(token).steps, 'Explorer.loadToken');
  }

  /**
   * Starts over and follows a simulated run: `records` are the trace records a simulation wrote
   * after the state this explorer started from. Goes as far as the checker can follow.
   */
  loadRecords(records: readonly TraceEvent[]): FollowResult {
    const r = this.driver.checker.follow(records);
    this.loadPath(r.path, 'Explorer.loadRecords');
    return r;
  }

  view(): ExplorerView {
    const n = this.node;
    return {
      step: this.cursor,
      lineLength: this.line.length - 1,
      current: n.id,
      events: this.events(),
      processes: this.processes(),
      invariants: this.invariants(),
      error: n.error,
      path: this.path(),
      token: this.token(),
      tree: this.tree(),
      stage: n.stage,
      stages: this.stageList.length,
    };
  }

  tree(): BranchNode[] {
    return this.nodes.map((n) => ({ id: n.id, parent: n.parent, choice: n.step !== null && 'choice' in n.step ? n.step.choice : null, label: n.step?.label ?? null, children: n.children.slice(), violated: n.violated, failed: n.error !== null }));
  }

  private loadPath(path: readonly TokenStep[], where: string): void {
    this.cursor = 0;
    this.line = [0];
    for (let i = 0; i < path.length && this.node.error === null; i++) {
      const p = path[i]!;
      const key = 'prepare' in p ? `s${p.prepare}` : 'crash' in p ? `c${p.crash}` : 'recover' in p ? `r${p.recover}` : `a${p.choice}`;
      const move = this.moves(this.node).find((m) => m.key === key);
      if (move === undefined) {
        const why = 'prepare' in p ? `stage ${p.prepare} cannot start there (the previous search's collect condition does not hold)` : 'choice' in p ? `choice ${p.choice} is not enabled there` : 'that node is not one this test lets the explorer crash';
        throw new Error(`${where}: step ${i} of the path does not apply: ${why}`);
      }
      this.take(this.node, move);
      this.line = this.line.slice(0, this.cursor + 1);
    }
  }

  private makeNode(parent: number | null, step: PathStep | null, key: string | null, state: MCState, stage: number, error: StepError | null): Node {
    const violated = error === null && this.check(state, stage).some((i) => !i.ok);
    return { id: this.nodes.length, parent, step, key, state, stage, error, children: [], violated };
  }

  /** A condition (a stage's `from`): true only when the predicate answers exactly true. */
  private holds(p: NamedPredicate, state: MCState): boolean {
    try {
      return p.test(this.driver.view(state)) === true;
    } catch {
      return false;
    }
  }

  private check(state: MCState, stage: number): InvariantStatus[] {
    const view = this.driver.view(state);
    return this.invariantLists[stage]!.map((p) => {
      try {
        const r: unknown = p.test(view);
        if (r === true) return { name: p.name, ok: true, message: null };
        if (r === false) return { name: p.name, ok: false, message: `invariant "${p.name}" does not hold` };
        if (typeof r === 'string') return { name: p.name, ok: false, message: r };
        return { name: p.name, ok: false, message: `invariant "${p.name}" returned ${typeof r}, not true, false or a message` };
      } catch (e) {
        return { name: p.name, ok: false, message: `invariant "${p.name}" threw: ${describeThrown(e)}` };
      }
    });
  }
}

function fieldsOf(instance: object): [string, ReturnType<typeof toPlainData>][] {
  return Object.keys(instance).map((k) => [k, toPlainData((instance as Record<string, unknown>)[k])]);
}
