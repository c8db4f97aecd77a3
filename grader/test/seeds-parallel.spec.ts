import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeSubmission, type GradeReport } from '../src/grade/index.js';
import { toGradescope } from '../src/report/index.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/assignments/seeds/', import.meta.url));

function grade(seedJobs: number, only?: string): Promise<GradeReport> {
  return gradeSubmission({
    assignmentDir: FIXTURE,
    solutionDir: path.join(FIXTURE, 'reference'),
    seedJobs,
    replayCommand: (t, at) => `replay ${t} ${JSON.stringify(at)}`,
    ...(only === undefined ? {} : { only }),
  });
}

/** The report with its wall times zeroed: everything else must be the same byte for byte. */
function stable(r: GradeReport): string {
  return JSON.stringify({
    ...r,
    wallMs: 0,
    tests: r.tests.map((t) => ({ ...t, wallMs: 0, counters: t.counters === null ? null : { ...t.counters, wallMs: 0 } })),
  });
}

function resultsJson(r: GradeReport): string {
  return JSON.stringify({ ...toGradescope(r), execution_time: 0 }, null, 2);
}

describe('seeds in parallel (grader)', function () {
  this.timeout(180_000);
  let serial: GradeReport;
  let parallel: GradeReport;
  before(async () => {
    serial = await grade(1);
    parallel = await grade(3);
  });

  it('gives the report of a one-thread run: outcomes, failing seed, trace, output, counters, coverage', () => {
    assert.equal(stable(parallel), stable(serial));
    assert.equal(resultsJson(parallel), resultsJson(serial));
  });

  it('passes a passing multi-seed test with every seed counted and the output of every seed in order', () => {
    const t = parallel.tests.find((x) => x.name === 'passing')!;
    assert.equal(t.status, 'passed');
    assert.equal(t.runs, 16);
    assert.equal(t.output.split('\n').filter((l) => l.startsWith('roll ')).length, 16);
  });

  it('reports the lowest failing seed even when a higher seed fails sooner', () => {
    const t = parallel.tests.find((x) => x.name === 'failing')!;
    assert.equal(t.status, 'failed');
    // Seed 1 fails after a long computation; seed 5 fails at once (fixture rolls: 0.104, ..., 0.251).
    assert.equal(t.seed, 1);
    assert.equal(t.runs, 1);
    assert.match(t.output, /^roll 0\.1\d+\nslow true\n$/);
    assert.ok(t.trace !== null && t.trace.events.length > 0);
  });

  it('ends a seed that hangs in a worker with the handler-time limit a one-thread run reports', () => {
    const t = parallel.tests.find((x) => x.name === 'hanging')!;
    assert.equal(t.status, 'limit');
    assert.equal(t.seed, 10);
    assert.equal(t.runs, 9);
    assert.match(t.message ?? '', /wall time/);
  });
});

describe('seeds in parallel on hostile submissions', function () {
  this.timeout(300_000);
  const ECHO = fileURLToPath(new URL('../../fixtures/assignments/echo/', import.meta.url));
  const HOSTILE = fileURLToPath(new URL('../../fixtures/assignments/echo-hostile/', import.meta.url));
  // The attack test runs 3 seeds: in worker threads of the child when seedJobs > 1.
  const hostile = (name: string, seedJobs: number) =>
    gradeSubmission({ assignmentDir: ECHO, solutionDir: path.join(HOSTILE, name), seedJobs, replayCommand: (t, at) => `replay ${t} ${JSON.stringify(at)}` });

  for (const name of ['infinite-loop', 'memory-bomb', 'read-file', 'spawn-process', 'constructor-escape', 'patch-globals']) {
    it(`${name}: the report is the one-thread report (a worker has the same permissions and limits)`, async () => {
      const [one, three] = [await hostile(name, 1), await hostile(name, 3)];
      assert.equal(stable(three), stable(one));
    });
  }
});
