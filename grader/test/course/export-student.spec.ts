import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { exportStudent, namesHiddenTest } from '../../src/course/export-student.js';
import { listFiles } from '../../src/course/tree.js';
import { dsgrade } from '../runners/cli.js';
import { echoCopy, removeCopy } from './echo-copy.js';
import { offline, packedTarballs, ROOT } from './packed.js';
import { assertFits, CLASSROOM_RESULT } from './platform-schemas.js';

const BUNDLED = ['ping-pong', 'guarantees', 'broadcast'].map((a) => path.join(ROOT, 'assignments', a));

interface Step {
  name?: string;
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

function workflowOf(texts: Map<string, string>): { jobs: Record<string, { steps: Step[] }> } {
  return parseYaml(texts.get('.github/workflows/classroom.yml')!) as { jobs: Record<string, { steps: Step[] }> };
}

interface Entry {
  file: string;
  visibility?: string;
  points: number;
}

/** The instructor-only files of an assignment: reference/, mutants/, and the tests (and bases) only hidden tests use. */
function excludedFiles(dir: string, exported: Set<string>): string[] {
  const name = path.basename(dir);
  const out: string[] = [];
  for (const sub of ['reference', 'mutants', 'python/reference', 'python/mutants'].filter((s) => fs.existsSync(path.join(dir, s)))) for (const f of listFiles(path.join(dir, sub))) out.push(path.join(dir, sub, f));
  for (const f of listFiles(path.join(dir, 'tests'))) if (!exported.has(`assignments/${name}/tests/${f}`)) out.push(path.join(dir, 'tests', f));
  return out;
}

describe('dsgrade export-student', function () {
  this.timeout(300_000);
  let out: string;
  let files: string[];
  let texts: Map<string, string>;
  let hidden: string[];

  before(() => {
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-export-')), 'starter');
    const r = exportStudent(BUNDLED, out, { vendor: packedTarballs() });
    hidden = r.hiddenTests;
    files = listFiles(out);
    assert.deepEqual(files, r.files);
    texts = new Map(files.filter((f) => !f.startsWith('vendor/')).map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
  });
  after(() => fs.rmSync(path.dirname(out), { recursive: true, force: true }));

  it('holds each assignment README, skeleton, visible tests and checks.ts, a package.json and a Classroom workflow', () => {
    for (const a of ['ping-pong', 'guarantees', 'broadcast']) {
      for (const f of ['README.md', 'checks.ts', 'assignment.yaml', 'solution/index.ts']) assert.ok(files.includes(`assignments/${a}/${f}`), `${a}/${f} missing`);
      const yaml = parseYaml(texts.get(`assignments/${a}/assignment.yaml`)!) as { tests: Entry[]; points: number; groups: { points: number }[] };
      const original = parseYaml(fs.readFileSync(path.join(ROOT, 'assignments', a, 'assignment.yaml'), 'utf8')) as { tests: Entry[] };
      assert.deepEqual(yaml.tests.map((t) => t.file), original.tests.filter((t) => t.visibility !== 'hidden').map((t) => t.file));
      assert.equal(yaml.points, yaml.tests.reduce((s, t) => s + t.points, 0));
      assert.equal(yaml.points, yaml.groups.reduce((s, g) => s + g.points, 0));
      for (const t of yaml.tests) assert.ok(files.includes(`assignments/${a}/tests/${t.file}`));
      // The Python skeleton comes along exactly where the assignment offers one.
      const python = fs.existsSync(path.join(ROOT, 'assignments', a, 'python', 'solution'));
      assert.equal(files.includes(`assignments/${a}/python/solution/solution.py`), python, `${a}: python/solution/solution.py`);
    }
    assert.ok(files.includes('assignments/guarantees/python/solution/solution.py'), 'guarantees is offered in Python');
    const steps = Object.values(workflowOf(texts).jobs).flatMap((j) => j.steps.filter((s) => s.run?.startsWith('npx dsgrade classroom ')));
    assert.deepEqual(steps.map((s) => s.run), ['npx dsgrade classroom ping-pong', 'npx dsgrade classroom guarantees', 'npx dsgrade classroom broadcast']);
    // Each step is named with the assignment's visible points (ping-pong: 8 of its 10).
    assert.equal(steps[0]!.name, 'ping-pong (8 points)');
  });

  it('holds no reference, no mutant, no hidden test: not one of their distinctive lines, nor a hidden test name', () => {
    assert.ok(hidden.length >= 10, `${hidden.length} hidden tests`);
    assert.ok(!files.some((f) => /(^|\/)(reference|mutants)\//.test(f)));
    const exported = new Set(files);
    // Lines that also occur in a file the student gets (an import, a shared comment) are not the excluded file's own.
    const included = BUNDLED.flatMap((d) => listFiles(d).filter((f) => exported.has(`assignments/${path.basename(d)}/${f}`)).map((f) => fs.readFileSync(path.join(d, f), 'utf8'))).join('\n');
    const all = [...texts.values()].join('\n');
    let checked = 0;
    for (const d of BUNDLED) {
      for (const f of excludedFiles(d, exported)) {
        const body = fs.readFileSync(f, 'utf8');
        assert.ok(!all.includes(body), `${f} is in the export`);
        for (const line of body.split('\n').map((l) => l.trim())) {
          if (line.length < 12 || included.includes(line)) continue;
          checked++;
          assert.ok(!all.includes(line), `a line of ${path.relative(ROOT, f)} is in the export: ${line}`);
        }
      }
    }
    assert.ok(checked > 500, `only ${checked} distinctive lines checked`);
    for (const h of hidden) {
      for (const [f, text] of texts) assert.ok(!namesHiddenTest(text, h), `${f} names the hidden test ${h}`);
    }
    // Names that are not ordinary words appear nowhere at all.
    for (const h of hidden.filter((n) => n.includes('-'))) assert.ok(!all.includes(h), `hidden test name ${h} appears in the export`);
  });

  it('installs offline from its vendored tarballs and runs its own tests: the skeleton fails, a solution passes', () => {
    const ci = offline(out, 'npm', ['ci']);
    assert.equal(ci.status, 0, ci.stderr);
    const skeleton = offline(out, 'npx', ['dsgrade', 'test', 'ping-pong']);
    assert.equal(skeleton.status, 1, skeleton.stderr);
    assert.match(skeleton.stdout, /Score: 0\/8 /);
    fs.cpSync(path.join(ROOT, 'assignments', 'ping-pong', 'reference'), path.join(out, 'assignments', 'ping-pong', 'solution'), { recursive: true });
    const solved = offline(out, 'npx', ['dsgrade', 'test', 'ping-pong']);
    assert.equal(solved.status, 0, solved.stdout + solved.stderr);
    assert.match(solved.stdout, /Score: 8\/8 +\(8\/8 tests passed/);
    assert.doesNotMatch(solved.stdout, /chaos |quiet-after-answer/);
    // A Python student: --language python runs python/solution/, with Pyodide from the installed packages.
    const pySkeleton = offline(out, 'npx', ['dsgrade', 'test', 'ping-pong', '--language', 'python']);
    assert.equal(pySkeleton.status, 1, pySkeleton.stdout + pySkeleton.stderr);
    assert.match(pySkeleton.stdout, /solution: assignments\/ping-pong\/python\/solution\)/);
    assert.match(pySkeleton.stdout, /Score: 0\/8 /);
    fs.cpSync(path.join(ROOT, 'assignments', 'ping-pong', 'python', 'reference'), path.join(out, 'assignments', 'ping-pong', 'python', 'solution'), { recursive: true });
    const pySolved = offline(out, 'npx', ['dsgrade', 'test', 'ping-pong', '--language', 'python']);
    assert.equal(pySolved.status, 0, pySolved.stdout + pySolved.stderr);
    assert.match(pySolved.stdout, /Score: 8\/8 +\(8\/8 tests passed/);
  });

  it('its Classroom workflow, run step by step as GitHub Actions does: each grading step writes a result, the reporter adds up points per test', () => {
    fs.cpSync(path.join(ROOT, 'assignments', 'ping-pong', 'reference'), path.join(out, 'assignments', 'ping-pong', 'solution'), { recursive: true });
    const job = Object.values(workflowOf(texts).jobs)[0]!;
    const outputs = new Map<string, Map<string, string>>();
    const logs: string[] = [];
    job.steps.forEach((step, i) => {
      if (step.run === undefined) return;
      const file = path.join(path.dirname(out), `github-output-${i}`);
      fs.writeFileSync(file, '');
      const r = offline(out, 'bash', ['-e', '-c', step.run], { GITHUB_OUTPUT: file });
      assert.equal(r.status, 0, `step "${step.name ?? step.run}": ${r.stderr}`);
      logs.push(r.stdout);
      if (step.id !== undefined) outputs.set(step.id, new Map(fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
    });
    const reporter = job.steps.find((s) => s.uses?.startsWith('classroom-resources/autograding-grading-reporter@'))!;
    // GitHub substitutes the \${{ steps.ID.outputs.NAME }} expressions of the reporter's env.
    const env = Object.fromEntries(
      Object.entries(reporter.env!).map(([k, v]) => [k, v.replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.(\w+)\s*\}\}/g, (_m, id: string, name: string) => outputs.get(id)?.get(name) ?? '')]),
    );
    // The reporter reads each runner's <RUNNER>_RESULTS (the name upper-cased as given), base64 JSON.
    const runners = reporter.with!['runners']!.split(',').map((r) => r.trim());
    const results = runners.map((r) => {
      const encoded = env[`${r.toUpperCase()}_RESULTS`];
      assert.ok(encoded !== undefined && encoded !== '', `no ${r.toUpperCase()}_RESULTS for runner ${r}`);
      const json = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { max_score: number; tests: { score: number; name: string }[] };
      assertFits(CLASSROOM_RESULT, json, `runner ${r}`);
      return json;
    });
    // Its total, as it writes "Points N/M" to the check run Classroom reads: max_score per runner, score per test.
    const points = (r: (typeof results)[number]) => r.tests.reduce((s, t) => s + t.score, 0);
    const visible = ['ping-pong', 'guarantees', 'broadcast'].map((a) => (parseYaml(texts.get(`assignments/${a}/assignment.yaml`)!) as { points: number }).points);
    assert.deepEqual(results.map((r) => r.max_score), visible);
    assert.deepEqual(results.map(points), [8, 0, 0], 'ping-pong solved, the others still the skeleton');
    assert.ok(!results.flatMap((r) => r.tests.map((t) => t.name)).some((n) => hidden.includes(n)), 'only visible tests are graded');
    assert.ok(logs.some((l) => /^Points 8\/8$/m.test(l)), 'the step log shows its points');
  });

  it('refuses to export an assignment whose README names a hidden test, and a folder that is not empty', () => {
    const dir = echoCopy();
    try {
      fs.writeFileSync(path.join(dir, 'README.md'), 'The hidden test `last` checks the order.\n');
      const target = path.join(path.dirname(dir), 'out');
      assert.throws(() => exportStudent([dir], target), /exportStudent: assignments\/echo\/README\.md names the hidden test "last"; reword it/);
      assert.equal(fs.existsSync(target), false, 'nothing is left half-exported');
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, 'x'), '');
      assert.throws(() => exportStudent([dir], target), /exportStudent: .* is not empty; pass a new or empty folder/);
      // From the command line, each is one line and exit code 2: the instructor's to fix, not a crash.
      const named = dsgrade(['export-student', dir, path.join(path.dirname(dir), 'out2')]);
      assert.equal(named.code, 2, named.stderr);
      assert.equal(named.stderr, 'dsgrade: assignments/echo/README.md names the hidden test "last"; reword it in the assignment (or make the test visible), then export again\n');
      const full = dsgrade(['export-student', dir, target]);
      assert.equal(full.code, 2, full.stderr);
      assert.equal(full.stderr, `dsgrade: ${target} is not empty; pass a new or empty folder\n`);
    } finally {
      removeCopy(dir);
    }
  });
});
