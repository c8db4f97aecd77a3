// `dsgrade check-assignment`: is an assignment sound enough to hand out? Returns data; format-check.ts renders it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeSubmission, SetupError } from '../grade/index.js';
import type { GradeReport, TestGrade } from '../grade/index.js';
import type { Language } from '../scenario/index.js';
import { applyMutant, readMutants, type MutantPatch } from './mutant-patch.js';
import { mutantFolders } from './mutant-to-patch.js';

export interface MutantCheck {
  name: string;
  mistake: string;
  score: number;
  maxScore: number;
  /** Tests the mutant failed. */
  failed: string[];
  /** Tests named in `kills:` that the mutant passed anyway. */
  survived: string[];
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
  mutants: MutantCheck[];
}

export interface CheckOptions {
  /** Called with each line of progress (which step is running). */
  onProgress?: (line: string) => void;
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

function grade(assignmentDir: string, solutionDir: string, trace: boolean, language: Language, tests?: string[]): Promise<GradeReport> {
  const name = path.basename(assignmentDir);
  return gradeSubmission({
    assignmentDir,
    solutionDir,
    language,
    ...(tests !== undefined ? { tests } : {}),
    ...(trace ? { trace: true } : {}),
    replayCommand: (t, s) => `npx dsgrade replay ${name} --solution ${solutionDir} --test ${t}${s === null ? '' : ` --seed ${s}`}`,
  });
}

async function checkMutant(assignmentDir: string, layout: Layout, m: MutantPatch, testNames: Set<string>, work: string): Promise<MutantCheck> {
  const out: MutantCheck = { name: layout.prefix + m.name, mistake: m.mistake, score: 0, maxScore: 0, failed: [], survived: [], problem: null };
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
  // Python runs several times slower: a Python mutant is graded on the tests it must fail only
  // (which still shows that it loses points); TypeScript's on every test.
  const only = layout.language === 'python' && m.kills.length > 0 ? m.kills : undefined;
  const r = await grade(assignmentDir, dir, false, layout.language, only);
  out.score = r.score;
  out.maxScore = r.maxScore;
  out.failed = notPassed(r).map((t) => t.name);
  out.survived = m.kills.filter((k) => !out.failed.includes(k));
  const broken = r.tests.filter((t) => t.status === 'error' && t.errorSource === 'sandbox');
  if (!r.compile.ok) out.problem = `mutant ${out.name} does not compile: ${r.compile.errors[0]?.message ?? ''}`;
  else if (broken.length > 0) out.problem = `mutant ${out.name} hit a grader error: ${broken.map(describe).join('; ')}`;
  else if (r.score >= r.maxScore && only === undefined) out.problem = `mutant ${out.name} survived: it scores ${r.score}/${r.maxScore} (${m.mistake})`;
  else if (out.survived.length > 0) out.problem = `mutant ${out.name} survived tests it must fail: ${out.survived.join(', ')} (it fails only ${out.failed.join(', ')})`;
  return out;
}

/**
 * One language's part of the check: its skeleton scores 0, its reference full marks twice alike,
 * each of its mutants loses points. Returns the reference's grading time, or null when the
 * assignment itself does not load (reported; nothing else can be checked).
 */
async function checkLayout(assignmentDir: string, layout: Layout, result: AssignmentCheck, work: string, progress: (line: string) => void): Promise<number | null> {
  const problems = result.problems;
  const { prefix, language } = layout;
  // TypeScript's folders keep their plain names in messages; Python's say which they are.
  const skel = prefix === '' ? 'the skeleton' : `the Python skeleton (${prefix}solution/)`;
  const ref = prefix === '' ? 'the reference' : `the Python reference (${prefix}reference/)`;
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

  progress(`reference (${prefix}reference/, twice, traced)`);
  const refDir = path.join(layout.root, 'reference');
  const t0 = performance.now();
  const first = await grade(assignmentDir, refDir, true, language);
  const referenceMs = performance.now() - t0;
  if (language === 'typescript') result.tests = first.tests.map((t) => ({ name: t.name, wallMs: t.wallMs, runs: t.runs }));
  const second = await grade(assignmentDir, refDir, true, language);
  if (!first.compile.ok) problems.push(`${ref} does not compile: ${first.compile.errors[0]?.message ?? ''}`);
  for (const t of notPassed(first)) problems.push(`${ref} fails ${describe(t)}`);
  if (deterministicPart(first) !== deterministicPart(second)) {
    problems.push(`${ref} is not deterministic: graded twice, ${firstDifference(first, second)}`);
  }

  const testNames = new Set(first.tests.map((t) => t.name));
  for (const m of mutants) {
    progress(`mutant ${prefix}${m.name}`);
    const c = await checkMutant(assignmentDir, layout, m, testNames, work);
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
  const started = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const result: AssignmentCheck = { assignment: path.basename(assignmentDir), problems: [], tests: [], referenceMs: 0, pythonReferenceMs: null, totalMs: 0, mutants: [] };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-check-'));
  try {
    for (const layout of layouts(assignmentDir)) {
      const ms = await checkLayout(assignmentDir, layout, result, work, progress);
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
