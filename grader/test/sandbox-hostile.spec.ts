import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Sandbox, type SandboxOptions, type SandboxResult } from '../src/sandbox/index.js';
import type { HandlerJob, HandlerResult, Step } from './runners/handler-runner.js';
import { compileFixture, copyBundle, HANDLER_RUNNER } from './runners/fixtures.js';

/**
 * Each hostile submission is contained: its job ends with a status naming the cause (or, for
 * tampering with its own realm, with no effect on the host), the grader's process is
 * untouched, and the next job on the same Sandbox runs correctly.
 */

const WALL = { wallTimeMs: 10_000 };
const attack = (data: unknown = null): Step => ({ kind: 'message', msg: { type: 'attack', data }, from: 'p2' });
const ping: Step = { kind: 'message', msg: { type: 'ping', data: null }, from: 'p2' };
const hostRandom = Math.random;
const hostStringify = JSON.stringify;

function job(steps: Step[], extra: Partial<HandlerJob> = {}): HandlerJob {
  return { className: 'Hostile', steps, ...extra };
}

function okValue(result: SandboxResult): HandlerResult {
  assert.equal(result.status, 'ok', JSON.stringify(result).slice(0, 2000));
  return (result as { value: HandlerResult }).value;
}

function sent(value: HandlerResult, type: string): unknown[] {
  return value.effects.filter((e) => (e.args[0] as { type?: string }).type === type).map((e) => (e.args[0] as { data: unknown }).data);
}

function assertHostIntact(value: HandlerResult): void {
  for (const [name, intact] of Object.entries(value.host)) assert.equal(intact, true, `the child's ${name} was tampered with`);
}

async function withHostile(
  bundle: string | Promise<string>,
  body: (sandbox: Sandbox) => Promise<void>,
  options: Partial<SandboxOptions> = {},
  honestClass = 'Hostile',
): Promise<void> {
  const sandbox = await Sandbox.start({ bundlePath: await bundle, runnerModule: HANDLER_RUNNER, ...options });
  try {
    await body(sandbox);
    // Whatever happened, the same Sandbox still serves an honest job.
    const after = okValue(await sandbox.run(job([ping], { className: honestClass }), WALL));
    assert.deepEqual(sent(after, 'pong').length, 1);
    assertHostIntact(after);
    // ...and the grader's own process was never touched.
    assert.equal(Math.random, hostRandom);
    assert.equal(JSON.stringify, hostStringify);
    assert.equal(Object.keys(Object.prototype).length, 0);
  } finally {
    await sandbox.close();
  }
}

function hostile(name: string): Promise<string> {
  return compileFixture(`hostile/${name}`, ['Hostile']);
}

function assertAllBlocked(lines: unknown, expected: number): void {
  assert.ok(Array.isArray(lines), 'the probe reported');
  assert.equal(lines.length, expected, JSON.stringify(lines));
  for (const line of lines as string[]) assert.doesNotMatch(line, /ESCAPED/, line);
}

