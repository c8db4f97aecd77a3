import type { TestStatus } from '../grade/index.js';
import type { GeneratedMutant } from './mutant.js';

/**
 * What grading one mutant with `test --bail` showed: a test failed (killed, by the first
 * failing test), every test passed (survived), or the mutant is no program at all (it does
 * not compile, or the grader could not run it), which Stryker calls invalid and leaves out of
 * the score.
 */
export type MutantOutcome =
  | { status: 'killed'; test: string; testStatus: TestStatus }
  | { status: 'survived' }
  | { status: 'invalid'; reason: string };

export interface MutantResult {
  mutant: GeneratedMutant;
  label: string;
  outcome: MutantOutcome;
  /** The reason from mutants/equivalent.yaml when the mutant is listed there. */
  equivalent: string | null;
  cached: boolean;
}

export interface MutationReport {
  /** The assignment folder's name. */
  assignment: string;
  hash: string;
  results: MutantResult[];
  killed: number;
  /** Survivors not listed as equivalent. */
  survived: number;
  /** Listed in mutants/equivalent.yaml (whatever their outcome). */
  equivalent: number;
  invalid: number;
  /** killed / (killed + survived), in percent; null when there is nothing to score. */
  score: number | null;
  /** Entries of equivalent.yaml that name no generated mutant (the reference changed): `file:line: label`. */
  staleEquivalents: string[];
  /** Mutants listed as equivalent that a test kills, so they are not. */
  killedEquivalents: MutantResult[];
}
