// `dsgrade export-student`: a starter repository for students, without anything an instructor keeps to themselves.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { classroomWorkflow } from './classroom-workflow.js';
import { offlineLockfile, readTarball, type Tarball } from './offline-lock.js';
import { listFiles } from './tree.js';

/** An export that the instructor's input rules out (a README naming a hidden test, a folder in the way): fixable, not a bug. */
export class ExportRefused extends Error {}

export interface ExportOptions {
  /** package.json dependency specs of the dsgrade packages (default: this grader's version, from the registry). */
  dependencies?: Record<string, string>;
  /** Tarballs (`npm pack` output) copied into OUT_DIR/vendor/ and depended on from there: an offline class. */
  vendor?: string[];
}

export interface ExportResult {
  assignments: string[];
  /** Files written, relative to OUT_DIR. */
  files: string[];
  /** Names of the hidden tests left out, per assignment. */
  hiddenTests: string[];
}

interface TestEntry {
  file: string;
  group: string;
  points: number;
  visibility?: string;
}

function graderVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The files of tests/ that the visible tests need: themselves and every base they extend, transitively. */
function neededTestFiles(testsDir: string, visible: string[]): Set<string> {
  const need = new Set<string>();
  const visit = (rel: string) => {
    const norm = path.posix.normalize(rel);
    if (need.has(norm)) return;
    need.add(norm);
    const doc = parseYaml(fs.readFileSync(path.join(testsDir, norm), 'utf8')) as { extends?: unknown } | null;
    if (doc !== null && typeof doc === 'object' && typeof doc.extends === 'string') visit(path.posix.join(path.posix.dirname(norm), doc.extends));
  };
  for (const v of visible) visit(v);
  return need;
}

/**
 * assignment.yaml without the hidden tests: the groups and total shrink to what the student can
 * run. Written anew from its data, so no comment of the original (which might name a hidden test) survives.
 */
function studentAssignmentYaml(text: string, file: string): { yaml: string; hidden: TestEntry[] } {
  const a = parseYaml(text) as { tests?: TestEntry[]; groups?: { name: string; points: number }[]; points?: number } | null;
  if (a === null || !Array.isArray(a.tests) || !Array.isArray(a.groups)) throw new ExportRefused(`exportStudent: ${file} has no tests/groups lists; run "dsgrade check-assignment" on it first`);
  const hidden = a.tests.filter((t) => t.visibility === 'hidden');
  const tests = a.tests.filter((t) => t.visibility !== 'hidden');
  const sums = new Map<string, number>();
  for (const t of tests) sums.set(t.group, (sums.get(t.group) ?? 0) + t.points);
  const groups = a.groups.filter((g) => sums.has(g.name)).map((g) => ({ ...g, points: sums.get(g.name)! }));
  const out = { ...a, points: [...sums.values()].reduce((s, p) => s + p, 0), groups, tests };
  const head = '# yaml-language-server: $schema=../../node_modules/@dsgrade/grader/src/schema/assignment.schema.json\n' +
    '# The student copy: hidden tests are graded by your instructor and are not listed here.\n';
  return { yaml: head + stringifyYaml(out, { collectionStyle: 'block', flowCollectionPadding: true }), hidden };
}

/** Where a copied text names a hidden test: in quotes or backticks, or anywhere for a compound name like `quiet-after-answer`. */
export function namesHiddenTest(text: string, name: string): boolean {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`[\`'"]${esc}[\`'"]`).test(text)) return true;
  // A one-word name (chaos) is also an ordinary word and a scenario key; only quoted uses count.
  return /[-_0-9]/.test(name) && new RegExp(`(?<![\\w-])${esc}(?![\\w-])`).test(text);
}

function writeOut(outDir: string, rel: string, data: string | Buffer, written: string[]): void {
  const target = path.join(outDir, rel);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, data);
  written.push(rel);
}

function rootReadme(names: string[]): string {
  return `# Distributed-systems assignments

Each folder under \`assignments/\` is one assignment: read its \`README.md\`, write your solution in
its \`solution/\` folder, and run its tests:

\`\`\`
npm install
${names.map((n) => `npx dsgrade test ${n}`).join('\n')}
\`\`\`

An assignment offered in Python too has its Python skeleton in \`python/solution/\`: write
\`solution.py\` there and add \`--language python\` to the commands.

A failing test prints its seed and the command that replays exactly that run. Your instructor
grades with more tests than these; the visible ones are a part of your grade, not all of it.
`;
}

