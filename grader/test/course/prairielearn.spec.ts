import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prairieLearnOptions } from '../../src/course/prairielearn.js';
import { offline, ROOT } from './packed.js';
import { assertFits, PRAIRIELEARN_RESULTS } from './platform-schemas.js';

const PING_PONG = path.join(ROOT, 'assignments', 'ping-pong');

interface Results {
  gradable: boolean;
  score: number;
  message: string;
  tests: { name: string; description: string; points: number; max_points: number; message: string; output: string }[];
}

describe('dsgrade prairielearn: the external grader in a fake /grade', function () {
  this.timeout(300_000);
  let grade: string;
  let folder: string;

  /** Runs the entrypoint info.json names, as PrairieLearn's grader container does, on the student files `fill` writes. */
  function gradeStudent(fill: (dir: string) => void): { status: number | null; stderr: string; results: Results } {
    for (const d of ['student', 'results']) fs.rmSync(path.join(grade, d), { recursive: true, force: true });
    fs.mkdirSync(path.join(grade, 'student'));
    fill(path.join(grade, 'student'));
    const info = /```json\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(folder, 'README.md'), 'utf8'))![1]!;
    const entrypoint = (JSON.parse(info) as { externalGradingOptions: { entrypoint: string } }).externalGradingOptions.entrypoint;
    assert.ok(entrypoint.startsWith('/grade/'));
    const r = spawnSync(path.join(grade, entrypoint.slice('/grade/'.length)), [], { cwd: '/', encoding: 'utf8', env: { ...process.env, PL_GRADE_ROOT: grade } });
    const file = path.join(grade, 'results', 'results.json');
    assert.ok(fs.existsSync(file), `grade.sh wrote no results.json: ${r.stderr}`);
    const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
    assertFits(PRAIRIELEARN_RESULTS, results, 'results.json');
    return { status: r.status, stderr: r.stderr, results };
  }

  before(() => {
    grade = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-pl-')), 'grade');
    folder = path.join(grade, 'serverFilesCourse', 'dsgrade-ping-pong');
    fs.mkdirSync(path.dirname(folder), { recursive: true });
    // Without --vendor: the command packs the dsgrade it runs, as an instructor's checkout or install does.
    const r = offline(ROOT, 'node', ['grader/dist/src/cli.js', 'prairielearn', 'ping-pong', folder]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /copy it to serverFilesCourse\/dsgrade-ping-pong\//);
  });
  after(() => fs.rmSync(path.dirname(grade), { recursive: true, force: true }));

  it('docs/autograders.md shows the info.json settings the folder\'s README gives', () => {
    const block = (text: string) => JSON.parse(/```json\n([\s\S]*?)```/.exec(text)![1]!) as unknown;
    assert.deepEqual(block(fs.readFileSync(path.join(ROOT, 'docs', 'autograders.md'), 'utf8')), block(fs.readFileSync(path.join(folder, 'README.md'), 'utf8')));
    assert.deepEqual(block(fs.readFileSync(path.join(folder, 'README.md'), 'utf8')), prairieLearnOptions('dsgrade-ping-pong'));
  });

  it('holds grade.sh (executable, valid bash), the hidden tests and no reference', () => {
    const sh = path.join(folder, 'grade.sh');
    assert.equal(fs.statSync(sh).mode & 0o111, 0o111);
    assert.equal(spawnSync('bash', ['-n', sh]).status, 0);
    assert.ok(fs.existsSync(path.join(folder, 'assignments', 'ping-pong', 'tests', 'chaos.yaml')));
    assert.equal(fs.existsSync(path.join(folder, 'assignments', 'ping-pong', 'reference')), false);
  });

  it('grades the reference: score 1, points per test, hidden tests without seed or output', () => {
    const r = gradeStudent((dir) => fs.cpSync(path.join(PING_PONG, 'reference'), dir, { recursive: true }));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.results.gradable, true);
    assert.equal(r.results.score, 1);
    assert.equal(r.results.tests.length, 10);
    assert.equal(r.results.tests.reduce((s, t) => s + t.points, 0), 10);
    const hidden = r.results.tests.filter((t) => t.description === 'hidden test');
    assert.deepEqual(hidden.map((t) => t.name), ['chaos', 'quiet-after-answer']);
  });

  it('grades the skeleton: score 0, each failure with its reason and replay command; hidden ones say only that they failed', () => {
    const r = gradeStudent((dir) => fs.cpSync(path.join(PING_PONG, 'solution'), dir, { recursive: true }));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.results.gradable, true);
    assert.equal(r.results.score, 0);
    for (const t of r.results.tests) {
      assert.equal(t.points, 0, t.name);
      if (t.description === 'hidden test') assert.deepEqual([t.message, t.output], ['did not pass', ''], t.name);
      else assert.match(t.message, /replay: npx dsgrade replay ping-pong .*--test /, t.name);
    }
  });

  it('marks a submission that does not compile as not gradable, naming the error', () => {
    const r = gradeStudent((dir) => fs.writeFileSync(path.join(dir, 'index.ts'), 'export class Client { x: number = "no" }\n'));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.results.gradable, false);
    assert.equal(r.results.score, 0);
    assert.match(r.results.message, /does not compile:\n.*index\.ts:1:\d+: /);
  });
});
