import assert from 'node:assert/strict';
import { compileChecks } from '../src/compile/index.js';
import { Sandbox, type SandboxResult } from '../src/sandbox/index.js';
import type { HandlerJob, HandlerResult } from './runners/handler-runner.js';
import { compileFixture, fixture, HANDLER_RUNNER, tempDir } from './runners/fixtures.js';

const WALL = { wallTimeMs: 10_000 };

function okValue(result: SandboxResult): HandlerResult {
  assert.equal(result.status, 'ok', JSON.stringify(result));
  return (result as { value: HandlerResult }).value;
}

interface ClockData {
  random: number[];
  now: number;
  iso: string;
  dateString: string;
  explicit: string;
  ctxTime: number;
  ctxRandom: number;
  self: string;
}

function clockData(value: HandlerResult): ClockData {
  const effect = value.effects.find((e) => e.op === 'sendLocal');
  return (effect!.args[0] as { data: ClockData }).data;
}

describe('Sandbox', function () {
  this.timeout(60_000);
  let multi: string;
  let clock: string;
  let checks: string;

  before(async () => {
    multi = await compileFixture('solutions/multi', ['Server', 'Client']);
    clock = await compileFixture('solutions/clock', ['Clock']);
    const compiled = await compileChecks(fixture('solutions', 'with-checks', 'checks.ts'), tempDir('checks'));
    assert.equal(compiled.ok, true);
    checks = (compiled as { bundlePath: string }).bundlePath;
  });

  it('runs a compiled solution through a runner, reusing one child for every job', async () => {
    const sandbox = await Sandbox.start({ bundlePath: multi, runnerModule: HANDLER_RUNNER });
    try {
      const job: HandlerJob = {
        className: 'Server',
        steps: [
          { kind: 'message', msg: { type: 'hi', data: 1 }, from: 'c1' },
          { kind: 'message', msg: { type: 'hi', data: 2 }, from: 'c1' },
          { kind: 'local', msg: { type: 'x', data: [1, { a: null }] } },
          { kind: 'timer', name: 'tick' },
        ],
      };
      const pid = sandbox.childPid;
      for (let i = 0; i < 4; i++) {
        const value = okValue(await sandbox.run(job, WALL));
        assert.deepEqual(value.effects, [
          { op: 'send', args: [{ type: 'ack', data: { n: 1, text: 'hello c1' } }, 'c1'] },
          { op: 'send', args: [{ type: 'ack', data: { n: 2, text: 'hello c1' } }, 'c1'] },
          { op: 'sendLocal', args: [{ type: 'echo', data: [1, { a: null }] }] },
          { op: 'setTimer', args: ['tick', 1] },
        ]);
        assert.deepEqual(value.fields, { counts: { seen: { c1: 2 } } }, 'each job starts from a fresh realm');
        assert.deepEqual(value.exportNames, ['Client', 'PROTOCOL_VERSION', 'Server']);
      }
      assert.equal(sandbox.childrenStarted, 1);
      assert.equal(sandbox.childPid, pid);
    } finally {
      await sandbox.close();
    }
  });

  it('gives the student a seeded Math.random and a virtual Date, the same for the same seed', async () => {
    const sandbox = await Sandbox.start({ bundlePath: clock, runnerModule: HANDLER_RUNNER });
    try {
      const job = (seed: number): HandlerJob => ({
        className: 'Clock',
        seed,
        nowMs: 1_234_567,
        self: 'clock-1',
        steps: [{ kind: 'message', msg: { type: 'tick', data: null }, from: 'x' }],
      });
      const a = clockData(okValue(await sandbox.run(job(7), WALL)));
      const b = clockData(okValue(await sandbox.run(job(7), WALL)));
      const c = clockData(okValue(await sandbox.run(job(8), WALL)));
      assert.deepEqual(a, b);
      assert.notDeepEqual(a.random, c.random);
      assert.ok(a.random.every((r) => r >= 0 && r < 1));
      assert.equal(a.now, 1_234_567);
      assert.equal(a.iso, new Date(1_234_567).toISOString());
      assert.equal(a.explicit, '1970-01-01T00:00:00.000Z');
      assert.equal(a.dateString, 'string');
      assert.equal(a.ctxTime, 1234.567);
      assert.equal(a.self, 'clock-1');
    } finally {
      await sandbox.close();
    }
  });

  it('captures console output per job and returns it with the result', async () => {
    const sandbox = await Sandbox.start({ bundlePath: clock, runnerModule: HANDLER_RUNNER });
    try {
      const job: HandlerJob = {
        className: 'Clock',
        nowMs: 5,
        steps: [
          { kind: 'message', msg: { type: 'tick', data: null }, from: 'x' },
          { kind: 'message', msg: { type: 'tick', data: null }, from: 'x' },
        ],
      };
      const first = await sandbox.run(job, WALL);
      const second = await sandbox.run(job, WALL);
      assert.equal(first.status, 'ok');
      assert.equal((first as { output: string }).output, 'drew 1 numbers {"at":5}\ndrew 2 numbers {"at":5}\n');
      assert.equal((second as { output: string }).output, (first as { output: string }).output, 'output does not leak across jobs');
    } finally {
      await sandbox.close();
    }
  });

  it('refuses a Context used after its handler returned', async () => {
    const sandbox = await Sandbox.start({ bundlePath: clock, runnerModule: HANDLER_RUNNER });
    try {
      const value = okValue(
        await sandbox.run(
          {
            className: 'Clock',
            catchErrors: true,
            steps: [
              { kind: 'message', msg: { type: 'tick', data: null }, from: 'x' },
              { kind: 'message', msg: { type: 'stale', data: null }, from: 'x' },
            ],
          } satisfies HandlerJob,
          WALL,
        ),
      );
      assert.deepEqual(value.errors, ['student Error: ctx was used after its handler returned; use the ctx passed to the running handler']);
      assert.equal(value.effects.filter((e) => (e.args[0] as { type: string }).type === 'from-stale-ctx').length, 0);
    } finally {
      await sandbox.close();
    }
  });

  it('lets the framework snapshot and restore a sandboxed instance through the returned Process', async () => {
    const sandbox = await Sandbox.start({ bundlePath: multi, runnerModule: HANDLER_RUNNER });
    try {
      const msg = { kind: 'message' as const, msg: { type: 'hi', data: 1 }, from: 'c1' };
      const value = okValue(await sandbox.run({ className: 'Server', steps: [msg, msg, msg], snapshotAfter: 1 } satisfies HandlerJob, WALL));
      assert.deepEqual(value.fields, { counts: { seen: { c1: 1 } } }, 'restored to the state after the first message');
      assert.equal(value.host.instanceExposed, true);
    } finally {
      await sandbox.close();
    }
  });

  it('hands the runner the exports of the compiled checks bundle', async () => {
    const sandbox = await Sandbox.start({ bundlePath: clock, checksPath: checks, runnerModule: HANDLER_RUNNER });
    try {
      const tick = { kind: 'message' as const, msg: { type: 'tick', data: null }, from: 'x' };
      const value = okValue(await sandbox.run({ className: 'Clock', steps: [tick, tick, tick], check: 'countDraws' } satisfies HandlerJob, WALL));
      assert.deepEqual(value.check, { draws: 3, rngIsFunction: true });
    } finally {
      await sandbox.close();
    }
  });

  it('checks its arguments at the door', async () => {
    await assert.rejects(Sandbox.start({ bundlePath: '/nonexistent/solution.js', runnerModule: HANDLER_RUNNER }), /^Error: Sandbox\.start: bundlePath/);
    await assert.rejects(Sandbox.start({ bundlePath: multi, runnerModule: HANDLER_RUNNER, memoryMb: -1 }), /^Error: Sandbox\.start: memoryMb must be a positive number/);
    await assert.rejects(Sandbox.start({ bundlePath: multi, runnerModule: multi }), /^Error: Sandbox\.start: the sandbox child could not load: .*no default export of a JobRunner/);
    const sandbox = await Sandbox.start({ bundlePath: multi, runnerModule: HANDLER_RUNNER });
    try {
      await assert.rejects(sandbox.run({}, { wallTimeMs: 0 }), /^Error: Sandbox\.run: wallTimeMs must be a positive number/);
      await assert.rejects(sandbox.run({ big: 1n }, WALL), /^Error: Sandbox\.run: job must be JSON-serialisable/);
    } finally {
      await sandbox.close();
    }
    await assert.rejects(sandbox.run({}, WALL), /^Error: Sandbox\.run: this sandbox is closed/);
  });
});
