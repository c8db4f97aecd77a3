import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileChecks, compileSolution, formatDiagnostic, type Diagnostic } from '../compile/index.js';
import { formatLoadError, loadAssignment } from '../load/index.js';
import type { Language, LoadedAssignment, Scenario } from '../scenario/index.js';
import { compilePython } from '../python/compile-python.js';
import { pyodideLocation } from '../python/pyodide-location.js';
import { PYTHON_RUNNER, pythonSyntaxErrors } from '../python/syntax-check.js';
import { solutionLanguage } from '../python/solution-language.js';
import { Sandbox, type SandboxResult } from '../sandbox/index.js';
import type { TestJob, TestRun } from '../contract/index.js';
import type { GradeReport, TestGrade } from './model.js';
import { parseTestRun } from './parse-test-run.js';
import { capGrade } from './caps.js';
import { testScore, totals } from './score.js';
import { makeWorkDir } from './work-dir.js';

/** The grader could not do its job (bad assignment, missing folder): exit code 2, not a score. */
export class SetupError extends Error {
  override name = 'SetupError';
}

export interface GradeOptions {
  assignmentDir: string;
  solutionDir: string;
  /** Run only the test with this name. */
  only?: string;
  /** Reuse compile results from this cache folder (the student's loop); absent or null compiles every time. */
  compileCache?: string | null;
  /** Run and name visible tests only (the student's `dsgrade test`): hidden ones are left out of everything. */
  visibleOnly?: boolean;
  /** Run only these tests, in this order (check-assignment grades a mutant on its `kills` first); not with `only`. */
  tests?: readonly string[];
  /** Run every selected sim test with this one seed (replay). With `only`, that test must be a sim test. */
  seed?: number;
  /** Replay this model-checking path (a counterexample's replay token); needs `only` naming an mc test. */
  path?: string;
  /** Keep traces of passing runs too. */
  trace?: boolean;
  /** Stop after the first test that does not pass. */
  bail?: boolean;
  /** The command a student types to replay one run: a sim test's seed, a model-checking test's path, or (null) the whole test. */
  replayCommand: (test: string, at: ReplayAt) => string;
  /** The solution's language; default: told by the entry file the folder holds. */
  language?: Language;
  /**
   * Threads a multi-seed sim test may spread its seeds over, inside the sandbox child (same
   * result as one thread). Default 1; the CLI passes the cores available or --jobs.
   */
  seedJobs?: number;
  /** Called as each test finishes, for live console output. */
  onTest?: (t: TestGrade) => void;
}

const RUNNER_MODULE = new URL('../run/sandbox-runner.js', import.meta.url);

/** What replays one run: a sim test's seed or a model-checking test's path; null replays the whole test. */
export type ReplayAt = { seed: number } | { path: string } | null;

function selectTests(a: LoadedAssignment, opts: GradeOptions): Scenario[] {
  const only = opts.only;
  if (opts.tests !== undefined) {
    if (only !== undefined || opts.seed !== undefined || opts.path !== undefined) throw new SetupError('gradeSubmission: tests selects several tests; pass it without only, seed or path');
    return opts.tests.map((name) => {
      const t = a.tests.find((x) => x.name === name);
      if (t === undefined) throw new SetupError(`no test named "${name}" in ${a.name}; tests are: ${a.tests.map((x) => x.name).join(', ')}`);
      return t;
    });
  }
  const pool = opts.visibleOnly === true ? a.tests.filter((x) => x.visibility === 'visible') : a.tests;
  if (only === undefined) {
    if (opts.path !== undefined) throw new SetupError('a --path belongs to one model-checking test; pass --test NAME with it');
    return pool;
  }
  const t = pool.filter((x) => x.name === only);
  const which = opts.visibleOnly === true ? 'visible test' : 'test';
  if (t.length === 0) throw new SetupError(`no ${which} named "${only}" in ${a.name}; ${which}s are: ${pool.map((x) => x.name).join(', ')}`);
  const kind = t[0]!.kind;
  if (kind === 'mc' && opts.seed !== undefined) {
    throw new SetupError(`test "${only}" is a model-checking test and has no seeds; pass --path TOKEN from its replay command instead of --seed`);
  }
  if (kind === 'sim' && opts.path !== undefined) throw new SetupError(`test "${only}" is a simulation test; pass --seed N from its replay command instead of --path`);
  return t;
}

