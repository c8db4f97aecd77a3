// The one entry of the grader: the `dsgrade` command.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { decodeReplayToken } from '@dsgrade/framework';
import { defaultCompileCacheDir } from './compile/index.js';
import { fitResults, gradeSubmission, passedCount, scoreText, SetupError, type GradeOptions, type GradeReport, type ReplayAt, type TestGrade } from './grade/index.js';
import { consoleSummary, consoleTestLines, consoleWarnings, renderTraceText, renderHtml, toGradescope, toJUnit, toPrairieLearn } from './report/index.js';
import { COURSE_USAGE, HIDDEN_USAGE, isCourseCommand, runCourseCommand } from './course/commands.js';
import { OutputError, prepareOutputs, writeAtomic, type OutputTarget } from './output/index.js';
import { EXPLORE_USAGE, exploreCommand } from './explore/index.js';

const REPO_ROOT = new URL('../../../', import.meta.url);

const USAGE: Record<string, string> = {
  test: `dsgrade test <assignment> [--solution DIR] [--language L] [--test NAME] [--seed N] [--trace] [--bail] [--all] [--jobs N]
  Runs an assignment's visible tests on a solution (default: the assignment's solution/ folder);
  --all runs the hidden tests too (they are otherwise run only by grade).
  One line per test; a failure shows its reason, seed and the command that replays it.
  --language typescript|python when the folder holds entry files of both; --language python
  without --solution runs the assignment's python/solution/ folder.
  --jobs N runs a test's seeds on N threads (default: the cores available); results are the same.
  --trace prints the trace of each failing run. Exit code 1 if a test failed, 2 on usage errors.
  An unchanged solution is not compiled again: results are kept in ~/.cache/dsgrade
  (DSGRADE_CACHE=DIR to move it, DSGRADE_CACHE=off to turn it off; grade never uses it).`,
  grade: `dsgrade grade <assignment> [--solution DIR] [--language L] [--out DIR] [--json FILE] [--junit FILE] [--prairielearn FILE] [--jobs N]
  Grades one submission: writes report.html to --out (default dsgrade-out/<assignment>),
  Gradescope results.json to --json, JUnit XML to --junit and PrairieLearn's results.json to --prairielearn. Exit code 0 whenever grading
  worked, whatever the score; non-zero only when the grader could not run.
  --jobs N runs a test's seeds on N threads (default: the cores available); results are the same.`,
  replay: `dsgrade replay <assignment> --solution DIR --test NAME [--seed N | --path TOKEN] [--trace]
  Reruns exactly one run of one test: a simulation test's run with --seed N, a model-checking
  test's path with --path TOKEN (both as printed by the failure). --trace prints the trace.
  Without either it reruns the whole test.`,
};

const GENERAL = `dsgrade — grade distributed-systems assignments in a deterministic simulation

Commands:
${[...Object.values(USAGE), ...Object.values(COURSE_USAGE), EXPLORE_USAGE].map((u) => '  ' + u.split('\n')[0]).join('\n')}
  dsgrade mutation-score [<assignment>...] [--jobs N] [--min PERCENT] [--fresh]   test strength (instructors)

<assignment> is a folder with an assignment.yaml, or the name of one under assignments/
(of the current folder, or of dsgrade's own repository).
Run "dsgrade help <command>" for details.`;