/** Writes the student starter repository of one or more assignments into `outDir`. */
export function exportStudent(assignmentDirs: string[], outDir: string, opts: ExportOptions = {}): ExportResult {
  if (!Array.isArray(assignmentDirs) || assignmentDirs.length === 0) throw new ExportRefused('exportStudent: pass at least one assignment folder');
  for (const d of assignmentDirs) {
    if (!fs.existsSync(path.join(d, 'assignment.yaml'))) throw new ExportRefused(`exportStudent: no assignment.yaml in ${d}; pass assignment folders`);
  }
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) throw new ExportRefused(`exportStudent: ${outDir} is not empty; pass a new or empty folder`);
  const names = assignmentDirs.map((d) => path.basename(path.resolve(d)));
  if (new Set(names).size !== names.length) throw new ExportRefused(`exportStudent: two assignments share a folder name (${names.join(', ')}); rename one`);
  const written: string[] = [];
  const hiddenTests: string[] = [];
  const visiblePoints: { name: string; points: number }[] = [];
  assignmentDirs.forEach((dir, i) => {
    const name = names[i]!;
    const base = `assignments/${name}`;
    const { yaml, hidden } = studentAssignmentYaml(fs.readFileSync(path.join(dir, 'assignment.yaml'), 'utf8'), `${name}/assignment.yaml`);
    writeOut(outDir, `${base}/assignment.yaml`, yaml, written);
    visiblePoints.push({ name, points: (parseYaml(yaml) as { points: number }).points });
    const all = (parseYaml(fs.readFileSync(path.join(dir, 'assignment.yaml'), 'utf8')) as { tests: TestEntry[] }).tests;
    const testsDir = path.join(dir, 'tests');
    for (const h of hidden) {
      const doc = parseYaml(fs.readFileSync(path.join(testsDir, h.file), 'utf8')) as { name?: string };
      hiddenTests.push(doc.name ?? h.file);
    }
    const need = neededTestFiles(testsDir, all.filter((t) => t.visibility !== 'hidden').map((t) => t.file));
    for (const f of [...need].sort()) {
      // The editor modeline points into dsgrade's repository; in the starter the schemas are under node_modules.
      const text = fs.readFileSync(path.join(testsDir, f), 'utf8').replace(/(\$schema=(?:\.\.\/)+)grader\/src\/schema\//, '$1node_modules/@dsgrade/grader/src/schema/');
      writeOut(outDir, `${base}/tests/${f}`, text, written);
    }
    for (const f of ['README.md', 'checks.ts']) {
      if (fs.existsSync(path.join(dir, f))) writeOut(outDir, `${base}/${f}`, fs.readFileSync(path.join(dir, f)), written);
    }
    for (const f of listFiles(path.join(dir, 'solution'))) writeOut(outDir, `${base}/solution/${f}`, fs.readFileSync(path.join(dir, 'solution', f)), written);
    // An assignment offered in Python too: its Python skeleton, where `dsgrade test --language python` looks.
    const pySkeleton = path.join(dir, 'python', 'solution');
    if (fs.existsSync(pySkeleton)) for (const f of listFiles(pySkeleton)) writeOut(outDir, `${base}/python/solution/${f}`, fs.readFileSync(path.join(pySkeleton, f)), written);
  });

  for (const rel of written.filter((f) => !f.startsWith('vendor/'))) {
    const text = fs.readFileSync(path.join(outDir, rel), 'utf8');
    const named = hiddenTests.find((h) => namesHiddenTest(text, h));
    if (named !== undefined) {
      fs.rmSync(outDir, { recursive: true, force: true });
      throw new ExportRefused(`exportStudent: ${rel} names the hidden test "${named}"; reword it in the assignment (or make the test visible), then export again`);
    }
  }

  const deps: Record<string, string> = { '@dsgrade/framework': graderVersion(), '@dsgrade/grader': graderVersion(), ...opts.dependencies };
  const vendored: Tarball[] = [];
  for (const tgz of opts.vendor ?? []) {
    const file = path.basename(tgz);
    writeOut(outDir, `vendor/${file}`, fs.readFileSync(tgz), written);
    const t = readTarball(tgz, `file:vendor/${file}`);
    vendored.push(t);
    deps[t.name] = t.spec;
  }
  const manifest = {
    name: 'dsgrade-student',
    private: true,
    type: 'module',
    scripts: { test: names.map((n) => `dsgrade test ${n}`).join(' && ') },
    dependencies: deps,
  };
  writeOut(outDir, 'package.json', JSON.stringify(manifest, null, 2) + '\n', written);
  // With both packages vendored, a lockfile lets `npm ci --offline` install from npm's cache alone.
  if (vendored.length === 2) writeOut(outDir, 'package-lock.json', offlineLockfile(manifest.name, vendored), written);
  writeOut(outDir, 'README.md', rootReadme(names), written);
  writeOut(outDir, '.gitignore', 'node_modules/\ndsgrade-out/\n', written);
  writeOut(outDir, '.github/workflows/classroom.yml', classroomWorkflow(visiblePoints), written);
  return { assignments: names, files: written.sort(), hiddenTests };
}
