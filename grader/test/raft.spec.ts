import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { gradeSubmission } from '../src/grade/index.js';

const RAFT = fileURLToPath(new URL('../../../assignments/raft/', import.meta.url));

/** Grades one test of a mutant (mutants/NAME.patch applied to a copy of reference/). */
async function gradeOne(mutant: string, test: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-raft-mutant-'));
  try {
    materializeMutant(RAFT, mutant, path.join(dir, 'mutant'));
    const r = await gradeSubmission({ assignmentDir: RAFT, solutionDir: path.join(dir, 'mutant'), only: test, replayCommand: (t, s) => `replay ${t} ${s}` });
    assert.equal(r.tests.length, 1);
    return r.tests[0]!;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('raft: the checks catch the classic Raft bugs they are meant for', function () {
  this.timeout(120_000);

  it('the linearizability checker catches the stale-read mutant (an isolated leader answers reads itself)', async () => {
    const t = await gradeOne('stale-read', 'partitioned-leader');
    assert.equal(t.status, 'failed');
    assert.match(t.message ?? '', /the answers are not linearizable: no order of the operations on key "a" fits their times/);
  });

  it('the election-safety invariant catches the vote-twice mutant in the model-checking test', async () => {
    const t = await gradeOne('vote-twice', 'mc-election');
    assert.equal(t.status, 'failed');
    assert.match(t.message ?? '', /invariant electionSafety violated .*two leaders in term 1: r\d and r\d at the same time/);
  });

  it('a durable vote: the mutant that does not persist votedFor votes twice after a crash', async () => {
    const t = await gradeOne('vote-not-persisted', 'mc-vote-persisted');
    assert.equal(t.status, 'failed');
    assert.match(t.message ?? '', /two leaders in term 1/);
  });
});
