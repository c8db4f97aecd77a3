// The course commands of `dsgrade` (checking, converting and exporting assignments), kept apart from cli.ts.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkAssignment } from './check-assignment.js';
import { classroomStep } from './classroom.js';
import { exportStudent, ExportRefused } from './export-student.js';
import { formatCheck } from './format-check.js';
import { gradeAll } from './grade-all.js';
import { buildGradescopeZip } from './gradescope.js';
import { buildPrairieLearn } from './prairielearn.js';
import { mergeShards } from './merge.js';
import { createProgress } from './progress.js';
import { parseShard } from './shard.js';
import { convertMutantFolder, mutantFolders } from './mutant-to-patch.js';

export const COURSE_USAGE: Record<string, string> = {
  'check-assignment': `dsgrade check-assignment <assignment>
  Checks that an assignment is sound: it loads; the skeleton compiles and scores 0; the reference
  scores full marks on every test and seed, twice, with byte-identical results and traces; every
  mutant loses points and fails the tests its "# kills:" line names. Prints each reference test's
  wall time. Exit code 1 if any of that fails (naming the surviving mutants), 2 on usage errors.`,
  'export-student': `dsgrade export-student <assignment...> OUT_DIR [--vendor DIR]
  Writes a student starter repository to OUT_DIR: each assignment's README, skeleton (as
  solution/), visible tests and checks.ts, a package.json and a GitHub Classroom workflow.
  Leaves out reference/, mutants/ and hidden tests. OUT_DIR must not exist or be empty.
  --vendor DIR: copy the npm pack tarballs in DIR into OUT_DIR/vendor/ and depend on them.`,
  'grade-all': `dsgrade grade-all <assignment> SUBMISSIONS_DIR --out DIR [--jobs N] [--shard I/N]
  Grades each subfolder of SUBMISSIONS_DIR (one submission each), N at a time in separate
  processes (default: the CPU count), into DIR/submissions/<name>/ (report.html, results.json),
  then writes DIR/summary.csv and DIR/index.html. Rerun after an interruption, it grades only
  what is unfinished. --shard I/N grades a stable slice (1 <= I <= N), chosen by name.`,
  merge: `dsgrade merge DIR... --out DIR
  Joins the --out folders of grade-all shards into one folder with one summary.csv and
  index.html. Refuses shards of different assignments (or test versions) and duplicate submissions.`,
  gradescope: `dsgrade gradescope <assignment> OUT.zip [--vendor DIR]
  Writes a Gradescope autograder zip: setup.sh (installs Node if the image lacks Node 20),
  run_autograder (grades /autograder/submission into /autograder/results/results.json), the
  assignment with its hidden tests and dsgrade in node_modules/. For the instructor's upload
  only. --vendor DIR: install these "npm pack" tarballs instead of packing the running dsgrade.`,
  prairielearn: `dsgrade prairielearn <assignment> OUT_DIR [--vendor DIR]
  Writes a folder for a PrairieLearn course's serverFilesCourse/: grade.sh (the external
  grader's entrypoint: grades /grade/student into /grade/results/results.json), the assignment
  with its hidden tests and dsgrade in node_modules/. Its README.md has the info.json settings.`,
  classroom: `dsgrade classroom <assignment> [--solution DIR]
  One GitHub Classroom autograding step (the workflow export-student writes runs it): grades the
  solution (default: the assignment's solution/), prints each test and "Points N/M", and appends
  the step's result (base64 JSON, points per test) to $GITHUB_OUTPUT for the grading reporter.
  Exit code 0 whenever grading worked, whatever the score.`,
};

/** Commands that work but are not listed in `dsgrade help`: maintenance tools for dsgrade's own authors. */
export const HIDDEN_USAGE: Record<string, string> = {
  'mutant-to-patch': `dsgrade mutant-to-patch <assignment> [--keep]
  Converts every mutant written as a folder (mutants/NAME/, a full copy of reference/) into
  mutants/NAME.patch: a unified diff against reference/ with "# mistake:" (taken from the
  folder's "// Mutant "NAME": ..." comment) and "# kills:" (the tests the mutant fails now).
  Python mutants (python/mutants/NAME/, a copy of python/reference/, "# Mutant: ..." comment)
  become python/mutants/NAME.patch the same way. Removes each converted folder unless --keep.`,
};

class CourseUsageError extends Error {}

type Resolve = (arg: string) => string;