function baseGrade(s: Scenario): TestGrade {
  return {
    name: s.name,
    description: s.description,
    kind: s.kind,
    group: s.group,
    score: 0,
    maxScore: s.points,
    visibility: s.visibility,
    status: 'failed',
    errorSource: null,
    message: null,
    where: null,
    seed: null,
    path: null,
    runs: 0,
    replay: null,
    wallMs: 0,
    counters: null,
    mc: null,
    output: '',
    trace: null,
    failStep: null,
    procs: s.nodes.flatMap((n) => n.processes.map((p) => ({ id: p.id, node: n.name }))),
  };
}

function fromRun(g: TestGrade, run: TestRun, opts: GradeOptions, unknownScore: LoadedAssignment['unknownScore']): TestGrade {
  const o = run.outcome;
  g.status = o.status;
  if (o.status === 'error') g.errorSource = o.source;
  g.runs = run.runs;
  g.counters = run.counters;
  g.mc = run.mc;
  g.procs = run.procs;
  if (run.shown !== null) {
    g.trace = run.shown.trace;
    g.failStep = run.shown.failStep;
  }
  g.score = testScore(o.status, g.maxScore, unknownScore);
  if (o.status === 'passed') return g;
  g.message = o.message;
  if (o.status === 'unknown') return g;
  if (o.status === 'failed' && o.at !== null) g.where = `${o.at.file}:${o.at.line}`;
  if (run.shown !== null && run.kind === 'sim') {
    g.seed = run.shown.seed;
    g.replay = opts.replayCommand(g.name, { seed: run.shown.seed });
  } else if (run.kind === 'mc') {
    g.path = run.token;
    g.replay = opts.replayCommand(g.name, run.token === null ? null : { path: run.token });
  }
  return g;
}

function fromSandbox(g: TestGrade, r: SandboxResult, wallTime: number, memoryMb: number): TestGrade {
  switch (r.status) {
    case 'timeout':
      g.status = 'limit';
      g.message = `wall time limit of ${wallTime} s reached; the test was stopped (an infinite loop, or far too much work per event?)`;
      break;
    case 'memory':
      g.status = 'limit';
      g.message = `memory limit of ${memoryMb} MB reached; the test was stopped`;
      break;
    case 'crashed':
      g.status = 'error';
      g.errorSource = r.cause === 'student' ? 'student' : 'sandbox';
      g.message = r.reason;
      break;
    case 'protocol':
      g.status = 'error';
      g.errorSource = 'sandbox';
      g.message = `the test process misbehaved: ${r.reason}`;
      break;
    case 'ok':
      break;
  }
  return g;
}

function compileFailed(tests: Scenario[], errors: Diagnostic[]): TestGrade[] {
  const first = errors[0] === undefined ? 'the solution does not compile' : formatDiagnostic(errors[0]);
  return tests.map((s) => ({ ...baseGrade(s), status: 'error' as const, errorSource: 'compile' as const, message: `compile error: ${first}` }));
}

