// `dsgrade check-assignment`: is an assignment sound enough to hand out? Returns data; format-check.ts renders it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeSubmission, lostNoPoints, scoreText, SetupError } from '../grade/index.js';
import type { GradeReport, TestGrade } from '../grade/index.js';
import type { Language } from '../scenario/index.js';
import { applyMutant, readMutants, type MutantPatch } from './mutant-patch.js';
import { mutantFolders } from './mutant-to-patch.js';
import { replayFlag } from './replay-flag.js';

export interface MutantCheck {
  name: string;
  mistake: string;
  score: number;
  maxScore: number;
  /** Tests the mutant failed. */
  failed: string[];
  /** Tests named in `kills:` that the mutant passed anyway. */
  survived: string[];
  /** `kills`: graded on its kills only (all failed, so it lost points); `all`: graded on every test. */
  graded: 'kills' | 'all';
  wallMs: number;
  problem: string | null;
}

export interface AssignmentCheck {
  assignment: string;
  /** Every reason the assignment is not sound, one line each; empty when it is. */
  problems: string[];
  /** The reference's tests with their wall time (first of the two gradings). */
  tests: { name: string; wallMs: number; runs: number }[];
  referenceMs: number;
  /** The Python reference's grading time (python/reference/), null when the assignment has no python/ folder. */
  pythonReferenceMs: number | null;
  totalMs: number;
  /** Wall time of each phase, summed over the languages; the reference's second grading and the mutants run side by side (`jobs`). */
  phases: { skeletonMs: number; gradingsMs: number };
  mutants: MutantCheck[];
}

export interface CheckOptions {
  /** Called with each line of progress (which step is running). */
  onProgress?: (line: string) => void;
  /** Gradings run at once, each in its own sandbox child (default: 2, or 1 on a one-core machine). */
  jobs?: number;
}

/** Tests that lost points: an mc test stopped at an allowed limit (unknown) loses only what unknownScore says. */
function notPassed(r: GradeReport): TestGrade[] {
  return r.tests.filter((t) => t.score < t.maxScore);
}

function describe(t: TestGrade): string {
  return `${t.name} [${t.status}${t.seed !== null ? `, seed ${t.seed}` : ''}] ${t.message ?? ''}`.trim();
}

/** A report with everything that depends on the wall clock or the temp folder removed: what must repeat byte for byte. */
export function deterministicPart(r: GradeReport): string {
  return JSON.stringify({
    score: r.score,
    groups: r.groups,
    compile: r.compile,
    tests: r.tests.map((t) => ({
      ...t,
      wallMs: 0,
      counters: t.counters === null ? null : { ...t.counters, wallMs: 0 },
      mc: t.mc === null ? null : { ...t.mc, elapsedMs: 0, statesPerSec: 0 },
    })),
  });
}

/** Names the first differing test and field of two gradings that should have been identical. */
function firstDifference(a: GradeReport, b: GradeReport): string {
  for (let i = 0; i < Math.max(a.tests.length, b.tests.length); i++) {
    const [x, y] = [a.tests[i], b.tests[i]];
    if (x === undefined || y === undefined) return `the gradings ran ${a.tests.length} and ${b.tests.length} tests`;
    const px = JSON.parse(deterministicPart({ ...a, tests: [x] })) as { tests: Record<string, unknown>[] };
    const py = JSON.parse(deterministicPart({ ...b, tests: [y] })) as { tests: Record<string, unknown>[] };
    for (const k of Object.keys(px.tests[0]!)) {
      if (JSON.stringify(px.tests[0]![k]) !== JSON.stringify(py.tests[0]![k])) return `test ${x.name} differs in its ${k}`;
    }
  }
  return 'the score or groups differ';
}

/**
 * Where one language's solutions live: TypeScript's solution/, reference/ and mutants/ at the
 * top of the assignment, Python's under python/ (the same three folders).
 */
interface Layout {
  language: Language;
  /** Prefix of the folders in messages: '' or 'python/'. */
  prefix: string;
  root: string;
}

function layouts(assignmentDir: string): Layout[] {
  const out: Layout[] = [{ language: 'typescript', prefix: '', root: assignmentDir }];
  const py = path.join(assignmentDir, 'python');
  if (fs.existsSync(py) && fs.statSync(py).isDirectory()) out.push({ language: 'python', prefix: 'python/', root: py });
  return out;
}

function grade(assignmentDir: string, solutionDir: string, trace: boolean, language: Language, tests?: readonly string[]): Promise<GradeReport> {
  const name = path.basename(assignmentDir);
  return gradeSubmission({
    assignmentDir,
    solutionDir,
    language,
    ...(trace ? { trace: true } : {}),
    ...(tests !== undefined ? { tests } : {}),
    replayCommand: (t, s) => `npx dsgrade replay ${name} --solution ${solutionDir} --test ${t}${replayFlag(s)}`,
  });
}

