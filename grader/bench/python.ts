import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSolution } from '../src/compile/index.js';
import { gradeSubmission } from '../src/grade/grade-submission.js';
import type { GradeReport } from '../src/grade/model.js';
import { compilePython } from '../src/python/compile-python.js';
import { pyodideLocation } from '../src/python/pyodide-location.js';
import { PYTHON_RUNNER } from '../src/python/syntax-check.js';
import { Sandbox } from '../src/sandbox/index.js';

/**
 * Python processes against TypeScript ones in the same run: the cost of starting a child that
 * loads Pyodide, and ping-pong's reference in both languages (per-test time, mc states/s).
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PING_PONG = path.join(ROOT, 'assignments/ping-pong');
const RUNNER = new URL('../src/run/sandbox-runner.js', import.meta.url).href;
const ROUNDS = 3;

async function startMs(bundlePath: string, runnerModule: string, readPaths: string[]): Promise<number> {
  const t0 = performance.now();
  const sandbox = await Sandbox.start({ bundlePath, runnerModule, memoryMb: 256, readPaths });
  const ms = performance.now() - t0;
  await sandbox.close();
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-bench-py-'));
try {
  const ts = await compileSolution({ solutionDir: path.join(PING_PONG, 'reference'), entry: 'index.ts', classes: ['Client', 'Server'], outDir: path.join(work, 'ts') });
  const py = compilePython({ solutionDir: path.join(PING_PONG, 'python/reference'), entry: 'solution.py', outDir: path.join(work, 'py') });
  if (!ts.ok || !py.ok) throw new Error('bench: the ping-pong references do not compile');
  const tsStarts: number[] = [];
  const pyStarts: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    tsStarts.push(await startMs(ts.bundlePath, RUNNER, []));
    pyStarts.push(await startMs(py.bundlePath, PYTHON_RUNNER.href, [pyodideLocation()]));
  }
  const grade = (dir: string): Promise<GradeReport> => gradeSubmission({ assignmentDir: PING_PONG, solutionDir: dir, replayCommand: () => '' });
  const tsReport = await grade(path.join(PING_PONG, 'reference'));
  const pyReport = await grade(path.join(PING_PONG, 'python/reference'));
  const simMs = (r: GradeReport): number => r.tests.filter((t) => t.kind === 'sim').reduce((s, t) => s + t.wallMs, 0);
  const mcRate = (r: GradeReport): number => {
    const t = r.tests.find((x) => x.kind === 'mc')!;
    return (t.mc?.states ?? 0) / (t.wallMs / 1000);
  };
  console.log(
    JSON.stringify(
      {
        python: {
          childStartTypeScriptMs: Math.round(median(tsStarts)),
          childStartPythonMs: Math.round(median(pyStarts)),
          pyodideLoadPerChildMs: Math.round(median(pyStarts) - median(tsStarts)),
          score: `${pyReport.score}/${pyReport.maxScore}`,
          simTestsTypeScriptMs: Math.round(simMs(tsReport)),
          simTestsPythonMs: Math.round(simMs(pyReport)),
          simSpeedPythonOverTypeScript: Number((simMs(tsReport) / simMs(pyReport)).toFixed(3)),
          goalSimSpeedRatio: 0.2,
          mcStatesPerSecTypeScript: Math.round(mcRate(tsReport)),
          mcStatesPerSecPython: Math.round(mcRate(pyReport)),
          mcSpeedPythonOverTypeScript: Number((mcRate(pyReport) / mcRate(tsReport)).toFixed(3)),
        },
      },
      null,
      2,
    ),
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