/** Grades one submission: compile, run every test in one sandbox child, score in this process. */
export async function gradeSubmission(opts: GradeOptions): Promise<GradeReport> {
  const started = performance.now();
  if (opts.seedJobs !== undefined && !(Number.isInteger(opts.seedJobs) && opts.seedJobs >= 1)) {
    throw new Error(`gradeSubmission: seedJobs must be a positive integer number of threads, got ${String(opts.seedJobs)}`);
  }
  if (!fs.existsSync(opts.assignmentDir)) throw new SetupError(`assignment folder ${opts.assignmentDir} does not exist`);
  if (!fs.existsSync(opts.solutionDir) || !fs.statSync(opts.solutionDir).isDirectory()) {
    throw new SetupError(`solution folder ${opts.solutionDir} does not exist; pass --solution DIR`);
  }
  const workDir = makeWorkDir();
  const work = workDir.path;
  try {
    let checksPath: string | undefined;
    const knownChecks = new Set<string>();
    const checksFile = path.join(opts.assignmentDir, 'checks.ts');
    if (fs.existsSync(checksFile)) {
      const c = await compileChecks(checksFile, path.join(work, 'checks'), { cacheDir: opts.compileCache ?? null });
      if (!c.ok) throw new SetupError(`the assignment's checks.ts does not compile:\n${c.errors.map(formatDiagnostic).join('\n')}`);
      checksPath = c.bundlePath;
      // checks.ts is the instructor's trusted code: loading it here tells which check names exist.
      const exported = (await import(pathToFileURL(c.bundlePath).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exported)) if (typeof value === 'function') knownChecks.add(name);
    }
    const loaded = loadAssignment(opts.assignmentDir, { knownChecks });
    if (!loaded.ok) throw new SetupError(`the assignment has errors:\n${loaded.errors.map(formatLoadError).join('\n')}`);
    const a = loaded.assignment;
    const tests = selectTests(a, opts);
    const partial = opts.only !== undefined || opts.tests !== undefined || tests.length < a.tests.length;
    const language = solutionLanguage(a, opts.solutionDir, opts.language);
    if (language !== 'typescript' && language !== 'python') throw new SetupError(language);
    const outDir = path.join(work, 'solution');
    const compiled =
      language === 'python'
        ? compilePython({ solutionDir: opts.solutionDir, entry: a.pythonEntry, outDir })
        : await compileSolution({ solutionDir: opts.solutionDir, entry: a.entry, classes: a.classes, outDir, determinism: a.determinism, cacheDir: opts.compileCache ?? null });
    const report = (grades: TestGrade[], compile: GradeReport['compile']): GradeReport => {
      const t = totals(grades, a.groups);
      const graded = new Set(grades.map((g) => g.group));
      // A partial run's groups count only the tests that ran, so their points say nothing of the others.
      const ranPoints = (name: string): number => grades.filter((g) => g.group === name).reduce((s, g) => s + g.maxScore, 0);
      const groups = partial ? t.groups.filter((g) => graded.has(g.name)).map((g) => ({ ...g, maxScore: ranPoints(g.name) })) : t.groups;
      // Full marks are the groups that are not bonus (the loader checks they add up to a.points).
      const points = (bonus: boolean): number => groups.filter((g) => g.bonus === bonus).reduce((s, g) => s + g.maxScore, 0);
      return {
        assignment: { name: a.name, title: a.title },
        solution: opts.solutionDir,
        score: t.score,
        maxScore: points(false),
        bonusPoints: points(true),
        groups,
        tests: grades,
        compile,
        wallMs: performance.now() - started,
      };
    };
    const failed = (errors: Diagnostic[]): GradeReport => {
      const grades = compileFailed(tests, errors);
      grades.forEach((g) => opts.onTest?.(g));
      return report(grades, { ok: false, errors, warnings: [] });
    };
    if (!compiled.ok) return failed(compiled.errors);
    const memoryMb = Math.max(...tests.map((t) => t.limits.memoryMb));
    const runnerModule = language === 'python' ? PYTHON_RUNNER.href : RUNNER_MODULE.href;
    // The child reads the pyodide package (wasm, stdlib) from node_modules; nothing else is added.
    const readPaths = language === 'python' ? [pyodideLocation()] : [];
    // Pyodide is loaded once per thread (seconds, and its own wasm memory): Python seeds stay on one thread.
    const seedJobs = language === 'python' ? 1 : (opts.seedJobs ?? 1);
    const sandboxOpts = { bundlePath: compiled.bundlePath, runnerModule, memoryMb, readPaths, seedJobs, ...(checksPath !== undefined ? { checksPath } : {}) };
    // Student code first runs inside a job, so a child that cannot even start is the grader's failure, not a score.
    const sandbox = await Sandbox.start(sandboxOpts);
    const grades: TestGrade[] = [];
    try {
      if (language === 'python') {
        const syntax = await pythonSyntaxErrors(sandbox, compiled.bundlePath);
        if (syntax.length > 0) return failed(syntax);
      }
      for (const s of tests) {
        // Model-checking tests have no seeds: a --seed for all tests applies to the sim tests only.
        const job: TestJob = {
          scenario: s,
          ...(opts.seed !== undefined && s.kind === 'sim' ? { seed: opts.seed } : {}),
          ...(opts.path !== undefined ? { path: opts.path } : {}),
          ...(opts.trace === true ? { trace: true } : {}),
        };
        const t0 = performance.now();
        const r = await sandbox.run(job, { wallTimeMs: s.limits.wallTime * 1000 });
        let g = baseGrade(s);
        let output = r.status === 'protocol' ? '' : r.output;
        if (r.status === 'ok') {
          const run = parseTestRun(r.value, s.name);
          g = typeof run === 'string' ? { ...g, status: 'error', errorSource: 'sandbox', message: run } : fromRun(g, run, opts, a.unknownScore);
          // Show the output of the run that is shown (the traced rerun of the failing seed), when it was not cut off.
          if (typeof run !== 'string' && run.outputFrom !== null && run.outputFrom < output.length) output = output.slice(run.outputFrom);
        } else {
          g = fromSandbox(g, r, s.limits.wallTime, memoryMb);
        }
        g = capGrade(g);
        g.output = output;
        g.wallMs = performance.now() - t0;
        grades.push(g);
        opts.onTest?.(g);
        if (opts.bail === true && g.status !== 'passed') break;
      }
    } finally {
      await sandbox.close();
    }
    return report(grades, { ok: true, errors: [], warnings: compiled.warnings });
  } finally {
    workDir.remove();
  }
}
