import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { gradeSubmission, SetupError } from '../src/grade/index.js';

const PING_PONG = fileURLToPath(new URL('../../../assignments/ping-pong/', import.meta.url));

describe('gradeSubmission with a list of tests', function () {
  this.timeout(120_000);
  let mutant: string;
  before(() => {
    mutant = materializeMutant(PING_PONG, 'no-dedup', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-some-')), 'no-dedup'));
  });
  after(() => fs.rmSync(path.dirname(mutant), { recursive: true, force: true }));

  const grade = (extra: Record<string, unknown>) => gradeSubmission({ assignmentDir: PING_PONG, solutionDir: mutant, replayCommand: () => '', ...extra });

  it('runs exactly those tests, in the order given, and scores out of their points and groups', async () => {
    const r = await grade({ tests: ['duplicates', 'reliable', 'few-messages'] });
    assert.deepEqual(r.tests.map((t) => [t.name, t.status]), [['duplicates', 'failed'], ['reliable', 'passed'], ['few-messages', 'passed']]);
    assert.equal(r.maxScore, 3);
    assert.equal(r.score, 2);
    assert.deepEqual(r.groups.map((g) => g.name), ['correctness', 'fault-tolerance', 'efficiency']);
  });

  it('refuses an unknown test name, and tests together with only', async () => {
    await assert.rejects(grade({ tests: ['reliable', 'nope'] }), (e: unknown) => e instanceof SetupError && /no test named "nope" in ping-pong; tests are: reliable, delays/.test(e.message));
    await assert.rejects(grade({ tests: ['reliable'], only: 'reliable' }), (e: unknown) => e instanceof SetupError && /tests selects several tests; pass it without only/.test(e.message));
  });
});