/** A grading of the mutant's `kills` alone that settles it: each failed (so it lost points) without a grader error. */
function killedByKills(r: GradeReport, kills: readonly string[]): boolean {
  if (!r.compile.ok || r.tests.some((t) => t.status === 'error' && t.errorSource === 'sandbox')) return false;
  const failed = new Set(notPassed(r).map((t) => t.name));
  return kills.every((k) => failed.has(k));
}

async function checkMutant(assignmentDir: string, layout: Layout, m: MutantPatch, testNames: Set<string>, work: string): Promise<MutantCheck> {
  const started = performance.now();
  const out: MutantCheck = { name: layout.prefix + m.name, mistake: m.mistake, score: 0, maxScore: 0, failed: [], survived: [], graded: 'all', wallMs: 0, problem: null };
  try {
    return await judgeMutant(assignmentDir, layout, m, testNames, work, out);
  } finally {
    out.wallMs = performance.now() - started;
  }
}

async function judgeMutant(assignmentDir: string, layout: Layout, m: MutantPatch, testNames: Set<string>, work: string, out: MutantCheck): Promise<MutantCheck> {
  const unknown = m.kills.filter((k) => !testNames.has(k));
  if (unknown.length > 0) {
    out.problem = `mutant ${out.name} names unknown tests in kills: ${unknown.join(', ')}; tests are: ${[...testNames].join(', ')}`;
    return out;
  }
  const dir = path.join(work, `${layout.language}-mutant-${m.name}`);
  try {
    applyMutant(path.join(layout.root, 'reference'), m, dir);
  } catch (e) {
    out.problem = e instanceof Error ? e.message : String(e);
    return out;
  }
  // Its kills first: when every one of them fails, the mutant has lost points and the other tests cannot change
  // the verdict. Only a mutant that survives one is graded on every test, to report what it does fail.
  if (m.kills.length > 0) {
    const k = await grade(assignmentDir, dir, false, layout.language, [...new Set(m.kills)]);
    if (killedByKills(k, m.kills)) {
      out.graded = 'kills';
      out.score = k.score;
      out.maxScore = k.maxScore + k.bonusPoints;
      out.failed = notPassed(k).map((t) => t.name);
      return out;
    }
  }
  const r = await grade(assignmentDir, dir, false, layout.language);
  out.score = r.score;
  out.maxScore = r.maxScore + r.bonusPoints;
  out.failed = notPassed(r).map((t) => t.name);
  out.survived = m.kills.filter((k) => !out.failed.includes(k));
  const broken = r.tests.filter((t) => t.status === 'error' && t.errorSource === 'sandbox');
  if (!r.compile.ok) out.problem = `mutant ${out.name} does not compile: ${r.compile.errors[0]?.message ?? ''}`;
  else if (broken.length > 0) out.problem = `mutant ${out.name} hit a grader error: ${broken.map(describe).join('; ')}`;
  else if (lostNoPoints(r)) out.problem = `mutant ${out.name} survived: it scores ${scoreText(r)} (${m.mistake})`;
  else if (out.survived.length > 0) out.problem = `mutant ${out.name} survived tests it must fail: ${out.survived.join(', ')} (it fails only ${out.failed.join(', ')})`;
  return out;
}

/** Runs the tasks, at most `jobs` at once, in order of their start. */
async function pool(tasks: (() => Promise<void>)[], jobs: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
}

/**
 * One language's part of the check: its skeleton scores 0, its reference full marks twice alike,
 * each of its mutants loses points (the second reference grading and the mutants `jobs` at a
 * time). Returns the reference's grading time, or null when the assignment itself does not load
 * (reported; nothing else can be checked).
 */
