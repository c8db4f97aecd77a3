import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeSubmission, type GradeOptions } from '../src/grade/grade-submission.js';
import type { GradeReport } from '../src/grade/model.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PING_PONG = path.join(ROOT, 'assignments/ping-pong');
const PY = path.join(PING_PONG, 'python');
const HOSTILE = path.join(ROOT, 'grader/fixtures/assignments/python-hostile');
const REFERENCE_SOURCE = fs.readFileSync(path.join(PY, 'reference/solution.py'), 'utf8');

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
    const mutant = await grade(path.join(PY, 'mutants/no-retry'), { only: 'drops' });
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
    const r = await grade(path.join(HOSTILE, 'solution'), {}, HOSTILE);
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
});
