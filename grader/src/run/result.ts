import type { Trace } from '@dsgrade/framework';
import type { Limits, SourcePos } from '../scenario/types.js';

/** How one run (one seed, or one search) ended. Data, never text to parse. */
export type RunOutcome =
  | { status: 'passed' }
  | { status: 'failed'; check: string | null; message: string; at: SourcePos | null }
  | { status: 'limitReached'; limit: keyof Limits | 'handlerTime' | 'maxDepth' | 'maxStates' | 'timeLimit' | 'walks'; value: number; message: string }
  | { status: 'studentError'; message: string; proc: string | null }
  | { status: 'sandboxError'; reason: string };

export interface RunCounters {
  messages: number;
  steps: number;
  simTime: number;
  wallMs: number;
}

/** One seeded simulation run. */
export interface SeedRun {
  seed: number;
  outcome: RunOutcome;
  counters: RunCounters;
  /** Recorded for failing runs and when asked for. */
  trace: Trace | null;
  /** The simulation step at which the failure was detected. */
  failStep: number | null;
}

export interface McFigures {
  status: string;
  states: number;
  unique: number;
  maxDepth: number;
  statesPerSec: number;
  elapsedMs: number;
}

/** Everything the sandbox reports about one test; the parent turns it into points. */
export interface TestRun {
  test: string;
  kind: 'sim' | 'mc';
  outcome: RunOutcome;
  runs: number;
  failingSeeds: number[];
  /** The first failing run (with its trace), or with --trace the last run. */
  shown: SeedRun | null;
  counters: RunCounters;
  mc: McFigures | null;
  /** Process → node, for drawing the trace. */
  procs: { id: string; node: string }[];
  /** sometimes-assertion coverage: name → hits, when the run used any. */
  coverage: Record<string, number>;
  /** Where, in the job's captured console output, the shown run's output begins (null: all of it). */
  outputFrom: number | null;
}
