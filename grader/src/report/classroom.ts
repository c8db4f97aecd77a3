import type { GradeReport, TestGrade } from '../grade/index.js';
import { statusLabel } from './status-label.js';

/**
 * One runner's result as GitHub Classroom's `autograding-grading-reporter` reads it (base64 JSON
 * in the env var `<RUNNER>_RESULTS`, the `result` output of a grader step): it adds up each
 * runner's `max_score` and every test's `score` into the "Points N/M" that Classroom records.
 */
export interface ClassroomResult {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: ClassroomTest[];
}

export interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  message: string;
  /** The command that replays the failing run (the reporter shows it next to the test). */
  test_code: string;
}

function status(t: TestGrade): ClassroomTest['status'] {
  if (t.status === 'passed' || (t.status === 'unknown' && t.score === t.maxScore)) return 'pass';
  // An error of the sandbox or the compiler is not a wrong answer; the reporter flags it as such.
  return t.status === 'error' && t.errorSource !== 'student' ? 'error' : 'fail';
}

function message(t: TestGrade): string {
  if (status(t) === 'pass') return '';
  return [`${statusLabel(t)}: ${t.message ?? ''}`, t.where !== null ? `at ${t.where}` : null, t.seed !== null ? `seed ${t.seed}` : null].filter((l) => l !== null).join('\n');
}

/** A graded submission as one GitHub Classroom autograding runner. */
export function toClassroom(r: GradeReport): ClassroomResult {
  const tests = r.tests.map((t) => ({ name: t.name, status: status(t), score: t.score, message: message(t), test_code: t.replay ?? '' }));
  const overall = tests.every((t) => t.status === 'pass') && r.compile.ok ? 'pass' : tests.some((t) => t.status === 'error') ? 'error' : 'fail';
  return { version: 1, status: overall, max_score: r.maxScore, tests };
}
