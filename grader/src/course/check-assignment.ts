// `dsgrade check-assignment`: is an assignment sound enough to hand out? Returns data; format-check.ts renders it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeSubmission, SetupError } from '../grade/index.js';
import type { GradeReport, TestGrade } from '../grade/index.js';
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

function grade(assignmentDir: string, solutionDir: string, trace: boolean): Promise<GradeReport> {
  const name = path.basename(assignmentDir);
  return gradeSubmission({
    assignmentDir,
    solutionDir,
    ...(trace ? { trace: true } : {}),
    replayCommand: (t, s) => `npx dsgrade replay ${name} --solution ${solutionDir} --test ${t}${s === null ? '' : ` --seed ${s}`}`,
  });
}

async function checkMutant(assignmentDir: string, m: MutantPatch, testNames: Set<string>, work: string): Promise<MutantCheck> {
  const out: MutantCheck = { name: m.name, mistake: m.mistake, score: 0, maxScore: 0, failed: [], survived: [], problem: null };
  const unknown = m.kills.filter((k) => !testNames.has(k));
  if (unknown.length > 0) {
    out.problem = `mutant ${m.name} names unknown tests in kills: ${unknown.join(', ')}; tests are: ${[...testNames].join(', ')}`;
    return out;
  }
  const dir = path.join(work, `mutant-${m.name}`);
  try {
    applyMutant(path.join(assignmentDir, 'reference'), m, dir);
  } catch (e) {
    out.problem = e instanceof Error ? e.message : String(e);
    return out;
  }
  const r = await grade(assignmentDir, dir, false);
  out.score = r.score;
  out.maxScore = r.maxScore;
  out.failed = notPassed(r).map((t) => t.name);
  out.survived = m.kills.filter((k) => !out.failed.includes(k));
  const broken = r.tests.filter((t) => t.status === 'error' && t.errorSource === 'sandbox');
  if (!r.compile.ok) out.problem = `mutant ${m.name} does not compile: ${r.compile.errors[0]?.message ?? ''}`;
  else if (broken.length > 0) out.problem = `mutant ${m.name} hit a grader error: ${broken.map(describe).join('; ')}`;
  else if (r.score >= r.maxScore) out.problem = `mutant ${m.name} survived: it scores ${r.score}/${r.maxScore} (${m.mistake})`;
  else if (out.survived.length > 0) out.problem = `mutant ${m.name} survived tests it must fail: ${out.survived.join(', ')} (it fails only ${out.failed.join(', ')})`;
  return out;
}

/** Checks an assignment: it loads, the skeleton scores 0, the reference scores full marks deterministically, every mutant is caught. */
export async function checkAssignment(assignmentDir: string, opts: CheckOptions = {}): Promise<AssignmentCheck> {
  if (typeof assignmentDir !== 'string' || !fs.existsSync(path.join(assignmentDir, 'assignment.yaml'))) {
    throw new Error(`checkAssignment: no assignment.yaml in ${String(assignmentDir)}; pass an assignment folder`);
  }
  const started = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const result: AssignmentCheck = { assignment: path.basename(assignmentDir), problems: [], tests: [], referenceMs: 0, totalMs: 0, mutants: [] };
  const problems = result.problems;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-check-'));
  try {
    let mutants: MutantPatch[] = [];
    try {
      mutants = readMutants(assignmentDir);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
    for (const f of mutantFolders(assignmentDir)) {
      problems.push(`mutants/${f}/ is a folder; mutants are patches now: run "dsgrade mutant-to-patch ${result.assignment}"`);
    }

    progress('skeleton (solution/)');
    let skeleton: GradeReport;
    try {
      skeleton = await grade(assignmentDir, path.join(assignmentDir, 'solution'), false);
    } catch (e) {
      // A SetupError here is the assignment's own fault: its YAML or checks.ts do not load.
      if (e instanceof SetupError) {
        problems.push(e.message);
        return result;
      }
      throw e;
    }
    if (!skeleton.compile.ok) problems.push(`the skeleton (solution/) does not compile: ${skeleton.compile.errors[0]?.message ?? ''}`);
    else if (skeleton.score !== 0) problems.push(`the skeleton scores ${skeleton.score}/${skeleton.maxScore}, not 0; it passes ${skeleton.tests.filter((t) => t.status === 'passed').map((t) => t.name).join(', ')}`);
    for (const t of skeleton.tests.filter((x) => x.status === 'error' && x.errorSource === 'sandbox')) problems.push(`the skeleton hit a grader error in ${describe(t)}`);

    progress('reference (twice, traced)');
    const refDir = path.join(assignmentDir, 'reference');
    const t0 = performance.now();
    const first = await grade(assignmentDir, refDir, true);
    result.referenceMs = performance.now() - t0;
    result.tests = first.tests.map((t) => ({ name: t.name, wallMs: t.wallMs, runs: t.runs }));
    const second = await grade(assignmentDir, refDir, true);
    if (!first.compile.ok) problems.push(`the reference does not compile: ${first.compile.errors[0]?.message ?? ''}`);
    for (const t of notPassed(first)) problems.push(`the reference fails ${describe(t)}`);
    if (deterministicPart(first) !== deterministicPart(second)) {
      problems.push(`the reference is not deterministic: graded twice, ${firstDifference(first, second)}`);
    }

    const testNames = new Set(first.tests.map((t) => t.name));
    for (const m of mutants) {
      progress(`mutant ${m.name}`);
      const c = await checkMutant(assignmentDir, m, testNames, work);
      result.mutants.push(c);
      if (c.problem !== null) problems.push(c.problem);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    result.totalMs = performance.now() - started;
  }
  return result;
}
