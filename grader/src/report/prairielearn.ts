import type { GradeReport, TestGrade } from '../grade/index.js';
import { scoreText } from '../grade/index.js';
import { statusLabel } from './status-label.js';

/** PrairieLearn's external-grader results.json (the fields dsgrade fills). */
export interface PrairieLearnResults {
  /** False when the submission could not be graded at all (it does not compile): PrairieLearn then charges no attempt. */
  gradable: boolean;
  /** Fraction of the points, 0..1. */
  score: number;
  message: string;
  output: string;
  tests: PrairieLearnTest[];
}

export interface PrairieLearnTest {
  name: string;
  description: string;
  points: number;
  max_points: number;
  message: string;
  output: string;
}

function passed(t: TestGrade): boolean {
  return t.status === 'passed' || (t.status === 'unknown' && t.score === t.maxScore);
}

/**
 * One test. PrairieLearn shows every test to the student and has no per-test visibility, so a
 * hidden test shows its name and points only: its seed, replay command and output would tell
 * what it checks.
 */
function plTest(t: TestGrade): PrairieLearnTest {
  const base = { name: t.name, points: t.score, max_points: t.maxScore };
  if (t.visibility === 'hidden') return { ...base, description: 'hidden test', message: passed(t) ? 'passed' : 'did not pass', output: '' };
  if (passed(t)) return { ...base, description: t.description, message: 'passed', output: t.output };
  const lines = [`${statusLabel(t)}: ${t.message ?? ''}`];
  if (t.where !== null) lines.push(`at ${t.where}`);
  if (t.seed !== null) lines.push(`seed ${t.seed}`);
  if (t.path !== null) lines.push(`path ${t.path}`);
  if (t.replay !== null) lines.push(`replay: ${t.replay}`);
  return { ...base, description: t.description, message: lines.join('\n'), output: t.output };
}

/** A graded submission as PrairieLearn's external grader reads it from /grade/results/results.json. */
export function toPrairieLearn(r: GradeReport): PrairieLearnResults {
  if (!r.compile.ok) {
    const errors = r.compile.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n');
    return { gradable: false, score: 0, message: `Your code does not compile:\n${errors}`, output: '', tests: [] };
  }
  return {
    gradable: true,
    // PrairieLearn takes a score in [0, 1]; its own bonus points are set per assessment, not by graders.
    score: r.maxScore === 0 ? 0 : Math.min(1, r.score / r.maxScore),
    message: `${r.assignment.title}: ${scoreText(r)}`,
    output: '',
    tests: r.tests.map(plTest),
  };
}
