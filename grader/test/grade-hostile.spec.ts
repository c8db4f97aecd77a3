import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeSubmission } from '../src/grade/grade-submission.js';
import type { GradeReport } from '../src/grade/model.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ECHO = path.join(ROOT, 'grader/fixtures/assignments/echo');
const HOSTILE = path.join(ROOT, 'grader/fixtures/assignments/echo-hostile');

function grade(solution: string): Promise<GradeReport> {
  return gradeSubmission({ assignmentDir: ECHO, solutionDir: solution, replayCommand: (t, s) => `replay ${t} ${s}` });
}

/** What the attack test must end as, and the words its reason must contain. */
const expected: Record<string, { status: string; source?: string; reason: RegExp }> = {
  'infinite-loop': { status: 'limit', reason: /process "client" at step 1: the onLocalMessage handler ran for more than 1 s of wall time/ },
  'memory-bomb': { status: 'limit', reason: /memory limit of 128 MB/ },
  'deep-recursion': { status: 'error', source: 'student', reason: /RangeError: Maximum call stack size exceeded/ },
  'process-exit': { status: 'error', source: 'student', reason: /process is not defined/ },
  'read-file': { status: 'error', source: 'student', reason: /loader is not a function/ },
  'write-file': { status: 'error', source: 'student', reason: /loader is not a function/ },
  'spawn-process': { status: 'error', source: 'student', reason: /loader is not a function/ },
  'network-connect': { status: 'error', source: 'student', reason: /fetch is not defined/ },
  'constructor-escape': { status: 'error', source: 'student', reason: /Code generation from strings disallowed/ },
  'message-escape': { status: 'error', source: 'student', reason: /Code generation from strings disallowed/ },
  'error-escape': { status: 'error', source: 'student', reason: /Code generation from strings disallowed|ctx\.send: pass a message object/ },
  'throw-non-error': { status: 'error', source: 'student', reason: /process "client" in onLocalMessage at step 1 threw a non-Error value: 42$/ },
  // The untraced run fails its check first; the state is too deep to record only in the traced rerun.
  'deep-state': { status: 'failed', reason: /^expected one ATTACK now, got \[\]$/ },
  'realm-tojson': { status: 'failed', reason: /^expected one ATTACK now, got \[\]$/ },
  'huge-message': { status: 'failed', reason: /^expected one ATTACK now, got \[\{"type":"ATTACK","data":"xxx.*… \[\d+ more characters cut; \d+ in all\]$/ },
  'throwing-getter': { status: 'failed', reason: /^expected one ATTACK now, got \[\]$/ },
  'patch-globals': { status: 'passed', reason: /^$/ },
  'fake-score': { status: 'passed', reason: /^$/ },
};

describe('grading hostile submissions', function () {
  this.timeout(300_000);

  it('covers every hostile fixture on disk', () => {
    assert.deepEqual(fs.readdirSync(HOSTILE).sort(), Object.keys(expected).sort());
  });

  for (const [name, want] of Object.entries(expected)) {
    it(`contains ${name}: the attack test ends as ${want.status}, the other tests score as before`, async () => {
      const r = await grade(path.join(HOSTILE, name));
      assert.equal(r.compile.ok, true, JSON.stringify(r.compile.errors));
      const byName = Object.fromEntries(r.tests.map((t) => [t.name, t]));
      assert.equal(byName['first']!.status, 'passed', byName['first']!.message ?? '');
      assert.equal(byName['last']!.status, 'passed', byName['last']!.message ?? '');
      const attack = byName['attack']!;
      assert.equal(attack.status, want.status, attack.message ?? '');
      assert.equal(attack.errorSource, want.source ?? null, 'a student\'s error is reported as the student\'s, with a typed source');
      assert.match(attack.message ?? '', want.reason);
      assert.equal(r.score, want.status === 'passed' ? 6 : 4);
    });
  }

  it('a ping-pong submission whose every handler loops forever: each test ends on the per-call budget, not the wall-time limit', async () => {
    const pingPong = path.join(ROOT, 'assignments/ping-pong');
    const r = await gradeSubmission({ assignmentDir: pingPong, solutionDir: path.join(ROOT, 'grader/fixtures/hostile-grade/ping-pong-spin'), replayCommand: () => '' });
    assert.equal(r.tests.length, 10);
    for (const t of r.tests) {
      assert.ok(t.status === 'limit' || t.status === 'error', `${t.name}: ${t.status}`);
      assert.match(t.message ?? '', /handler ran for more than 1 s of wall time/, t.name);
      // One budget per test: the remaining seeds and the traced rerun of the hung one are skipped.
      if (t.kind === 'sim') assert.equal(t.runs, 1, t.name);
    }
    assert.equal(r.score, 0);
  });

  it('leaves no file behind from write or spawn attempts', () => {
    assert.equal(fs.existsSync('/tmp/dsgrade-pwned'), false);
  });

  it('keeps the student\'s console output as data, truncated, without changing the score', async () => {
    const r = await grade(path.join(HOSTILE, 'fake-score'));
    const attack = r.tests.find((t) => t.name === 'attack')!;
    assert.match(attack.output, /Score: 6\/6/);
    assert.equal(r.score, 6);
  });
});
