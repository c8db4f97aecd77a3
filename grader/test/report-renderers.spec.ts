import assert from 'node:assert/strict';
import type { GradeReport, TestGrade } from '../src/grade/model.js';
import { renderConsole } from '../src/report/console.js';
import { toGradescope } from '../src/report/gradescope.js';
import { toPrairieLearn } from '../src/report/prairielearn.js';
import { renderHtml } from '../src/report/html.js';
import { toJUnit } from '../src/report/junit.js';

const hostile = '</script><img src=x onerror=alert(1)> \u001b[2J & "quotes" \u0000';

function grade(over: Partial<TestGrade>): TestGrade {
  return {
    name: 'drops', description: 'lossy network', kind: 'sim', group: 'fault-tolerance', score: 0, maxScore: 2, visibility: 'visible',
    status: 'failed', errorSource: null, path: null, message: `expected ${hostile}`, where: 'pp/tests/drops.yaml:9', seed: 7, runs: 3, replay: 'npx dsgrade replay pp --test drops --seed 7',
    wallMs: 12, counters: null, mc: null, output: `log ${hostile}\n`, trace: null, failStep: null, procs: [], ...over,
  };
}

const report: GradeReport = {
  assignment: { name: 'pp', title: 'Ping <b>pong</b>' },
  solution: 'sol',
  score: 2,
  maxScore: 4,
  bonusPoints: 0,
  groups: [{ name: 'fault-tolerance', score: 2, maxScore: 4, bonus: false }],
  tests: [grade({}), grade({ name: 'ok', status: 'passed', score: 2, message: null, seed: null, replay: null, output: '' })],
  compile: { ok: true, errors: [], warnings: [] },
  wallMs: 1500,
};