async function runCheck(argv: string[], resolve: Resolve, out: (s: string) => void): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) throw new CourseUsageError(`"check-assignment" takes exactly one <assignment>, got ${positionals.length}`);
  const dir = resolve(positionals[0]!);
  const c = await checkAssignment(dir, { onProgress: (l) => out(`  … ${l}\n`) });
  out(formatCheck(c));
  return c.problems.length === 0 ? 0 : 1;
}

async function runConvert(argv: string[], resolve: Resolve, out: (s: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { keep: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new CourseUsageError(`"mutant-to-patch" takes exactly one <assignment>, got ${positionals.length}`);
  const dir = resolve(positionals[0]!);
  const python = path.join(dir, 'python');
  const sets = [
    { prefix: '', folders: mutantFolders(dir), opts: {} },
    { prefix: 'python/', folders: mutantFolders(python), opts: { python: true } },
  ];
  if (sets.every((s) => s.folders.length === 0)) out(`no mutant folders in ${dir}/mutants or ${dir}/python/mutants; nothing to convert\n`);
  for (const set of sets) {
    for (const name of set.folders) {
      const c = await convertMutantFolder(dir, name, { ...set.opts, ...(values.keep === true ? { keep: true } : {}) });
      const at = `${set.prefix}mutants/${name}`;
      out(`${at}/ -> ${at}.patch  kills: [${c.kills.join(', ')}]${c.mistakeGuessed ? '  (no "// Mutant" comment: edit its "# mistake:" line)' : ''}\n`);
      if (c.kills.length === 0) out(`  warning: ${set.prefix}${name} fails no test; check-assignment will report it as a survivor\n`);
    }
  }
  return 0;
}

async function runExport(argv: string[], resolve: Resolve, out: (s: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { vendor: { type: 'string' } } });
  if (positionals.length < 2) throw new CourseUsageError(`"export-student" takes one or more <assignment> and an OUT_DIR, got ${positionals.length} arguments`);
  const outDir = positionals[positionals.length - 1]!;
  const dirs = positionals.slice(0, -1).map(resolve);
  const vendor = values.vendor === undefined ? [] : tarballs(values.vendor);
  const r = exportStudent(dirs, outDir, { vendor });
  out(`Exported ${r.assignments.join(', ')} to ${outDir} (${r.files.length} files; left out ${r.hiddenTests.length} hidden tests, reference/ and mutants/)\n`);
  return 0;
}

function tarballs(dir: string): string[] {
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^dsgrade-(framework|grader)-.*\.tgz$/.test(f)) : [];
  if (found.length !== 2) throw new CourseUsageError(`--vendor ${dir} must hold the two tarballs of "npm pack -w framework -w grader" (dsgrade-framework-*.tgz, dsgrade-grader-*.tgz), found ${found.length}`);
  return found.map((f) => path.join(dir, f));
}

async function runGradeAll(argv: string[], resolve: Resolve, out: (s: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { out: { type: 'string' }, jobs: { type: 'string' }, shard: { type: 'string' } },
  });
  if (positionals.length !== 2) throw new CourseUsageError(`"grade-all" takes <assignment> and SUBMISSIONS_DIR, got ${positionals.length} arguments`);
  if (values.out === undefined) throw new CourseUsageError('grade-all needs --out DIR');
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new CourseUsageError(`--jobs must be a positive integer, got "${values.jobs}"`);
  let shard;
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
  } catch (e) {
    throw new CourseUsageError((e as Error).message.replace(/^parseShard: /, ''));
  }
  const progress = createProgress(process.stderr.isTTY === true, (s) => out(s));
  const results = await gradeAll({
    assignmentDir: resolve(positionals[0]!),
    submissionsDir: positionals[1]!,
    outDir: values.out,
    ...(jobs !== undefined ? { jobs } : {}),
    ...(shard !== undefined ? { shard } : {}),
    onProgress: (e) => progress.update(e),
  });
  progress.stop();
  const errors = results.filter((r) => r.status === 'error').length;
  out(`Graded ${results.length} submissions${shard ? ` (shard ${shard.index}/${shard.count})` : ''}${errors > 0 ? `, ${errors} could not be graded` : ''}: ${path.join(values.out, 'summary.csv')}, ${path.join(values.out, 'index.html')}\n`);
  return 0;
}