/** A mistake in how the command was called: one line, the usage, exit code 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string | null,
  ) {
    super(message);
  }
}

const OPTIONS = {
  solution: { type: 'string' },
  language: { type: 'string' },
  test: { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  trace: { type: 'boolean' },
  bail: { type: 'boolean' },
  all: { type: 'boolean' },
  jobs: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'string' },
  junit: { type: 'string' },
  prairielearn: { type: 'string' },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const ALLOWED: Record<string, readonly string[]> = {
  test: ['solution', 'language', 'test', 'seed', 'trace', 'bail', 'all', 'jobs', 'color', 'help'],
  grade: ['solution', 'language', 'out', 'json', 'junit', 'prairielearn', 'jobs', 'color', 'help'],
  replay: ['solution', 'language', 'test', 'seed', 'path', 'trace', 'color', 'help'],
};

type Flags = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

function parse(command: string, argv: string[]): { assignment: string; flags: Flags } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0]! : String(e), command);
  }
  const flags = parsed.values as Flags;
  for (const k of Object.keys(flags)) {
    if (!ALLOWED[command]!.includes(k)) throw new UsageError(`option --${k} does not apply to "${command}"`, command);
  }
  if (flags.help === true) return { assignment: '', flags };
  if (parsed.positionals.length !== 1) throw new UsageError(`"${command}" takes exactly one <assignment>, got ${parsed.positionals.length}`, command);
  return { assignment: parsed.positionals[0]!, flags };
}

function bundledAssignments(): string[] {
  return fs.existsSync(new URL('assignments/', REPO_ROOT))
    ? fs.readdirSync(new URL('assignments/', REPO_ROOT)).filter((d) => fs.existsSync(new URL(`assignments/${d}/assignment.yaml`, REPO_ROOT))).sort()
    : [];
}

function resolveAssignment(arg: string): string {
  if (fs.existsSync(path.join(arg, 'assignment.yaml'))) return path.resolve(arg);
  // A course repository (or a student export) keeps its assignments under ./assignments/.
  const local = path.join('assignments', arg);
  if (!arg.includes('/') && fs.existsSync(path.join(local, 'assignment.yaml'))) return path.resolve(local);
  const bundled = new URL(`assignments/${arg}/`, REPO_ROOT);
  if (!arg.includes('/') && fs.existsSync(new URL('assignment.yaml', bundled))) return path.resolve(bundled.pathname);
  const known = bundledAssignments();
  throw new UsageError(`no assignment at "${arg}" (a folder with assignment.yaml); bundled assignments: ${known.join(', ') || 'none'}`, null);
}

function parseSeed(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) > 0xffffffff) throw new UsageError(`--seed must be an integer from 0 to 4294967295, got "${s}"`, null);
  return Number(s);
}

/** Threads for a test's seeds: --jobs N, or the cores available. */
function parseJobs(s: string | undefined): number {
  if (s === undefined) return os.availableParallelism();
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 256) throw new UsageError(`--jobs must be a number of threads from 1 to 256, got "${s}"`, null);
  return Number(s);
}

function parsePath(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  try {
    decodeReplayToken(s);
  } catch {
    throw new UsageError(`--path "${s.slice(0, 60)}" is not a replay token; copy it from the replay command a failed model-checking test printed (e.g. --path 0.3.1-9f3a01bc)`, null);
  }
  return s.trim();
}

function replayFlag(at: ReplayAt): string {
  if (at === null) return '';
  return 'seed' in at ? ` --seed ${at.seed}` : ` --path ${quote(at.path)}`;
}

function display(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
}

