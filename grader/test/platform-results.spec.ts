import assert from 'node:assert/strict';
import type { GradeReport, TestGrade } from '../src/grade/model.js';
import { toClassroom } from '../src/report/classroom.js';
import { toGradescope } from '../src/report/gradescope.js';
import { toPrairieLearn } from '../src/report/prairielearn.js';
import { assertFits, CLASSROOM_RESULT, GRADESCOPE_RESULTS, PRAIRIELEARN_RESULTS } from './course/platform-schemas.js';

function grade(over: Partial<TestGrade>): TestGrade {
  return {
    name: 'drops', description: 'lossy network', kind: 'sim', group: 'fault-tolerance', score: 0, maxScore: 2, visibility: 'visible',
    status: 'failed', errorSource: null, path: null, message: 'expected one PONG, got 2', where: 'pp/tests/drops.yaml:9', seed: 7, runs: 3,
    replay: 'npx dsgrade replay pp --test drops --seed 7', wallMs: 12, counters: null, mc: null, output: 'log line\n', trace: null, failStep: null, procs: [], ...over,
  };
}

const report: GradeReport = {
  assignment: { name: 'pp', title: 'Ping-pong' },
  solution: 'sol',
  score: 3,
  maxScore: 7,
  bonusPoints: 0,
  groups: [{ name: 'fault-tolerance', score: 3, maxScore: 7, bonus: false }],
  tests: [
    grade({}),
    grade({ name: 'ok', status: 'passed', score: 2, message: null, seed: null, replay: null, output: '' }),
    grade({ name: 'secret', visibility: 'hidden', seed: 99, replay: 'npx dsgrade replay pp --test secret --seed 99', output: 'secret log' }),
    grade({ name: 'crashy', status: 'error', errorSource: 'sandbox', message: 'the sandbox child died', maxScore: 1 }),
    grade({ name: 'partial', status: 'unknown', score: 1, maxScore: 1, message: 'search stopped at maxStates', seed: null, replay: null }),
  ],
  compile: { ok: true, errors: [], warnings: [] },
  wallMs: 2400,
};

describe('the autograder platforms\' results files', () => {
  it('Gradescope: fits the documented fields; hidden tests after publishing; stdout for the instructor only', () => {
    const g = toGradescope(report);
    assertFits(GRADESCOPE_RESULTS, g, 'Gradescope results');
    assert.deepEqual(g.tests.map((t) => t.visibility), ['visible', 'visible', 'after_published', 'visible', 'visible']);
    assert.equal(g.stdout_visibility, 'hidden');
  });

  it('PrairieLearn: score as a fraction, points per test, a hidden test shows neither seed nor output', () => {
    const p = toPrairieLearn(report);
    assertFits(PRAIRIELEARN_RESULTS, p, 'PrairieLearn results');
    assert.equal(p.gradable, true);
    assert.equal(p.score, 3 / 7);
    assert.deepEqual(p.tests.map((t) => [t.name, t.points, t.max_points]), [['drops', 0, 2], ['ok', 2, 2], ['secret', 0, 2], ['crashy', 0, 1], ['partial', 1, 1]]);
    assert.match(p.tests[0]!.message, /^failed: expected one PONG, got 2\nat pp\/tests\/drops\.yaml:9\nseed 7\nreplay: npx dsgrade replay pp --test drops --seed 7$/);
    const secret = JSON.stringify(p.tests[2]);
    assert.doesNotMatch(secret, /99|secret log|lossy/);
    assert.equal(p.tests[4]!.message, 'passed', 'an unknown result that scored its points passes');
  });

  it('PrairieLearn: a submission that does not compile is not gradable, and says why', () => {
    const p = toPrairieLearn({ ...report, score: 0, compile: { ok: false, errors: [{ file: 'index.ts', line: 3, column: 5, message: "Type 'string' is not assignable to type 'number'." }], warnings: [] } } as GradeReport);
    assertFits(PRAIRIELEARN_RESULTS, p, 'PrairieLearn results');
    assert.deepEqual([p.gradable, p.score, p.tests.length], [false, 0, 0]);
    assert.match(p.message, /index\.ts:3:5: Type 'string'/);
  });

  it('GitHub Classroom: one runner result with points per test; a sandbox error is an error, not a wrong answer', () => {
    const c = toClassroom(report);
    assertFits(CLASSROOM_RESULT, c, 'Classroom result');
    assert.equal(c.max_score, 7);
    assert.deepEqual(c.tests.map((t) => [t.name, t.status, t.score]), [['drops', 'fail', 0], ['ok', 'pass', 2], ['secret', 'fail', 0], ['crashy', 'error', 0], ['partial', 'pass', 1]]);
    assert.equal(c.status, 'error');
    assert.equal(c.tests[0]!.test_code, 'npx dsgrade replay pp --test drops --seed 7');
    assert.equal(toClassroom({ ...report, tests: [report.tests[1]!] }).status, 'pass');
    assert.equal(toClassroom({ ...report, tests: [report.tests[0]!, report.tests[1]!] }).status, 'fail');
  });
});