async function runMerge(argv: string[], _resolve: Resolve, out: (s: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' } } });
  if (positionals.length === 0) throw new CourseUsageError('"merge" takes one or more grade-all output folders');
  if (values.out === undefined) throw new CourseUsageError('merge needs --out DIR');
  const r = mergeShards(positionals, values.out);
  out(`Merged ${positionals.length} folders, ${r.submissions} submissions: ${path.join(values.out, 'summary.csv')}, ${path.join(values.out, 'index.html')}\n`);
  return 0;
}

async function runGradescope(argv: string[], resolve: Resolve, out: (s: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { vendor: { type: 'string' } } });
  if (positionals.length !== 2) throw new CourseUsageError(`"gradescope" takes <assignment> and OUT.zip, got ${positionals.length} arguments`);
  const zip = positionals[1]!;
  if (!zip.endsWith('.zip')) throw new CourseUsageError(`OUT.zip must end in .zip, got "${zip}"`);
  const r = await buildGradescopeZip(resolve(positionals[0]!), zip, values.vendor === undefined ? {} : { tarballs: tarballs(values.vendor) });
  out(`Wrote ${zip} (${r.files} files, ${(r.bytes / 1e6).toFixed(1)} MB): the Gradescope autograder of ${r.assignment}, hidden tests included; upload it, never give it to students\n`);
  return 0;
}

async function runPrairieLearn(argv: string[], resolve: Resolve, out: (s: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { vendor: { type: 'string' } } });
  if (positionals.length !== 2) throw new CourseUsageError(`"prairielearn" takes <assignment> and OUT_DIR, got ${positionals.length} arguments`);
  const dir = positionals[1]!;
  const b = buildPrairieLearn(resolve(positionals[0]!), dir, values.vendor === undefined ? {} : { tarballs: tarballs(values.vendor) });
  out(`Wrote ${dir}: the PrairieLearn external grader of ${b.name}, hidden tests included; copy it to serverFilesCourse/${path.basename(path.resolve(dir))}/ (see its README.md)\n`);
  return 0;
}

async function runClassroom(argv: string[], resolve: Resolve, out: (s: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { solution: { type: 'string' } } });
  if (positionals.length !== 1) throw new CourseUsageError(`"classroom" takes exactly one <assignment>, got ${positionals.length}`);
  const dir = resolve(positionals[0]!);
  const step = await classroomStep(dir, path.resolve(values.solution ?? path.join(dir, 'solution')), process.env['GITHUB_OUTPUT']);
  for (const t of step.result.tests) out(`${t.status === 'pass' ? '✓' : '✗'} ${t.name}  ${t.score}${t.message === '' ? '' : `\n    ${t.message.replace(/\n/g, '\n    ')}`}\n`);
  out(`${step.points}\n`);
  if (process.env['GITHUB_OUTPUT'] === undefined) out('GITHUB_OUTPUT is not set (not in GitHub Actions): the result was not written for the reporter\n');
  return 0;
}

const RUNNERS: Record<string, (argv: string[], resolve: Resolve, out: (s: string) => void) => Promise<number>> = {
  'check-assignment': runCheck,
  classroom: runClassroom,
  gradescope: runGradescope,
  prairielearn: runPrairieLearn,
  'export-student': runExport,
  'grade-all': runGradeAll,
  merge: runMerge,
  'mutant-to-patch': runConvert,
};

/** True when `command` is one of the course commands. */
export function isCourseCommand(command: string): boolean {
  return RUNNERS[command] !== undefined;
}

/** Runs a course command; returns its exit code. `resolve` turns an <assignment> argument into a folder. */
export async function runCourseCommand(command: string, argv: string[], resolve: Resolve, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const usage = COURSE_USAGE[command] ?? HIDDEN_USAGE[command];
  const run = RUNNERS[command];
  if (run === undefined || usage === undefined) throw new Error(`runCourseCommand: unknown command "${command}"; pass one of ${Object.keys(RUNNERS).join(', ')}`);
  if (argv.includes('--help') || argv.includes('-h')) {
    out(usage + '\n');
    return 0;
  }
  try {
    return await run(argv, resolve, out);
  } catch (e) {
    const isParse = e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');
    if (e instanceof CourseUsageError || isParse) {
      err(`dsgrade: ${(e as Error).message.split('\n')[0]}\n\n${usage}\n`);
      return 2;
    }
    if (e instanceof ExportRefused) {
      err(`dsgrade: ${e.message.replace(/^exportStudent: /, '')}\n`);
      return 2;
    }
    throw e;
  }
}
