import { describeThrown } from '../errors.js';
import { decodeReplayToken, encodeReplayToken, type FollowResult, type NamedPredicate, type PathStep } from '../mc/index.js';
import { HandlerFailure, StepDriver, timerOf, type MCState, type TransitionOptions } from '../mc/driver.js';
import type { Trace, TraceEvent } from '../trace.js';
import { Rng } from '../rng.js';
import type { System } from '../system.js';
import { toPlainData } from './plain-data.js';
import type { BranchNode, EnabledEvent, ExplorerView, InvariantStatus, ProcessState, RunToQuietResult, StepError } from './types.js';

export interface ExplorerOptions extends TransitionOptions {
  /** Checked at every state the explorer shows (the scenario's invariants). */
  invariants?: readonly NamedPredicate[];
}

interface Node {
  id: number;
  parent: number | null;
  choice: number | null;
  label: string | null;
  state: MCState;
  error: StepError | null;
  children: number[];
  violated: boolean;
}

const VERBS = ['deliver', 'drop', 'duplicate', 'corrupt'] as const; // the engine's action variants 0..3

/**
 * The third driver of the transition model: a person picks the next event. It keeps a tree
 * of every path tried and a current line through it (back / forward move along the line;
 * applying an event from the middle of the line starts a new branch). Its paths are checker
 * paths: `token()` replays with `ModelChecker.replayToken` of a checker built from the same
 * system with the same options.
 */
export class Explorer {
  private readonly driver: StepDriver;
  private readonly invariantList: readonly NamedPredicate[];
  private readonly nodes: Node[] = [];
  private line: number[] = [0];
  private cursor = 0;

  constructor(system: System, options: ExplorerOptions = {}) {
    if (typeof system !== 'object' || system === null || typeof system.snapshot !== 'function') {
      throw new Error('new Explorer: pass a System built with addNode / addProcess (after the scenario\'s setup steps)');
    }
    const { invariants = [], ...transition } = options;
    if (!Array.isArray(invariants) || !invariants.every((p) => typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.test === 'function')) {
      throw new Error('new Explorer: invariants must be a list of { name, test(view) } objects');
    }
    this.invariantList = invariants;
    this.driver = new StepDriver('new Explorer', system, transition);
    this.nodes.push(this.makeNode(null, null, null, this.driver.initial, null));
  }

  private get node(): Node {
    return this.nodes[this.line[this.cursor]!]!;
  }

  /** The events enabled in the current state (none after a step whose handler threw). */
  events(): EnabledEvent[] {
    const n = this.node;
    if (n.error !== null) return [];
    const { engine } = this.driver;
    const s = n.state;
    return engine.actions(s).map((code, choice) => {
      const label = engine.label(s, code);
      if (code < 0) {
        const t = timerOf(code);
        return { choice, label, kind: 'timer', from: null, to: engine.ids[t.proc]!, msgType: null, data: null, timer: s.procs[t.proc]!.timers[t.timer]!.name };
      }
      const ev = s.events[code >> 2]!;
      return { choice, label, kind: VERBS[code & 3]!, from: engine.ids[ev.from]!, to: engine.ids[ev.to]!, msgType: ev.msg.type, data: toPlainData(ev.msg.data), timer: null };
    });
  }

  /** Applies enabled event `choice` (an index into `events()`); reuses the branch if it was tried before. */
  apply(choice: number): void {
    const here = this.node;
    if (here.error !== null) throw new Error(`Explorer.apply: the step that led here threw in ${here.error.proc}'s ${here.error.handler}; go back() first`);
    const actions = this.driver.engine.actions(here.state);
    if (!Number.isInteger(choice) || choice < 0 || choice >= actions.length) {
      throw new Error(`Explorer.apply: pass the choice of an enabled event (0 to ${actions.length - 1}), got ${String(choice)}`);
    }
    let child = here.children.map((c) => this.nodes[c]!).find((c) => c.choice === choice);
    if (child === undefined) {
      const code = actions[choice]!;
      const label = this.driver.engine.label(here.state, code);
      let state = here.state;
      let error: StepError | null = null;
      try {
        state = this.driver.engine.step(here.state, code);
      } catch (e) {
        if (!(e instanceof HandlerFailure)) throw e;
        const stack = e.error instanceof Error && typeof e.error.stack === 'string' ? e.error.stack : null;
        const original = (e.error as { original?: unknown }).original;
        const origStack = original instanceof Error || (typeof original === 'object' && original !== null && 'stack' in original) ? String((original as { stack: unknown }).stack) : null;
        error = { proc: e.proc, handler: e.handler, message: e.error.message, stack: origStack ?? stack };
      }
      child = this.makeNode(here.id, choice, label, state, error);
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
    return this.line.slice(1, this.cursor + 1).map((id) => {
      const n = this.nodes[id]!;
      return { choice: n.choice!, label: n.label! };
    });
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
    return this.check(this.node.state);
  }

  /** Applies seeded random choices from here until nothing is enabled, an invariant fails, a handler throws, or `maxSteps`. */
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
      this.apply(rng.int(0, n - 1));
    }
  }

  /** Starts over at the initial state and follows a path token (a counterexample's); throws when the token does not fit. */
  loadToken(token: string): void {
    this.driver.checker.replayToken(token); // throws unless the token fits this system (choices, label checksum)
    this.loadPath(tokenPath(this.driver, token));
  }

  /**
   * Starts over and follows a simulated run: `records` are the trace records a simulation wrote
   * after the state this explorer started from. Goes as far as the checker can follow.
   */
  loadRecords(records: readonly TraceEvent[]): FollowResult {
    const r = this.driver.checker.follow(records);
    this.loadPath(r.path);
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
    };
  }

  tree(): BranchNode[] {
    return this.nodes.map((n) => ({ id: n.id, parent: n.parent, choice: n.choice, label: n.label, children: n.children.slice(), violated: n.violated, failed: n.error !== null }));
  }

  private loadPath(path: readonly PathStep[]): void {
    this.cursor = 0;
    this.line = [0];
    for (const p of path) {
      if (!('choice' in p)) throw new Error('Explorer: paths with prepared stages are not supported; explore the first stage');
      this.apply(p.choice);
      this.line = this.line.slice(0, this.cursor + 1);
    }
  }

  private makeNode(parent: number | null, choice: number | null, label: string | null, state: MCState, error: StepError | null): Node {
    const violated = error === null && this.check(state).some((i) => !i.ok);
    return { id: this.nodes.length, parent, choice, label, state, error, children: [], violated };
  }

  private check(state: MCState): InvariantStatus[] {
    const view = this.driver.view(state);
    return this.invariantList.map((p) => {
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

/** The labelled path of a token, by stepping the driver's engine (the checker has validated it). */
function tokenPath(driver: StepDriver, token: string): PathStep[] {
  const out: PathStep[] = [];
  let s = driver.initial;
  for (const step of decodeReplayToken(token).steps) {
    if (!('choice' in step)) throw new Error('Explorer.loadToken: tokens with prepared stages are not supported; explore the first stage');
    const code = driver.engine.actions(s)[step.choice]!;
    out.push({ choice: step.choice, label: driver.engine.label(s, code) });
    try {
      s = driver.engine.step(s, code);
    } catch (e) {
      if (!(e instanceof HandlerFailure)) throw e;
      break;
    }
  }
  return out;
}
