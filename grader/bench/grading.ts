import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeSubmission } from '../src/grade/grade-submission.js';
import { loadAssignment } from '../src/load/index.js';
import { runTest } from '../src/run/index.js';
import { inProcessEnv } from '../test/in-process-env.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Grades the reference in the sandbox and runs the same tests in this process: the difference per test is the sandbox's overhead. */
async function measure(assignmentDir: string): Promise<Record<string, number | string>> {
  const t0 = performance.now();
  const report = await gradeSubmission({ assignmentDir, solutionDir: path.join(assignmentDir, 'reference'), replayCommand: () => '' });
  const gradeMs = performance.now() - t0;
  const sandboxTestsMs = report.tests.reduce((s, t) => s + t.wallMs, 0);

  const env = await inProcessEnv(path.join(assignmentDir, 'reference', 'index.ts'), path.join(assignmentDir, 'checks.ts'));
  const loaded = loadAssignment(assignmentDir);
  if (!loaded.ok) throw new Error('bench: assignment does not load');
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
}

const suites = [path.join(ROOT, 'grader/fixtures/assignments/echo'), ...['ping-pong', 'guarantees', 'broadcast'].map((a) => path.join(ROOT, 'assignments', a))];
const results = [];
for (const dir of suites) if (fs.existsSync(path.join(dir, 'assignment.yaml'))) results.push(await measure(dir));
console.log(JSON.stringify({ grading: results }, null, 2));
