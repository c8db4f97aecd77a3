// Records a simulated run's history for the linearizability checker: when the test sent each
// local message (a request) and every answer processes sent to their user, with its time.
import type { SystemView } from '../view.js';

/** One local message a process sent to its user, at simulated time `time`. */
export interface RecordedAnswer {
  readonly proc: string;
  readonly type: string;
  /** The message's data; `{}` when it had none. */
  readonly data: unknown;
  readonly time: number;
}

/** What a run recorded so far. */
export interface RecordedHistory {
  /** `requests[k - 1]` is the time the test sent its k-th local message. */
  readonly requests: readonly number[];
  /** Every answer, in the order they were sent. */
  readonly answers: readonly RecordedAnswer[];
  /** Counts runs from 1: a check that keeps its own per-run state keys it on this. */
  readonly run: number;
}

interface RunState {
  run: number;
  steps: number;
  localOut: number;
  requests: number[];
  seen: Map<string, number>;
  answers: RecordedAnswer[];
}

/**
 * One recorder per checks.ts (a module-level `const`). A test feeds it from an invariant that
 * runs after every step (`record`); a check then reads the run's history (`history`). A new
 * run (the next seed, or the traced rerun) is told apart by its counters going back, so the
 * invariant and a check step may see the run through different view objects.
 * Model checking has no time: `record` refuses it.
 */
export class HistoryRecorder {
  private current: RunState | null = null;
  private runs = 0;

  /** The invariant's body: brings the record up to `view`'s step. Holds in every sim state. */
  record(view: SystemView): true | string {
    if (view === null || typeof view !== 'object' || typeof view.stats !== 'function') {
      throw new Error('HistoryRecorder.record: pass the SystemView the invariant was handed');
    }
    const stats = view.stats();
    if (stats === null || isModelChecking(view)) return 'HistoryRecorder.record: only sim tests can record a history (model checking has no time)';
    const run = this.runOf(view)!;
    run.steps = stats.steps;
    while (run.requests.length < stats.localIn) run.requests.push(view.time);
    if (stats.localOut === run.localOut) return true;
    run.localOut = stats.localOut;
    for (const proc of view.processIds()) {
      const msgs = view.localMessages(proc);
      for (let i = run.seen.get(proc) ?? 0; i < msgs.length; i++) {
        const m = msgs[i]!;
        run.answers.push({ proc, type: m.type, data: m.data ?? {}, time: view.time });
      }
      run.seen.set(proc, msgs.length);
    }
    return true;
  }

  /**
   * The history of the run `view` is in, up to now; null when the recording invariant did not
   * see this run (the test lacks it, or runs it less often than every step).
   */
  history(view: SystemView): RecordedHistory | null {
    if (view === null || typeof view !== 'object' || typeof view.stats !== 'function') {
      throw new Error('HistoryRecorder.history: pass the SystemView the check was handed');
    }
    const stats = view.stats();
    const run = this.current;
    if (run === null || stats === null || isModelChecking(view) || run.steps > stats.steps || run.requests.length !== stats.localIn) return null;
    this.record(view);
    return { requests: run.requests, answers: run.answers, run: run.run };
  }

  /**
   * The number of the sim run `view` is in (from 1), starting a new record when its counters
   * went back; null in model checking. For checks that keep their own per-run state.
   */
  runNumber(view: SystemView): number | null {
    return this.runOf(view)?.run ?? null;
  }

  private runOf(view: SystemView): RunState | null {
    const stats = view.stats();
    if (stats === null || isModelChecking(view)) return null;
    const c = this.current;
    if (c === null || stats.steps < c.steps || stats.localIn < c.requests.length) {
      this.runs += 1;
      this.current = { run: this.runs, steps: 0, localOut: 0, requests: [], seen: new Map(), answers: [] };
    }
    return this.current;
  }
}

/** A model checker's view has per-path counters too, but its `depth` says what it is. */
function isModelChecking(view: SystemView): boolean {
  return typeof (view as { depth?: unknown }).depth === 'number';
}