describe('report renderers', () => {
  it('console: student text cannot send terminal escapes; failure shows reason, seed and replay', () => {
    const text = renderConsole(report);
    assert.doesNotMatch(text, /[\u0000\u001b]/);
    assert.match(text, /\| log <\/script><img src=x onerror=alert\(1\)> \\u001b\[2J & "quotes" \\u0000/);
    assert.match(text, /seed 7 · replay: npx dsgrade replay pp --test drops --seed 7/);
    assert.match(text, /Score: 2\/4/);
  });

  it('JUnit: escapes markup and drops characters XML cannot carry', () => {
    const xml = toJUnit(report);
    assert.doesNotMatch(xml, /<img|<\/script>|\u0000|\u001b/);
    assert.match(xml, /&lt;\/script&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(xml, /tests="2" failures="1" errors="0"/);
  });

  it('Gradescope: score, visibility and output per test', () => {
    const g = toGradescope(report);
    assert.equal(g.score, 2);
    assert.equal(g.max_score, 4);
    assert.deepEqual(g.tests.map((t) => [t.name, t.status, t.score]), [['drops', 'failed', 0], ['ok', 'passed', 2]]);
    assert.match(g.tests[0]!.output, /replay: npx dsgrade replay pp --test drops --seed 7\n\noutput of your code:\nlog /);
  });

  it('HTML: student text is escaped, the page loads nothing from the network', () => {
    const html = renderHtml(report);
    assert.doesNotMatch(html, /<img src=x/);
    assert.match(html, /&lt;/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /<title>Ping &lt;b&gt;pong&lt;\/b&gt; — 2\/4<\/title>/);
  });

  it('an unknown result (an mc search stopped at a limit with passOnLimit) is shown as unknown everywhere, never as passed', () => {
    const unknown = grade({ name: 'search', kind: 'mc', status: 'unknown', score: 2, message: 'model checking stopped at its maxStates limit (100)', where: null, seed: null, replay: null, output: '' });
    const r: GradeReport = { ...report, tests: [unknown], score: 2, maxScore: 2 };
    const text = renderConsole(r);
    assert.match(text, /\? search .* 2\/2/);
    assert.match(text, /\[unknown\] model checking stopped at its maxStates limit/);
    assert.match(text, /0\/1 tests passed/);
    const xml = toJUnit(r);
    assert.match(xml, /failures="0" errors="0" skipped="1"/);
    assert.match(xml, /<skipped type="unknown" message="model checking stopped/);
    const g = toGradescope(r);
    assert.equal(g.tests[0]!.status, 'passed', 'it scored its points');
    assert.match(g.tests[0]!.output, /^Unknown \(2\/2 points\): model checking stopped/);
    const html = renderHtml(r);
    assert.match(html, /<tr class="test unknown" data-test="search" data-status="unknown" data-score="2">/);
    assert.match(html, /<h2>\? search <span class="muted">unknown<\/span><\/h2>/);
  });

  it('a bonus group adds to the score, not to the total: every report says so, PrairieLearn caps at 1', () => {
    const extra = grade({ name: 'compaction', group: 'compaction', status: 'passed', score: 2, message: null, seed: null, replay: null, output: '' });
    const core = grade({ name: 'ok', status: 'passed', score: 4, maxScore: 4, message: null, seed: null, replay: null, output: '' });
    const r: GradeReport = {
      ...report, tests: [core, extra], score: 6, maxScore: 4, bonusPoints: 2,
      groups: [{ name: 'fault-tolerance', score: 4, maxScore: 4, bonus: false }, { name: 'compaction', score: 2, maxScore: 2, bonus: true }],
    };
    const text = renderConsole(r);
    assert.match(text, /fault-tolerance 4\/4 · compaction 2\/2 \(bonus\)/);
    assert.match(text, /Score: 4\/4 \+ 2\/2 bonus/);
    const g = toGradescope(r);
    assert.equal(g.score, 6);
    assert.match(g.output, /: 4\/4 \+ 2\/2 bonus$/);
    assert.equal(toPrairieLearn(r).score, 1);
    const html = renderHtml(r);
    assert.match(html, /data-score="6" data-max-score="4">Score <strong>4 \/ 4<\/strong> \+ 2 \/ 2 bonus ·/);
    assert.match(html, /<td>compaction <span class="muted">\(bonus\)<\/span><\/td><td>2 \/ 2<\/td>/);
    // Bonus points missed are shown as such; a report without bonus groups says nothing of them.
    const none: GradeReport = { ...r, tests: [core, { ...extra, status: 'failed', score: 0 }], score: 4, groups: [r.groups[0]!, { ...r.groups[1]!, score: 0 }] };
    assert.match(renderConsole(none), /Score: 4\/4 \+ 0\/2 bonus/);
    assert.doesNotMatch(renderConsole(report), /bonus/);
    assert.doesNotMatch(renderHtml(report), /bonus/);
  });

  it('names whose error it is: student, sandbox or compile', () => {
    const student = grade({ name: 'boom', status: 'error', errorSource: 'student', message: 'process "a" threw' });
    const sandbox = grade({ name: 'lost', status: 'error', errorSource: 'sandbox', message: 'the test process misbehaved' });
    const r: GradeReport = { ...report, tests: [student, sandbox] };
    assert.match(renderConsole(r), /\[student error\] .*process "a" threw/);
    const xml = toJUnit(r);
    assert.match(xml, /failures="1" errors="1"/);
    assert.match(xml, /<failure type="student error"/);
    assert.match(xml, /<error type="sandbox error"/);
  });

  it('a failed model-checking test shows its path and the replay command with --path in every report', () => {
    const replay = 'npx dsgrade replay pp --test mc --path 0.s1.2-8ec574c0';
    const mc = grade({ name: 'mc', kind: 'mc', seed: null, path: '0.s1.2-8ec574c0', replay, output: '' });
    const r: GradeReport = { ...report, tests: [mc] };
    assert.match(renderConsole(r), /path 0\.s1\.2-8ec574c0 · replay: npx dsgrade replay pp --test mc --path 0\.s1\.2-8ec574c0/);
    assert.match(toGradescope(r).tests[0]!.output, /\npath 0\.s1\.2-8ec574c0\nreplay: npx dsgrade replay pp --test mc --path 0\.s1\.2-8ec574c0/);
    assert.match(toJUnit(r), /replay: npx dsgrade replay pp --test mc --path 0\.s1\.2-8ec574c0/);
    const html = renderHtml(r);
    assert.match(html, /<p>Path <code>0\.s1\.2-8ec574c0<\/code><\/p>/);
    assert.match(html, /<code class="replay">npx dsgrade replay pp --test mc --path 0\.s1\.2-8ec574c0<\/code>/);
  });
});