describe('Sandbox against hostile submissions', function () {
  this.timeout(120_000);

  it('infinite loop: times out with the output printed so far, then a fresh child takes over', async () => {
    await withHostile(hostile('infinite-loop'), async (sandbox) => {
      const result = await sandbox.run(job([attack()]), { wallTimeMs: 1_000 });
      assert.deepEqual(result, { status: 'timeout', limitMs: 1_000, output: 'about to spin\n' });
      const restarted = okValue(await sandbox.run(job([ping]), WALL));
      assert.equal(sent(restarted, 'pong').length, 1);
      assert.equal(sandbox.childrenStarted, 2);
    }, { handlerTimeMs: 60_000 });
  });

  it('infinite loop under the per-call budget: that handler call is ended, the same child goes on', async () => {
    await withHostile(hostile('infinite-loop'), async (sandbox) => {
      const result = await sandbox.run(job([attack()]), WALL);
      assert.equal(result.status, 'crashed');
      assert.match((result as { reason: string }).reason, /^student code threw HandlerTimeLimit: the onMessage handler ran for more than 0\.5 s of wall time/);
      assert.equal(sandbox.childrenStarted, 1);
    }, { handlerTimeMs: 500 });
  });

  it('memory bomb on the heap: ends as memory at the heap limit', async () => {
    await withHostile(
      hostile('memory-bomb'),
      async (sandbox) => {
        const result = await sandbox.run(job([attack()]), { wallTimeMs: 30_000 });
        assert.deepEqual(result, { status: 'memory', limitMb: 64, output: '' });
        assert.equal(sandbox.childrenStarted, 1, 'the next run restarts lazily');
      },
      { memoryMb: 64, rssLimitMb: 2_048 },
    );
  });

  it('memory bomb outside the heap (ArrayBuffers): ends as memory at the resident-memory limit', async () => {
    await withHostile(
      hostile('buffer-bomb'),
      async (sandbox) => {
        const result = await sandbox.run(job([attack()]), { wallTimeMs: 30_000 });
        assert.deepEqual(result, { status: 'memory', limitMb: 300, output: '' });
      },
      { memoryMb: 64, rssLimitMb: 300 },
    );
  });

  it('deep recursion: a student RangeError, the child survives', async () => {
    await withHostile(hostile('deep-recursion'), async (sandbox) => {
      const result = await sandbox.run(job([attack()]), WALL);
      assert.deepEqual(result, { status: 'crashed', cause: 'student', reason: 'student code threw RangeError: Maximum call stack size exceeded', output: '' });
      assert.equal(sandbox.childrenStarted, 1);
    });
  });

  it('process.exit: there is no process in the realm', async () => {
    await withHostile(hostile('process-exit'), async (sandbox) => {
      const result = await sandbox.run(job([attack()]), WALL);
      assert.deepEqual(result, { status: 'crashed', cause: 'student', reason: 'student code threw ReferenceError: process is not defined', output: '' });
      assert.equal(sandbox.childrenStarted, 1);
    });
  });

  it('reading a file outside its folder: there is no require (only the bundler\'s stub)', async () => {
    await withHostile(hostile('read-file'), async (sandbox) => {
      const result = await sandbox.run(job([attack()]), WALL);
      assert.deepEqual(result, { status: 'crashed', cause: 'student', reason: 'student code threw Error: Dynamic require of "fs" is not supported', output: '' });
    });
  });

  it('writing a file: no way to reach fs, and nothing is written', async () => {
    await withHostile(hostile('write-file'), async (sandbox) => {
      const result = await sandbox.run(job([attack()]), WALL);
      assert.deepEqual(result, { status: 'crashed', cause: 'student', reason: 'student code threw Error: no way to reach fs', output: '' });
      assert.equal(fs.existsSync('/tmp/dsgrade-hostile-was-here'), false);
    });
  });

  it('spawning a process: there is no require or child_process, and nothing runs', async () => {
    await withHostile(hostile('spawn-process'), async (sandbox) => {
      const result = await sandbox.run(job([attack()]), WALL);
      assert.deepEqual(result, { status: 'crashed', cause: 'student', reason: 'student code threw Error: Dynamic require of "child_process" is not supported', output: '' });
      assert.equal(fs.existsSync('/tmp/dsgrade-hostile-spawned'), false);
    });
  });

  it('network connect: no fetch, sockets, timers or host globals are reachable', async () => {
    await withHostile(hostile('network'), async (sandbox) => {
      const value = okValue(await sandbox.run(job([attack()], { catchErrors: true }), WALL));
      assert.deepEqual(sent(value, 'reachable'), [[]]);
      assert.deepEqual(value.errors, ['student TypeError: g.fetch is not a function']);
    });
  });

  it("patching Math.random, Date, JSON, prototypes and Reflect: only the student's own realm changes", async () => {
    await withHostile(hostile('patch-globals'), async (sandbox) => {
      const steps = [attack(), { kind: 'local', msg: { type: 'x', data: { a: [1, 2] } } } as Step, ping];
      const value = okValue(await sandbox.run(job(steps, { catchErrors: true, seed: 3, nowMs: 777 }), WALL));
      assert.deepEqual(value.errors, []);
      assert.deepEqual(value.effects, [
        { op: 'send', args: [{ type: 'after-patch', data: { from: 'p2' } }, 'p2'] },
        { op: 'sendLocal', args: [{ type: 'still-here', data: { a: [1, 2] } }] },
        { op: 'sendLocal', args: [{ type: 'pong', data: [0.5, 42] }] },
      ]);
      assertHostIntact(value);
      // A fresh realm for the next job: the seeded random and the virtual clock are back.
      const fresh = okValue(await sandbox.run(job([ping], { seed: 3, nowMs: 777 }), WALL));
      const [[random, now]] = sent(fresh, 'pong') as [[number, number]];
      assert.notEqual(random, 0.5);
      assert.equal(now, 777);
    });
  });

  it('constructor.constructor escapes through the Context are blocked', async () => {
    await withHostile(hostile('escape-via-ctx'), async (sandbox) => {
      const value = okValue(await sandbox.run(job([attack()]), WALL));
      assertAllBlocked(sent(value, 'probe')[0], 12);
    });
  });

  it('constructor.constructor escapes through messages, timer names and sender ids are blocked', async () => {
    await withHostile(hostile('escape-via-message'), async (sandbox) => {
      const steps: Step[] = [
        attack({ list: [1], nested: { a: {} } }),
        { kind: 'local', msg: { type: 'x', data: { y: [] } } },
        { kind: 'timer', name: 'retry' },
      ];
      const value = okValue(await sandbox.run(job(steps), WALL));
      const [a, b, c] = sent(value, 'probe');
      assertAllBlocked(a, 6);
      assertAllBlocked(b, 2);
      assertAllBlocked(c, 1);
    });
  });

  it('constructor.constructor escapes through errors thrown at the student are blocked, and host errors still win', async () => {
    await withHostile(hostile('escape-via-error'), async (sandbox) => {
      const value = okValue(await sandbox.run(job([attack()], { catchErrors: true }), WALL));
      assertAllBlocked(sent(value, 'probe')[0], 5);
      // The student caught the vm copy of the host's error; the host's own error is rethrown.
      assert.deepEqual(value.errors, ['host Error: send: no process named nobody']);
    });
  });

  it('constructor.constructor escapes through constructor arguments are blocked', async () => {
    await withHostile(hostile('escape-via-args'), async (sandbox) => {
      const value = okValue(await sandbox.run(job([attack()], { args: [{ inner: { x: 1 } }, ['p1', 'p2']] }), WALL));
      assertAllBlocked(sent(value, 'probe')[0], 3);
    });
  });

  it('stack-trace call sites (Error.prepareStackTrace) expose no host function or receiver', async () => {
    await withHostile(hostile('escape-via-stack'), async (sandbox) => {
      const value = okValue(await sandbox.run(job([attack()]), WALL));
      const lines = sent(value, 'probe')[0] as string[];
      assert.ok(lines.length > 10, `call sites of host frames were probed too: ${lines.length}`);
      assertAllBlocked(lines, lines.length);
    });
  });

  it('getters on fields see the vm instance, never the host proxy, when the host reads state', async () => {
    await withHostile(hostile('escape-via-getter'), async (sandbox) => {
      const value = okValue(await sandbox.run(job([ping]), WALL));
      assert.equal(value.fields.trap2, 'getter');
      assertAllBlocked(value.fields.seen, 2);
    });
  });

  it('printing a fake score and fake protocol lines: stays output text, capped, results unchanged', async () => {
    await withHostile(hostile('fake-output'), async (sandbox) => {
      const result = await sandbox.run(job([attack()]), WALL);
      const value = okValue(result);
      assert.deepEqual(value.effects, [{ op: 'sendLocal', args: [{ type: 'honest', data: 1 }] }]);
      const output = (result as { output: string }).output;
      assert.ok(output.startsWith('{"kind":"result","id":1,"value":{"score":100}}\n'));
      assert.ok(output.endsWith('\n[output truncated at 65536 characters]\n'));
      assert.ok(output.length < 65_536 + 100);
    });
  });

  it('throwing non-Error values: reported as such, never trusted as data', async () => {
    await withHostile(hostile('non-error-throw'), async (sandbox) => {
      const reasons: Record<string, string> = {
        number: 'threw a non-Error value: 42',
        object: "threw a non-Error value: { score: 100, kind: 'result' }",
        null: 'threw a non-Error value: null',
        string: "threw a non-Error value: 'a string'",
        // Its traps are never run; before, this message was empty.
        proxy: "threw a non-Error value: '[Proxy]'",
      };
      for (const [which, reason] of Object.entries(reasons)) {
        const result = await sandbox.run(job([attack(which)]), WALL);
        assert.deepEqual(result, { status: 'crashed', cause: 'student', reason: `student code ${reason}`, output: '' });
      }
      // An Error whose message getter throws: the message is unreadable, not a crash of ours.
      const getter = await sandbox.run(job([attack('getter')]), WALL);
      assert.deepEqual(getter, { status: 'crashed', cause: 'student', reason: 'student code threw Error: ', output: '' });
      assert.equal(sandbox.childrenStarted, 1);
    });
  });

  it('dynamic import() in a hand-made bundle: nothing loads, and no host error reaches the realm', async () => {
    await withHostile(copyBundle('hostile/dynamic-import/solution.js'), async (sandbox) => {
      const steps: Step[] = [attack(), { kind: 'local', msg: { type: 'verdict?', data: null } }];
      const value = okValue(await sandbox.run(job(steps), WALL));
      assert.deepEqual(sent(value, 'import'), ['object']);
      // With the realm's own microtask queue the rejection handler may never get to run; if it
      // does, what it sees is a primitive (the hook throws a string), never a host Error.
      const [verdict] = sent(value, 'verdict');
      assert.ok(verdict === 'pending' || verdict === 'blocked (string)', String(verdict));
    });
  });

  it('async code: never continues after its handler, and unhandled rejections do not kill the child', async () => {
    await withHostile(hostile('async-escape'), async (sandbox) => {
      const value = okValue(await sandbox.run(job([attack(), ping]), WALL));
      assert.deepEqual(
        value.effects.map((e) => e.args[0]),
        [
          { type: 'sync', data: null },
          { type: 'pong', data: [] },
        ],
      );
      assert.equal(sandbox.childrenStarted, 1);
    });
  });

  it('a constructor returning a Proxy is refused', async () => {
    await withHostile(compileFixture('hostile/proxy-instance', ['Hostile', 'Honest']), async (sandbox) => {
      const result = await sandbox.run(job([ping]), WALL);
      assert.deepEqual(result, { status: 'crashed', cause: 'student', reason: 'student code threw TypeError: the constructor of Hostile must not return a value', output: '' });
      const honest = okValue(await sandbox.run({ className: 'Honest', steps: [ping] } satisfies HandlerJob, WALL));
      assert.equal(sent(honest, 'pong').length, 1);
    }, {}, 'Honest');
  });
});