async function checkLayout(assignmentDir: string, layout: Layout, result: AssignmentCheck, work: string, jobs: number, progress: (line: string) => void): Promise<number | null> {
  const problems = result.problems;
  const { prefix, language } = layout;
  // TypeScript's folders keep their plain names in messages; Python's say which they are.
  const skel = prefix === '' ? 'the skeleton' : `the Python skeleton (${prefix}solution/)`;
  const refName = prefix === '' ? 'the reference' : `the Python reference (${prefix}reference/)`;
  const started = performance.now();
  let mutants: MutantPatch[] = [];
  try {
    mutants = readMutants(layout.root);
  } catch (e) {
    problems.push(`${prefix}${e instanceof Error ? e.message : String(e)}`);
  }
  for (const f of mutantFolders(layout.root)) {
    problems.push(`${prefix}mutants/${f}/ is a folder; mutants are patches now: run "dsgrade mutant-to-patch ${result.assignment}"`);
  }

  progress(`skeleton (${prefix}solution/)`);
  let skeleton: GradeReport;
  try {
    skeleton = await grade(assignmentDir, path.join(layout.root, 'solution'), false, language);
  } catch (e) {
    // A SetupError here is the assignment's own fault: its YAML or checks.ts do not load.
    if (e instanceof SetupError) {
      problems.push(e.message);
      return null;
    }
    throw e;
  }
  if (!skeleton.compile.ok) problems.push(`${prefix === '' ? 'the skeleton (solution/)' : skel} does not compile: ${skeleton.compile.errors[0]?.message ?? ''}`);
  else if (skeleton.score !== 0) problems.push(`${skel} scores ${skeleton.score}/${skeleton.maxScore}, not 0; it passes ${skeleton.tests.filter((t) => t.status === 'passed').map((t) => t.name).join(', ')}`);
  for (const t of skeleton.tests.filter((x) => x.status === 'error' && x.errorSource === 'sandbox')) problems.push(`${skel} hit a grader error in ${describe(t)}`);
  result.phases.skeletonMs += performance.now() - started;

  // The skeleton's grading names every test (it runs them all), so the mutants need not wait for the reference.
  const refDir = path.join(layout.root, 'reference');
  const testNames = new Set(skeleton.tests.map((t) => t.name));
  const ref: { first?: GradeReport; second?: GradeReport } = {};
  let referenceMs = 0;
  const checks = new Array<MutantCheck>(mutants.length);
  const t1 = performance.now();
  await pool(
    [
      async () => {
        progress(`reference (${prefix}reference/, traced)`);
        const t0 = performance.now();
        ref.first = await grade(assignmentDir, refDir, true, language);
        referenceMs = performance.now() - t0;
      },
      async () => {
        progress(`reference again (${prefix}reference/, traced; must be identical)`);
        ref.second = await grade(assignmentDir, refDir, true, language);
      },
      ...mutants.map((m, i) => async () => {
        progress(`mutant ${prefix}${m.name}`);
        checks[i] = await checkMutant(assignmentDir, layout, m, testNames, work);
      }),
    ],
    jobs,
  );
  result.phases.gradingsMs += performance.now() - t1;
  const first = ref.first!;
  const second = ref.second!;
  if (language === 'typescript') result.tests = first.tests.map((t) => ({ name: t.name, wallMs: t.wallMs, runs: t.runs }));
  if (!first.compile.ok) problems.push(`${refName} does not compile: ${first.compile.errors[0]?.message ?? ''}`);
  for (const t of notPassed(first)) problems.push(`${refName} fails ${describe(t)}`);
  if (deterministicPart(first) !== deterministicPart(second)) {
    problems.push(`${refName} is not deterministic: graded twice, ${firstDifference(first, second)}`);
  }
  for (const c of checks) {
    result.mutants.push(c);
    if (c.problem !== null) problems.push(c.problem);
  }
  return referenceMs;
}

/**
 * Checks an assignment: it loads, the skeleton scores 0, the reference scores full marks
 * deterministically, every mutant is caught; for TypeScript and, when the assignment has a
 * python/ folder, for Python too.
 */
export async function checkAssignment(assignmentDir: string, opts: CheckOptions = {}): Promise<AssignmentCheck> {
  if (typeof assignmentDir !== 'string' || !fs.existsSync(path.join(assignmentDir, 'assignment.yaml'))) {
    throw new Error(`checkAssignment: no assignment.yaml in ${String(assignmentDir)}; pass an assignment folder`);
  }
  if (opts.jobs !== undefined && (!Number.isInteger(opts.jobs) || opts.jobs < 1)) {
    throw new Error(`checkAssignment: jobs is ${String(opts.jobs)}; pass a whole number of gradings at once, 1 or more`);
  }
  const jobs = opts.jobs ?? Math.min(2, os.availableParallelism());
  const started = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const result: AssignmentCheck = {
    assignment: path.basename(assignmentDir), problems: [], tests: [], referenceMs: 0, pythonReferenceMs: null, totalMs: 0, phases: { skeletonMs: 0, gradingsMs: 0 }, mutants: [],
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-check-'));
  try {
    for (const layout of layouts(assignmentDir)) {
      const ms = await checkLayout(assignmentDir, layout, result, work, jobs, progress);
      if (ms === null) break;
      if (layout.language === 'python') result.pythonReferenceMs = ms;
      else result.referenceMs = ms;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    result.totalMs = performance.now() - started;
  }
  return result;
}
