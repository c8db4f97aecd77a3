import type { ErrorSource, OutcomeStatus, Trace } from '@dsgrade/framework';
import type { Diagnostic } from '../compile/index.js';
import type { McFigures, RunCounters } from '../contract/index.js';

/** A test's status is its outcome's (framework/src/outcome.ts): passed, failed, limit, unknown or error. */
export type TestStatus = OutcomeStatus;

/** One test's grade, computed by the parent from what it observed. */
export interface TestGrade {
  name: string;
  description: string;
  kind: 'sim' | 'mc';
  group: string;
  score: number;
  maxScore: number;
  visibility: 'visible' | 'hidden';
  status: TestStatus;
  /** For status error: whose error it is (the student's code, the sandbox, the compiler); else null. */
  errorSource: ErrorSource | null;
  /** Why it did not pass (one paragraph), null when it passed. */
  message: string | null;
  /** Where the failing step or check is written, `file:line`. */
  where: string | null;
  seed: number | null;
  /** The replay token of the shown model-checking path (`--path`), null for sim tests. */
  path: string | null;
  runs: number;
  /** The exact command that reruns the failing run. */
  replay: string | null;
  wallMs: number;
  counters: RunCounters | null;
  mc: McFigures | null;
  /** Student console output during the test (untrusted, truncated). */
  output: string;
  /** The failing run's trace, for the report's diagram. */
  trace: Trace | null;
  failStep: number | null;
  procs: { id: string; node: string }[];
}

export interface GroupGrade {
  name: string;
  score: number;
  maxScore: number;
  /** Extra credit: its score adds to the total, its maxScore does not. */
  bonus: boolean;
}

/** A whole submission's grade; every renderer (console, JSON, JUnit, HTML) reads only this. */
export interface GradeReport {
  assignment: { name: string; title: string };
  solution: string;
  /** Every test's points, bonus groups included: may exceed maxScore. */
  score: number;
  /** Full marks: the points of the groups that are not bonus. */
  maxScore: number;
  /** The points bonus groups offer on top of maxScore (0 without them). */
  bonusPoints: number;
  groups: GroupGrade[];
  tests: TestGrade[];
  compile: { ok: boolean; errors: Diagnostic[]; warnings: Diagnostic[] };
  wallMs: number;
}
