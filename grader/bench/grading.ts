import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { Process } from '@dsgrade/framework';
import { gradeSubmission } from '../src/grade/grade-submission.js';
import { loadAssignment } from '../src/load.js';
import { runTest } from '../src/run.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Imports a TypeScript file into this process (trusted code only: the reference and checks). */
async function importTs(file: string, dir: string): Promise<Record<string, unknown>> {
  const out = path.join(dir, `${path.basename(path.dirname(file))}-${path.basename(file, '.ts')}.mjs`);
  await esbuild.build({ entryPoints: [file], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'silent', external: ['@dsgrade/framework'] });
  return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
}

/** Grades the reference in the sandbox and runs the same tests in this process: the difference per test is the sandbox's overhead. */
async function measure(assignmentDir: string): Promise<Record<string, number | string>> {
  const t0 = performance.now();
  const report = await gradeSubmission({ assignmentDir, solutionDir: path.join(assignmentDir, 'reference'), replayCommand: () => '' });
  const gradeMs = performance.now() - t0;
  const sandboxTestsMs = report.tests.reduce((s, t) => s + t.wallMs, 0);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-bench-'));
  // The bundle must resolve @dsgrade/framework from the repository.
  const local = fs.mkdtempSync(path.join(ROOT, 'grader', 'dist', 'bench-tmp-'));
  try {
    const solution = await importTs(path.join(assignmentDir, 'reference', 'index.ts'), local);
    const checksFile = path.join(assignmentDir, 'checks.ts');
    const checks = fs.existsSync(checksFile) ? await importTs(checksFile, local) : {};
    const loaded = loadAssignment(assignmentDir);
    if (!loaded.ok) throw new Error('bench: assignment does not load');
    const env = { checks, load: () => ({ create: (c: string, args: unknown[]) => new (solution[c] as new (...a: unknown[]) => Process)(...args) }) };
    const t1 = performance.now();
    for (const t of loaded.assignment.tests) runTest(t, env);
    const inProcessMs = performance.now() - t1;
    const tests = report.tests.length;
    return {
      assignment: path.basename(assignmentDir),
      score: `${report.score}/${report.maxScore}`,
      tests,
      gradeWallMs: Math.round(gradeMs),
      testsInSandboxMs: Math.round(sandboxTestsMs),
      testsInProcessMs: Math.round(inProcessMs),
      sandboxOverheadPerTestMs: Number(((sandboxTestsMs - inProcessMs) / tests).toFixed(1)),
      goalOverheadPerTestMs: 150,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(local, { recursive: true, force: true });
  }
}

const suites = [path.join(ROOT, 'grader/fixtures/assignments/echo'), ...['ping-pong', 'guarantees', 'broadcast'].map((a) => path.join(ROOT, 'assignments', a))];
const results = [];
for (const dir of suites) if (fs.existsSync(path.join(dir, 'assignment.yaml'))) results.push(await measure(dir));
console.log(JSON.stringify({ grading: results }, null, 2));
