import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { CLI, ECHO, ROOT, dsgrade } from './runners/cli.js';


describe('dsgrade CLI', function () {
  this.timeout(120_000);
  let out: string;
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-cli-'));
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('test: full marks and exit 0 for a correct solution', () => {
    const r = dsgrade(['test', ECHO, '--solution', path.join(ECHO, 'reference'), '--all']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /✓ first +2\/2/);
    assert.match(r.stdout, /Score: 6\/6 {2}\(3\/3 tests passed/);
  });

  it('test: exit 1, the failing step, seed and replay command for a broken solution; replay reproduces it', () => {
    const r = dsgrade(['test', ECHO, '--solution', path.join(ECHO, 'broken'), '--all']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ last +0\/2/);
    assert.match(r.stdout, /echo\/tests\/last\.yaml:9: client: expected exactly/);
    const replay = /replay: npx dsgrade (replay .*)$/m.exec(r.stdout);
    assert.ok(replay, r.stdout);
    const again = dsgrade([...replay[1]!.split(' '), '--trace']);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /✗ last/);
    assert.match(again.stdout, /── trace of last, seed 1 ──/);
    assert.match(again.stdout, /deliver/);
  });

  it('test → replay --path: a failed model-checking test prints its path, and replaying it shows exactly that path\'s trace', () => {
    const mutant = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-mutant-')), 'deliver-on-receipt');
    materializeMutant(path.join(ROOT, 'assignments/broadcast'), 'deliver-on-receipt', mutant);
    const args = ['broadcast', '--solution', mutant, '--test', 'mc-causal'];
    const r = dsgrade(['test', ...args, '--trace']);
    assert.equal(r.code, 1, r.stderr);
    const line = /path (\S+) · replay: npx dsgrade (replay .*)$/m.exec(r.stdout);
    assert.ok(line, r.stdout);
    const [, token, command] = line;
    assert.match(command!, new RegExp(`--test mc-causal --path ${token!.replace(/\./g, '\\.')}$`));
    const again = dsgrade([...command!.split(' '), '--trace']);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stdout, new RegExp(`── trace of mc-causal, path ${token!.replace(/\./g, '\\.')} ──`));
    const trace = (text: string) => text.slice(text.indexOf('── trace of'));
    assert.equal(trace(again.stdout), trace(r.stdout), 'the replayed path has the test\'s trace, event for event');
    assert.match(trace(again.stdout), /check +invariant "broadcastSafe"/);
    const changed = dsgrade(['replay', ...args, '--path', token!.replace(/-[0-9a-f]{8}$/, '-00000000')]);
    assert.equal(changed.code, 1);
    assert.match(changed.stdout, /the path does not fit this system .*the solution or the test has changed/);
  });

  it('replay: --seed for a model-checking test and --path for a simulation test are one-line errors saying what to pass', () => {
    const mc = dsgrade(['replay', 'broadcast', '--solution', 'assignments/broadcast/solution', '--test', 'mc-causal', '--seed', '3']);
    assert.equal(mc.code, 2);
    assert.equal(mc.stderr, 'dsgrade: test "mc-causal" is a model-checking test and has no seeds; pass --path TOKEN from its replay command instead of --seed\n');
    const sim = dsgrade(['replay', ECHO, '--solution', path.join(ECHO, 'broken'), '--test', 'last', '--path', '0.1-00000000']);
    assert.equal(sim.code, 2);
    assert.equal(sim.stderr, 'dsgrade: test "last" is a simulation test; pass --seed N from its replay command instead of --path\n');
    const bad = dsgrade(['replay', ECHO, '--solution', path.join(ECHO, 'broken'), '--test', 'last', '--path', 'x;y']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^dsgrade: --path "x;y" is not a replay token; copy it from the replay command/);
  });

  it('grade: writes report.html, results.json valid against Gradescope\'s format and JUnit XML; exit 0 though tests failed', () => {
    const json = path.join(out, 'results.json');
    const junit = path.join(out, 'junit.xml');
    const r = dsgrade(['grade', ECHO, '--solution', path.join(ECHO, 'broken'), '--out', out, '--json', json, '--junit', junit]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Report: .*report\.html/);

    const results = JSON.parse(fs.readFileSync(json, 'utf8')) as { score: number; max_score: number; tests: { name: string; score: number; status: string; visibility: string; output: string }[] };
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'grader/fixtures/gradescope-results.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    assert.ok(validate(results), JSON.stringify(validate.errors));
    assert.equal(results.score, 4);
    assert.equal(results.max_score, 6);
    assert.deepEqual(results.tests.map((t) => [t.name, t.score, t.status, t.visibility]), [
      ['first', 2, 'passed', 'visible'],
      ['attack', 2, 'passed', 'visible'],
      ['last', 0, 'failed', 'after_published'],
    ]);
    assert.match(results.tests[2]!.output, /replay: npx dsgrade replay .* --test last --seed 1/);

    const xml = fs.readFileSync(junit, 'utf8');
    assert.match(xml, /<testsuite name="echo" tests="3" failures="1" errors="0"/);
    assert.equal((xml.match(/<testcase /g) ?? []).length, 3);
    assert.match(xml, /<testcase classname="echo.extra" name="last" time="[\d.]+">\n {6}<failure type="failed" message="client: expected exactly \[\{&quot;type&quot;/);

    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    assert.match(html, /data-score="4" data-max-score="6"/);
    assert.match(html, /<tr class="test pass" data-test="first" data-status="passed" data-score="2">/);
    assert.match(html, /<tr class="test fail" data-test="last" data-status="failed" data-score="0">/);
    assert.equal((html.match(/<section class="failure"/g) ?? []).length, 1);
    assert.match(html, /<section class="tv" id="trace-2"/);
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=/);
  });

  it('grade: a compile error scores 0 with file:line:column, exit 0', () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-bad-'));
    fs.writeFileSync(path.join(bad, 'index.ts'), fs.readFileSync(path.join(ECHO, 'reference/index.ts'), 'utf8').replace('ctx.send(msg, from);', 'ctx.send(msg, 42);'));
    const json = path.join(out, 'compile.json');
    const r = dsgrade(['grade', ECHO, '--solution', bad, '--out', out, '--json', json]);
    fs.rmSync(bad, { recursive: true, force: true });
    assert.equal(r.code, 0, r.stderr);
    const results = JSON.parse(fs.readFileSync(json, 'utf8')) as { score: number; output: string };
    assert.equal(results.score, 0);
    assert.match(results.output, /index\.ts:16:19: Argument of type 'number' is not assignable to parameter of type 'string'/);
  });

  it('is installed as the dsgrade command that the README and replay lines use', () => {
    const bin = path.join(ROOT, 'node_modules', '.bin', 'dsgrade');
    const r = spawnSync(bin, ['help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^dsgrade — grade distributed-systems assignments/);
  });

  it('usage errors: one line and the usage, exit 2', () => {
    const unknown = dsgrade(['test', ECHO, '--frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^dsgrade: Unknown option '--frobnicate'/);
    assert.match(unknown.stderr, /dsgrade test <assignment>/);
    const missing = dsgrade(['test', 'no-such-assignment']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no assignment at "no-such-assignment".*bundled assignments: .*ping-pong/);
    const noSolution = dsgrade(['grade', ECHO, '--solution', path.join(out, 'nothing-here')]);
    assert.equal(noSolution.code, 2);
    assert.match(noSolution.stderr, /solution folder .* does not exist/);
    const replay = dsgrade(['replay', ECHO, '--solution', path.join(ECHO, 'reference')]);
    assert.equal(replay.code, 2);
    assert.match(replay.stderr, /replay needs --test/);
    const help = dsgrade(['help', 'grade']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Gradescope results\.json/);
  });
});
