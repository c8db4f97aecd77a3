import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { gradeSubmission, type GradeOptions } from '../src/grade/grade-submission.js';
import type { GradeReport } from '../src/grade/model.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PING_PONG = path.join(ROOT, 'assignments/ping-pong');
const PY = path.join(PING_PONG, 'python');
const HOSTILE = path.join(ROOT, 'grader/fixtures/assignments/python-hostile');
const REFERENCE_SOURCE = fs.readFileSync(path.join(PY, 'reference/solution.py'), 'utf8');
const GUARANTEES = path.join(ROOT, 'assignments/guarantees');

function grade(solutionDir: string, more: Partial<GradeOptions> = {}, assignmentDir = PING_PONG): Promise<GradeReport> {
  return gradeSubmission({ assignmentDir, solutionDir, replayCommand: (t, s) => `replay ${t} ${s}`, ...more });
}

/** A solution folder holding the reference with `edit` applied. */
function variant(edit: (source: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-py-'));
  const source = edit(REFERENCE_SOURCE);
  assert.notEqual(source, REFERENCE_SOURCE, 'the edit must change the reference');
  fs.writeFileSync(path.join(dir, 'solution.py'), source);
  return dir;
}

describe('Python processes (ping-pong in Python, through the sandbox)', function () {
  this.timeout(180_000);

  it('the Python reference scores full marks on every test, mc and chaos included, with the TypeScript state count', async () => {
    const r = await grade(path.join(PY, 'reference'));
    assert.deepEqual(r.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.message}`), []);
    assert.equal(r.score, r.maxScore);
    assert.ok(r.tests.some((t) => t.name === 'chaos') && r.tests.some((t) => t.kind === 'mc'));
    const ts = await grade(path.join(PING_PONG, 'reference'), { only: 'mc-exactly-once' });
    const mc = r.tests.find((t) => t.name === 'mc-exactly-once')!;
    assert.equal(mc.mc?.states, ts.tests[0]!.mc?.states, 'the same protocol has the same state space in both languages');
  });

  it('the skeleton scores 0 and a mutant loses points', async () => {
    const skeleton = await grade(path.join(PY, 'solution'), { only: 'reliable' });
    assert.equal(skeleton.score, 0);
    assert.equal(skeleton.tests[0]!.status, 'failed');
    const dir = materializeMutant(PY, 'no-retry', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-py-')), 'no-retry'));
    const mutant = await grade(dir, { only: 'drops' });
    assert.equal(mutant.score, 0);
    assert.match(mutant.tests[0]!.message ?? '', /no new local message|expected/);
  });

  it('the language is told by the entry file, or asked for', async () => {
    const both = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-py-'));
    fs.writeFileSync(path.join(both, 'solution.py'), REFERENCE_SOURCE);
    fs.copyFileSync(path.join(PING_PONG, 'solution/index.ts'), path.join(both, 'index.ts'));
    await assert.rejects(grade(both, { only: 'reliable' }), /pass --language typescript or --language python/);
    const asked = await grade(both, { only: 'reliable', language: 'python' });
    assert.equal(asked.score, 1, 'the Python file is the one graded');
  });

  it('is deterministic: same seed, byte-identical trace, with Python random and time bound to the run', async () => {
    const dir = variant((s) =>
      s.replace(
        "            ctx.send(Message('PONG', msg.data), sender)",
        "            import random, time\n            ctx.send(Message('PONG', dict(msg.data, r=random.random(), t=time.time(), c=ctx.random())), sender)",
      ),
    );
    const run = async (seed: number) => JSON.stringify((await grade(dir, { only: 'chaos', seed, trace: true })).tests[0]!.trace);
    const a = await run(5);
    const draws = new Set([...a.matchAll(/"r":(0\.\d+)/g)].map((m) => m[1]));
    assert.ok(draws.size > 1, 'random.random() draws from the seeded generator, not a constant');
    assert.equal(await run(5), a);
  });

  it('a line printed by a handler is a log event of the trace, between the delivery that caused it and the send after it', async () => {
    const dir = variant((s) =>
      s.replace("            ctx.send(Message('PONG', msg.data), sender)", "            print('answering', sender)\n            ctx.send(Message('PONG', msg.data), sender)"),
    );
    const trace = (await grade(dir, { only: 'reliable', trace: true })).tests[0]!.trace!.events;
    const i = trace.findIndex((e) => e.kind === 'log');
    assert.ok(i > 0, 'the print is in the trace');
    assert.deepEqual([trace[i]!.proc, trace[i]!.detail], ['server', 'answering client']);
    assert.deepEqual([trace[i - 1]!.kind, trace[i - 1]!.proc, trace[i + 1]!.kind, trace[i + 1]!.type], ['deliver', 'server', 'send', 'PONG']);
  });

  it('reports a syntax error as a compile error with file and line', async () => {
    const dir = variant((s) => s.replace('def on_timer(self, timer_name: str, ctx: Context):', 'def on_timer(self, timer_name: str, ctx: Context)'));
    const r = await grade(dir, { only: 'reliable' });
    assert.equal(r.compile.ok, false);
    assert.equal(r.tests[0]!.status, 'error');
    assert.match(r.tests[0]!.message ?? '', /^compile error: solution\.py:30:\d+: SyntaxError: expected ':'/);
  });

  it('a field the framework cannot snapshot is an error naming it; tracebacks point at the student file', async () => {
    const bad = variant((s) => s.replace('self._pending = None\n', 'self._pending = None\n        self._lock = object()\n'));
    const r = await grade(bad, { only: 'mc-exactly-once' });
    assert.equal(r.tests[0]!.status, 'error');
    assert.match(r.tests[0]!.message ?? '', /"client" \(class Client\): (self\._lock holds an instance of object, which cannot be snapshotted|field _lock is a getter)/);
    const thrower = variant((s) => s.replace("        if msg.type == 'PING':", "        1 / 0\n        if msg.type == 'PING':"));
    const t = await grade(thrower, { only: 'reliable' });
    assert.match(t.tests[0]!.message ?? '', /process "server" threw in onMessage at step \d+: ZeroDivisionError: division by zero \(solution\.py, line 39, in on_message\)/);
  });

  it('contains hostile Python: each attack ends with a clear reason and the honest test after them still passes', async () => {
    // The hostile servers extend ping-pong's own reference: the fixture holds only the attacks.
    const solution = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-py-hostile-'));
    fs.writeFileSync(path.join(solution, 'solution.py'), `${REFERENCE_SOURCE}\n\n${fs.readFileSync(path.join(HOSTILE, 'attacks.py'), 'utf8')}`);
    const r = await grade(solution, {}, HOSTILE);
    const by = new Map(r.tests.map((t) => [t.name, t]));
    const expected: Record<string, [string, RegExp]> = {
      shell: ['error', /module 'os' has no attribute 'system'/],
      subprocess: ['error', /ImportError: import subprocess: not available|does not support processes/],
      passwd: ['error', /FileNotFoundError: .*\/etc\/passwd/],
      socket: ['error', /ImportError: import socket: not available|OSError/],
      js: ['error', /ImportError: import js: not available in dsgrade/],
      memory: ['error', /OverflowError|MemoryError/],
      patchrandom: ['passed', /^$/],
      mount: ['error', /FS\.mount is not available in the dsgrade sandbox/],
      recursion: ['limit', /memory limit of 256 MB reached/],
      loop: ['limit', /wall time limit of 4 s reached/],
      server: ['passed', /^$/],
    };
    for (const [name, [status, reason]] of Object.entries(expected)) {
      const t = by.get(name);
      assert.ok(t !== undefined, name);
      assert.equal(t.status, status, `${name}: ${t.message}`);
      assert.match(t.message ?? '', reason, name);
    }
    assert.equal(fs.existsSync('/tmp/dsgrade-python-pwned'), false);
  });

  // check-assignment (assignments.spec.ts) grades both skeletons, both references and the mutants.
  it('guarantees in Python: the reference scores full marks, and mc counts match TypeScript where the state abstraction is the same', async () => {
    const py = await grade(path.join(GUARANTEES, 'python/reference'), {}, GUARANTEES);
    assert.deepEqual(py.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.message}`), []);
    assert.equal(py.score, py.maxScore);
    const ts = new Map<string, number | undefined>();
    for (const name of ['mc-at-most-once', 'mc-exactly-once', 'mc-ordered']) ts.set(name, (await grade(path.join(GUARANTEES, 'reference'), { only: name }, GUARANTEES)).tests[0]!.mc?.states);
    const states = (r: GradeReport | Map<string, number | undefined>, name: string): number | undefined =>
      r instanceof Map ? r.get(name) : r.tests.find((t) => t.name === name)!.mc?.states;
    // FIFO mode keeps no set: the same protocol has the same state space in both languages.
    assert.equal(states(py, 'mc-ordered'), states(ts, 'mc-ordered'));
    // The other modes keep delivered sequence numbers in a set. A Python set is hashed by its
    // contents (its iteration order is not its insertion order); a TypeScript Set iterates, and
    // is hashed, in insertion order, so {0, 1} and {1, 0} are two TypeScript states and one
    // Python state. A Python dict keeps insertion order like the Set, and gives TypeScript's count.
    for (const name of ['mc-at-most-once', 'mc-exactly-once']) assert.ok(states(py, name)! < states(ts, name)!, name);
    const ordered = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-py-'));
    const source = fs.readFileSync(path.join(GUARANTEES, 'python/reference/solution.py'), 'utf8');
    const asDict = source.replace('self._delivered = set()', 'self._delivered = {}').replace('self._delivered.add(seq)', 'self._delivered[seq] = True');
    assert.notEqual(asDict, source);
    fs.writeFileSync(path.join(ordered, 'solution.py'), asDict);
    for (const name of ['mc-at-most-once', 'mc-exactly-once']) {
      const r = await grade(ordered, { only: name }, GUARANTEES);
      assert.equal(r.tests[0]!.mc?.states, states(ts, name), name);
    }
  });
});
