import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { gradeSubmission } from '../src/grade/grade-submission.js';
import { loadAssignment } from '../src/load/index.js';
import { runTest } from '../src/run/index.js';
import { inProcessEnv } from './in-process-env.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PING_PONG = path.join(ROOT, 'assignments', 'ping-pong');

describe('grading is deterministic', function () {
  this.timeout(120_000);
  let mutant: string;
  before(() => {
    mutant = materializeMutant(PING_PONG, 'no-dedup', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-det-')), 'no-dedup'));
  });
  after(() => fs.rmSync(path.dirname(mutant), { recursive: true, force: true }));

  it('grades the same submission twice into byte-identical traces and scores', async () => {
    const grade = () => gradeSubmission({ assignmentDir: PING_PONG, solutionDir: mutant, replayCommand: (t, s) => `${t} ${s}` });
    const [a, b] = [await grade(), await grade()];
    const strip = (r: typeof a) => JSON.stringify(r.tests.map((t) => ({ ...t, wallMs: 0, counters: t.counters === null ? null : { ...t.counters, wallMs: 0 }, mc: t.mc === null ? null : { ...t.mc, elapsedMs: 0, statesPerSec: 0 } })));
    assert.equal(strip(a), strip(b));
    assert.ok(a.tests.some((t) => t.trace !== null && t.trace.events.length > 10));
  });

  it('runs student code in the sandbox exactly as it runs in this process (same seed, same trace)', async () => {
    const report = await gradeSubmission({ assignmentDir: PING_PONG, solutionDir: mutant, only: 'duplicates', replayCommand: (t, s) => `${t} ${s}` });
    const sandboxed = report.tests[0]!;
    assert.equal(sandboxed.status, 'failed');
    const env = await inProcessEnv(path.join(mutant, 'index.ts'), path.join(PING_PONG, 'checks.ts'));
    const loaded = loadAssignment(PING_PONG);
    assert.ok(loaded.ok);
    const scenario = loaded.assignment.tests.find((t) => t.name === 'duplicates')!;
    const local = runTest(scenario, env, { seed: sandboxed.seed!, trace: true });
    assert.equal(JSON.stringify(local.shown!.trace), JSON.stringify(sandboxed.trace));
  });
});
