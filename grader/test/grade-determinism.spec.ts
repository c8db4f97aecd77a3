import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { Process } from '@dsgrade/framework';
import { gradeSubmission } from '../src/grade/grade-submission.js';
import { loadAssignment } from '../src/load.js';
import { runTest } from '../src/run.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PING_PONG = path.join(ROOT, 'assignments', 'ping-pong');
const MUTANT = path.join(PING_PONG, 'mutants', 'no-dedup');

async function importTs(file: string, dir: string): Promise<Record<string, unknown>> {
  const out = path.join(dir, `${path.basename(path.dirname(file))}.mjs`);
  await esbuild.build({ entryPoints: [file], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'silent', external: ['@dsgrade/framework'] });
  return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
}

describe('grading is deterministic', function () {
  this.timeout(120_000);

  it('grades the same submission twice into byte-identical traces and scores', async () => {
    const grade = () => gradeSubmission({ assignmentDir: PING_PONG, solutionDir: MUTANT, replayCommand: (t, s) => `${t} ${s}` });
    const [a, b] = [await grade(), await grade()];
    const strip = (r: typeof a) => JSON.stringify(r.tests.map((t) => ({ ...t, wallMs: 0, counters: t.counters === null ? null : { ...t.counters, wallMs: 0 }, mc: t.mc === null ? null : { ...t.mc, elapsedMs: 0, statesPerSec: 0 } })));
    assert.equal(strip(a), strip(b));
    assert.ok(a.tests.some((t) => t.trace !== null && t.trace.events.length > 10));
  });

  it('runs student code in the sandbox exactly as it runs in this process (same seed, same trace)', async () => {
    const report = await gradeSubmission({ assignmentDir: PING_PONG, solutionDir: MUTANT, only: 'duplicates', replayCommand: (t, s) => `${t} ${s}` });
    const sandboxed = report.tests[0]!;
    assert.equal(sandboxed.status, 'failed');
    const dir = fs.mkdtempSync(path.join(ROOT, 'grader', 'dist', 'determinism-'));
    try {
      const solution = await importTs(path.join(MUTANT, 'index.ts'), dir);
      const checks = await importTs(path.join(PING_PONG, 'checks.ts'), dir);
      const loaded = loadAssignment(PING_PONG);
      assert.ok(loaded.ok);
      const scenario = loaded.assignment.tests.find((t) => t.name === 'duplicates')!;
      const env = { checks, load: () => ({ create: (c: string, args: unknown[]) => new (solution[c] as new (...a: unknown[]) => Process)(...args) }) };
      const local = runTest(scenario, env, { seed: sandboxed.seed!, trace: true });
      assert.equal(JSON.stringify(local.shown!.trace), JSON.stringify(sandboxed.trace));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
