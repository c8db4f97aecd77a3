import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { gradeSubmission } from '../src/grade/index.js';

const KV = fileURLToPath(new URL('../../../assignments/kv-replication/', import.meta.url));

/** Grades one test of a mutant (mutants/NAME.patch applied to a copy of reference/). */
async function gradeOne(mutant: string, test: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-kv-mutant-'));
  try {
    materializeMutant(KV, mutant, path.join(dir, 'mutant'));
    const r = await gradeSubmission({ assignmentDir: KV, solutionDir: path.join(dir, 'mutant'), only: test, replayCommand: (t, s) => `replay ${t} ${s}` });
    assert.equal(r.tests.length, 1);
    return r.tests[0]!;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('kv-replication: the linearizability checker grades the strict-quorum histories', function () {
  this.timeout(120_000);

  it('catches the stale-read mutant (reads answer after one replica) and shows the evidence', async () => {
    const t = await gradeOne('read-one', 'linearizable');
    assert.equal(t.status, 'failed');
    assert.match(t.message ?? '', /the answers are not linearizable: no order of the operations on key "a" fits their times/);
    assert.match(t.message ?? '', /The longest order that works \(\d+ operations\):\n {2}r\d: /);
    assert.match(t.message ?? '', /after which none of these can come next:\n {2}r\d: get\("a"\) -> "\d+" {2}\[\d+\.\d{3}, \d+\.\d{3}\]/);
  });

  it('catches a read that answers before its repair is acknowledged, which only a history shows', async () => {
    const t = await gradeOne('answer-before-repair', 'stale-after-read');
    assert.equal(t.status, 'failed');
    assert.match(t.message ?? '', /r5: get\("a"\) -> "new" {2}\[6\.500, 8\.500\]\nafter which none of these can come next:\n {2}r2: get\("a"\) -> "old"/);
  });
});
