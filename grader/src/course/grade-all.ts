// `dsgrade grade-all`: every subfolder of SUBMISSIONS_DIR graded in its own process, resumable, into one class summary.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLoadError, loadAssignment } from '../load/index.js';
import { writeClassSummary, type ClassInfo } from './class-summary.js';
import type { WorkerJob } from './grade-worker.js';
import { inShard, type Shard } from './shard.js';
import { writeFileAtomic, writeResultDir, type SubmissionResult } from './submission-result.js';
import { listFiles } from './tree.js';

const WORKER = fileURLToPath(new URL('./grade-worker.js', import.meta.url));

export interface GradeAllOptions {
  assignmentDir: string;
  submissionsDir: string;
  outDir: string;
  /** Submissions graded at once (default: the CPU count). */
  jobs?: number;
  shard?: Shard;
  onProgress?: (e: ProgressEvent) => void;
}

export interface ProgressEvent {
  done: number;
  total: number;
  /** Submissions that did not compile or could not be graded. */
  failed: number;
  /** The submission just finished (null for the first event: what was already done). */
  result: SubmissionResult | null;
}

/** grade-all.json: what an output folder holds, so a rerun or a merge can tell whether folders belong together. */
export interface RunManifest extends ClassInfo {
  assignment: string;
  /** sha256 of assignment.yaml, checks.ts and tests/: two runs with equal fingerprints graded the same tests. */
  fingerprint: string;
  shard: Shard | null;
}

export function assignmentFingerprint(dir: string): string {
  const h = crypto.createHash('sha256');
  const files = ['assignment.yaml', 'checks.ts', ...listFiles(path.join(dir, 'tests')).map((f) => `tests/${f}`)];
  for (const f of files) {
    if (!fs.existsSync(path.join(dir, f))) continue;
    h.update(`${f}\0`).update(fs.readFileSync(path.join(dir, f))).update('\0');
  }
  return h.digest('hex');
}

export function readManifest(outDir: string): RunManifest | null {
  const f = path.join(outDir, 'grade-all.json');
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as RunManifest) : null;
}

function errorResult(student: string, assignment: string, maxScore: number, groups: ClassInfo['groups'], error: string, wallMs: number): SubmissionResult {
  return {
    student,
    assignment,
    status: 'error',
    error,
    compile: null,
    score: 0,
    maxScore,
    groups: groups.map((g) => ({ name: g.name, score: 0, maxScore: g.points })),
    tests: [],
    wallMs: Math.round(wallMs),
  };
}

/** Runs one worker; resolves with null when it wrote its result, else with why it did not. */
function runWorker(job: WorkerJob, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--no-warnings', WORKER, JSON.stringify(job)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && fs.existsSync(path.join(job.resultDir, 'results.json'))) return resolve(null);
      if (signal === 'SIGKILL') return resolve(`the grader did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`);
      const last = stderr.trim().split('\n').slice(-3).join(' | ');
      resolve(`the grader failed (exit ${code ?? signal}): ${last || 'no output'}`);
    });
  });
}

/** Grades every unfinished submission (of the shard), then writes summary.csv and index.html from all finished ones. */
export async function gradeAll(opts: GradeAllOptions): Promise<SubmissionResult[]> {
  const { assignmentDir, submissionsDir, outDir } = opts;
  if (!fs.existsSync(submissionsDir) || !fs.statSync(submissionsDir).isDirectory()) throw new Error(`gradeAll: no submissions folder ${submissionsDir}; pass a folder with one subfolder per submission`);
  const jobs = opts.jobs ?? os.availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`gradeAll: jobs must be a positive integer, got ${jobs}`);
  const loaded = loadAssignment(assignmentDir);
  if (!loaded.ok) throw new Error(`gradeAll: the assignment has errors:\n${loaded.errors.map(formatLoadError).join('\n')}`);
  const a = loaded.assignment;
  const manifest: RunManifest = {
    assignment: a.name,
    title: a.title,
    groups: a.groups.map((g) => ({ name: g.name, points: g.points })),
    points: a.points,
    fingerprint: assignmentFingerprint(assignmentDir),
    shard: opts.shard ?? null,
  };
  const previous = readManifest(outDir);
  if (previous !== null && (previous.fingerprint !== manifest.fingerprint || JSON.stringify(previous.shard) !== JSON.stringify(manifest.shard))) {
    throw new Error(`gradeAll: ${outDir} holds results of another run (assignment ${previous.assignment}${previous.shard ? `, shard ${previous.shard.index}/${previous.shard.count}` : ''}, or its tests changed); pass a new --out folder`);
  }
  fs.mkdirSync(path.join(outDir, 'submissions'), { recursive: true });
  writeFileAtomic(path.join(outDir, 'grade-all.json'), JSON.stringify(manifest, null, 2) + '\n');

  const all = fs
    .readdirSync(submissionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort()
    .filter((n) => opts.shard === undefined || inShard(n, opts.shard));
  const resultsDir = path.join(outDir, 'submissions');
  // A SIGKILLed run leaves temp folders of unfinished submissions: they are not results.
  for (const d of fs.readdirSync(resultsDir)) if (d.includes('.tmp-')) fs.rmSync(path.join(resultsDir, d), { recursive: true, force: true });
  const todo = all.filter((n) => !fs.existsSync(path.join(resultsDir, n, 'results.json')));
  const timeoutMs = (a.tests.reduce((s, t) => s + t.limits.wallTime, 0) + 120) * 1000;

  let done = all.length - todo.length;
  let failed = 0;
  opts.onProgress?.({ done, total: all.length, failed, result: null });
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const student = todo[next++]!;
      const resultDir = path.join(resultsDir, student);
      const t0 = performance.now();
      const job: WorkerJob = { assignmentDir, assignment: a.name, student, solutionDir: path.join(submissionsDir, student), resultDir };
      const error = await runWorker(job, timeoutMs);
      let result: SubmissionResult;
      if (error !== null) {
        result = errorResult(student, a.name, a.points, manifest.groups, error, performance.now() - t0);
        writeResultDir(resultDir, { 'results.json': JSON.stringify(result, null, 2) + '\n' });
      } else {
        result = JSON.parse(fs.readFileSync(path.join(resultDir, 'results.json'), 'utf8')) as SubmissionResult;
      }
      done++;
      if (result.status === 'error' || result.compile === 'error') failed++;
      opts.onProgress?.({ done, total: all.length, failed, result });
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, Math.max(1, todo.length)) }, worker));
  const results = writeClassSummary(outDir, manifest);
  return results.filter((r) => all.includes(r.student));
}
