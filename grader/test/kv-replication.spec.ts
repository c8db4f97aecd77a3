import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeSubmission } from '../src/grade/grade-submission.js';

const KV = fileURLToPath(new URL('../../../assignments/kv-replication/', import.meta.url));

async function gradeOne(solution: string, test: string) {
  const r = await gradeSubmission({ assignmentDir: KV, solutionDir: path.join(KV, solution), only: test, replayCommand: (t, s) => `replay ${t} ${s}` });
  assert.equal(r.tests.length, 1);
  return r.tests[0]!;
}

describe('kv-replication: the linearizability checker grades the strict-quorum histories', function () {
  this.timeout(120_000);

  it('catches the stale-read mutant (reads answer after one replica) and shows the evidence', async () => {
    const t = await gradeOne('mutants/read-one', 'linearizable');
    assert.equal(t.status, 'failed');
    assert.match(t.message ?? '', /the answers are not linearizable: no order of the operations on key "a" fits their times/);
    assert.match(t.message ?? '', /The longest order that works \(\d+ operations\):\n {2}r\d: /);
    assert.match(t.message ?? '', /after which none of these can come next:\n {2}r\d: get\("a"\) -> "\d+" {2}\[\d+\.\d{3}, \d+\.\d{3}\]/);
  });

  it('catches a read that answers before its repair is acknowledged, which only a history shows', async () => {
    const t = await gradeOne('mutants/answer-before-repair', 'stale-after-read');
    assert.equal(t.status, 'failed');
    assert.match(t.message ?? '', /r5: get\("a"\) -> "new" {2}\[6\.500, 8\.500\]\nafter which none of these can come next:\n {2}r2: get\("a"\) -> "old"/);
  });
});
