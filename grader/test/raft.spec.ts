import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportStudent } from '../src/course/export-student.js';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { gradeSubmission, lostNoPoints, scoreText } from '../src/grade/index.js';

const RAFT = fileURLToPath(new URL('../../../assignments/raft/', import.meta.url));

/** Grades a mutant (mutants/NAME.patch applied to a copy of reference/): one test, or with `only` undefined all of them. */
async function gradeMutant(mutant: string, only?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-raft-mutant-'));
  try {
    materializeMutant(RAFT, mutant, path.join(dir, 'mutant'));
    return await gradeSubmission({ assignmentDir: RAFT, solutionDir: path.join(dir, 'mutant'), ...(only !== undefined ? { only } : {}), replayCommand: (t, s) => `replay ${t} ${s}`, seedJobs: 2 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function gradeOne(mutant: string, test: string) {
  const r = await gradeMutant(mutant, test);
  assert.equal(r.tests.length, 1);
  return r.tests[0]!;
}

const COMPACTION_TESTS = ['compaction-bounded', 'compaction-rejoin', 'compaction-recovery', 'compaction-chaos'];

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

describe('raft: log compaction is a bonus group worth 8 points on top of 38', function () {
  this.timeout(300_000);

  it('the reference scores 46 of 38 points, the bonus group compaction 8/8', async () => {
    const r = await gradeSubmission({ assignmentDir: RAFT, solutionDir: path.join(RAFT, 'reference'), replayCommand: (t, s) => `replay ${t} ${s}`, seedJobs: 2 });
    assert.deepEqual(r.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.message ?? t.status}`), []);
    assert.equal(r.maxScore, 38);
    assert.equal(r.bonusPoints, 8);
    assert.equal(r.score, 46);
    assert.equal(scoreText(r), '38/38 + 8/8 bonus');
    assert.deepEqual(r.groups.find((g) => g.name === 'compaction')?.score, 8);
  });

  it('the reference without compaction (it ignores maxLog) has full marks, 38/38: it loses exactly the bonus tests', async () => {
    const r = await gradeMutant('never-compacts');
    assert.equal(r.score, 38);
    assert.equal(r.score, r.maxScore);
    assert.equal(lostNoPoints(r), false, 'it still lost the bonus points: check-assignment counts it as killed');
    assert.deepEqual(r.tests.filter((t) => t.status !== 'passed').map((t) => t.name), COMPACTION_TESTS);
    const bounded = r.tests.find((t) => t.name === 'compaction-bounded')!;
    assert.match(bounded.message ?? '', /invariant "logBounded" violated .*keeps \d+ committed log entries after its snapshot/);
  });

  it('a follower that lags behind the snapshot never catches up without InstallSnapshot', async () => {
    const t = await gradeOne('no-install-snapshot', 'compaction-rejoin');
    assert.equal(t.status, 'failed');
    assert.match(t.message ?? '', /request \d+ \(GET k0\), sent at t=17\.000, never got an answer/);
  });

  it('a snapshot without the deduplication table applies a retried request twice after recovery', async () => {
    const t = await gradeOne('snapshot-drops-dedup', 'compaction-recovery');
    assert.equal(t.status, 'failed');
    assert.match(t.message ?? '', /no order of the operations on key "d" fits their times/);
  });
});

describe('raft: the student copy', () => {
  it('exports (no file names a hidden test) with the visible compaction tests and without the hidden ones', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-raft-export-'));
    try {
      const r = exportStudent([RAFT], path.join(out, 'copy'));
      assert.deepEqual([...r.hiddenTests].sort(), ['figure-8', 'mc-vote-persisted', 'partitioned-leader', 'stale-leader-log']);
      const tests = fs.readdirSync(path.join(out, 'copy', 'assignments', 'raft', 'tests'));
      for (const t of COMPACTION_TESTS) assert.ok(tests.includes(`${t}.yaml`), `${t}.yaml is missing from the student copy`);
      assert.ok(!tests.includes('figure-8.yaml'));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
