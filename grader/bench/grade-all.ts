import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeAll } from '../src/course/grade-all.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ASSIGNMENT = path.join(ROOT, 'assignments', 'ping-pong');
const COPIES = 20;

/** grade-all of 20 copies of the ping-pong reference with jobs=1, then jobs=2, in one run: the speed-up is the figure. */
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-bench-class-'));
try {
  const subs = path.join(base, 'submissions');
  for (let i = 0; i < COPIES; i++) fs.cpSync(path.join(ASSIGNMENT, 'reference'), path.join(subs, `s${String(i).padStart(2, '0')}`), { recursive: true });
  const ms: Record<number, number> = {};
  for (const jobs of [1, 2]) {
    const t0 = performance.now();
    const results = await gradeAll({ assignmentDir: ASSIGNMENT, submissionsDir: subs, outDir: path.join(base, `out-${jobs}`), jobs });
    ms[jobs] = performance.now() - t0;
    if (results.length !== COPIES || results.some((r) => r.score !== r.maxScore)) throw new Error('bench: a copy of the reference did not get full marks');
  }
  console.log(
    JSON.stringify(
      { gradeAll: { submissions: COPIES, cpus: os.availableParallelism(), jobs1Ms: Math.round(ms[1]!), jobs2Ms: Math.round(ms[2]!), speedup: Number((ms[1]! / ms[2]!).toFixed(2)), goalSpeedup: 1.7 } },
      null,
      2,
    ),
  );
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}