function quote(s: string): string {
  return /^[\w./@:=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function gradeOptions(assignmentArg: string, assignmentDir: string, solutionDir: string, flags: Flags, onTest: ((t: TestGrade) => void) | null): GradeOptions {
  const opts: GradeOptions = {
    assignmentDir,
    solutionDir,
    replayCommand: (test, at) => `npx dsgrade replay ${quote(assignmentArg)} --solution ${quote(display(solutionDir))}${flags.language === undefined ? '' : ` --language ${flags.language}`} --test ${quote(test)}${replayFlag(at)}`,
  };
  if (onTest !== null) opts.onTest = onTest;
  if (flags.test !== undefined) opts.only = flags.test;
  const seed = parseSeed(flags.seed);
  if (seed !== undefined) opts.seed = seed;
  const tokenPath = parsePath(flags.path);
  if (tokenPath !== undefined) {
    if (seed !== undefined) throw new UsageError('pass --seed N for a simulation test or --path TOKEN for a model-checking test, not both', 'replay');
    opts.path = tokenPath;
  }
  opts.seedJobs = parseJobs(flags.jobs);
  if (flags.trace === true) opts.trace = true;
  if (flags.bail === true) opts.bail = true;
  if (flags.language !== undefined) {
    if (flags.language !== 'typescript' && flags.language !== 'python') throw new UsageError(`--language must be typescript or python, got "${flags.language}"`, null);
    opts.language = flags.language;
  }
  return opts;
}

function printTraces(r: GradeReport, out: (s: string) => void): void {
  for (const t of r.tests) {
    if (t.trace === null) continue;
    out(`\n── trace of ${t.name}${t.seed !== null ? `, seed ${t.seed}` : t.path !== null ? `, path ${t.path}` : ''} ──\n`);
    out(renderTraceText(t.trace, t.procs) + '\n');
  }
}

/** Where `grade` writes, checked (and old results deleted) before any test runs. */
function gradeTargets(assignmentDir: string, flags: Flags): { html: string; targets: OutputTarget[] } {
  const dir = flags.out ?? path.join('dsgrade-out', path.basename(assignmentDir));
  const html = path.join(dir, 'report.html');
  const targets: OutputTarget[] = [{ label: `--out ${dir}`, file: html, labelIsFolder: true }];
  if (flags.json !== undefined) targets.push({ label: `--json ${flags.json}`, file: flags.json });
  if (flags.junit !== undefined) targets.push({ label: `--junit ${flags.junit}`, file: flags.junit });
  if (flags.prairielearn !== undefined) targets.push({ label: `--prairielearn ${flags.prairielearn}`, file: flags.prairielearn });
  return { html, targets };
}

async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s);
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = rest[0];
    if (topic === 'mutation-score') {
      out((await import('./mutation/command.js')).MUTATION_USAGE + '\n');
      return 0;
    }
    const topicUsage = topic === undefined ? undefined : topic === 'explore' ? EXPLORE_USAGE : (USAGE[topic] ?? COURSE_USAGE[topic] ?? HIDDEN_USAGE[topic]);
    out((topicUsage ?? GENERAL) + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === 'explore') return exploreCommand(rest, resolveAssignment, out);
  if (isCourseCommand(command)) return runCourseCommand(command, rest, resolveAssignment, out, (s) => process.stderr.write(s));
  if (command === 'mutation-score') {
    // Loaded only here: the mutant generator pulls in Babel, which the student loop does not need.
    const { mutationScoreCommand } = await import('./mutation/command.js');
    return mutationScoreCommand(rest, {
      resolveAssignment,
      bundled: () => bundledAssignments().map(resolveAssignment),
      out,
      err: (s) => process.stderr.write(s),
    });
  }
  if (USAGE[command] === undefined) throw new UsageError(`unknown command "${command}"`, null);
  const { assignment, flags } = parse(command, rest);
  if (flags.help === true) {
    out(USAGE[command] + '\n');
    return 0;
  }
  const assignmentDir = resolveAssignment(assignment);
  if (command === 'replay') {
    for (const need of ['solution', 'test'] as const) {
      if (flags[need] === undefined) throw new UsageError(`replay needs --${need}`, command);
    }
  }
  // A Python solution's default folder is the assignment's Python skeleton, python/solution/.
  const defaultSolution = flags.language === 'python' ? path.join(assignmentDir, 'python', 'solution') : path.join(assignmentDir, 'solution');
  const solutionDir = path.resolve(flags.solution ?? defaultSolution);
  const color = flags.color ?? process.stdout.isTTY === true;
  // `grade` prints a summary only; `test` and `replay` show each test as it finishes.
  const live = command === 'grade' ? null : (t: TestGrade) => out(consoleTestLines(t, 24, { color }).join('\n') + '\n');
  const opts = gradeOptions(assignment, assignmentDir, solutionDir, flags, live);
  // The student's command keeps hidden tests hidden: not run, not named, not counted.
  if (command === 'test' && flags.all !== true) opts.visibleOnly = true;
  // The student's loop reuses the type check of unchanged files; grading always compiles afresh.
  if (command !== 'grade') opts.compileCache = defaultCompileCacheDir();
  if (command !== 'grade') out(`${path.basename(assignmentDir)}   (solution: ${display(solutionDir)})\n`);
  const outputs = command === 'grade' ? gradeTargets(assignmentDir, flags) : null;
  if (outputs !== null) prepareOutputs(outputs.targets);
  const report = await gradeSubmission(opts);
  if (outputs !== null) {
    const html = outputs.html;
    writeAtomic(html, renderHtml(report), `--out ${path.dirname(html)}`);
    if (flags.json !== undefined) writeAtomic(flags.json, fitResults(toGradescope(report), (r) => JSON.stringify(r, null, 2) + '\n'), `--json ${flags.json}`);
    if (flags.junit !== undefined) writeAtomic(flags.junit, toJUnit(report), `--junit ${flags.junit}`);
    if (flags.prairielearn !== undefined) writeAtomic(flags.prairielearn, fitResults(toPrairieLearn(report), (r) => JSON.stringify(r, null, 2) + '\n'), `--prairielearn ${flags.prairielearn}`);
    out(consoleWarnings(report, { color }));
    out(`${report.assignment.title}: ${scoreText(report)} (${passedCount(report)}/${report.tests.length} tests passed)\n`);
    out(`Report: ${display(html)}\n`);
    if (flags.json !== undefined) out(`Gradescope results: ${display(flags.json)}\n`);
    if (flags.junit !== undefined) out(`JUnit XML: ${display(flags.junit)}\n`);
    return 0;
  }
  out(consoleSummary(report, { color }));
  if (flags.trace === true) printTraces(report, out);
  return report.tests.every((t) => t.status === 'passed') && report.compile.ok ? 0 : 1;
}

// `dsgrade test ... | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`dsgrade: ${e.message}\n\n${e.command !== null ? USAGE[e.command] : GENERAL}\n`);
      process.exitCode = 2;
    } else if (e instanceof SetupError || e instanceof OutputError) {
      process.stderr.write(`dsgrade: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`dsgrade: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    }
  },
);
