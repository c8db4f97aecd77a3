import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Sandbox, type SandboxResult } from '../src/sandbox/index.js';
import type { GarbageJob } from './runners/garbage-runner.js';
import { compileFixture, GARBAGE_RUNNER } from './runners/fixtures.js';

/**
 * The parent trusts nothing the child sends. A runner that misbehaves stands in for a child
 * that was taken over: every case ends as a clean status and the next job runs in a fresh child.
 */
describe('Sandbox protocol with a misbehaving child', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  before(async () => {
    const bundle = await compileFixture('solutions/multi', ['Server']);
    sandbox = await Sandbox.start({ bundlePath: bundle, runnerModule: GARBAGE_RUNNER, maxMessageBytes: 1024 * 1024 });
  });
  after(async () => sandbox.close());

  async function run(job: GarbageJob): Promise<SandboxResult> {
    return sandbox.run(job, { wallTimeMs: 10_000 });
  }

  async function expectRecovery(): Promise<void> {
    const ok = await run({ mode: 'ok' });
    assert.equal(ok.status, 'ok');
    assert.deepEqual((ok as { value: unknown }).value, { fine: true });
  }

  const cases: Array<[GarbageJob, SandboxResult]> = [
    [{ mode: 'not-json' }, { status: 'protocol', reason: 'the child sent a line that is not JSON ("this is not json")' }],
    [{ mode: 'oversized', size: 2 * 1024 * 1024 }, { status: 'protocol', reason: 'the child sent a message longer than 1048576 bytes' }],
    [{ mode: 'wrong-id' }, { status: 'protocol', reason: 'the child sent a result message for a job that is not running' }],
    [{ mode: 'exit' }, { status: 'protocol', reason: 'the sandbox child exited in the middle of a job (exit code 3)' }],
    [{ mode: 'uncaught' }, { status: 'protocol', reason: 'uncaught exception outside the runner: Error: boom outside the runner' }],
    [{ mode: 'non-error' }, { status: 'protocol', reason: 'the runner threw a non-Error value: just a string' }],
  ];

  for (const [job, expected] of cases) {
    it(`${job.mode}: ${expected.status === 'protocol' ? expected.reason : expected.status}`, async () => {
      assert.deepEqual(await run(job), expected);
      await expectRecovery();
    });
  }

  it('a result JSON cannot carry (a BigInt) is copied as plain data, never serialised by its own code', async () => {
    const result = await run({ mode: 'unserialisable' });
    assert.equal(result.status, 'ok');
    assert.deepEqual((result as { value: unknown }).value, { big: '10n' });
    await expectRecovery();
  });

  it('a child killed by a signal is reported as crashed', async () => {
    const result = await run({ mode: 'signal' });
    assert.equal(result.status, 'crashed');
    assert.match((result as { reason: string }).reason, /^the sandbox child died: killed by SIGSEGV/);
    assert.equal((result as { cause: string }).cause, 'child');
    await expectRecovery();
  });

  it('the permission model is a second wall: no reads outside, no writes, no processes', async () => {
    const result = await run({ mode: 'permissions' });
    const { outside, ...codes } = (result as { value: Record<string, string> }).value;
    assert.deepEqual(codes, { readOutside: 'ERR_ACCESS_DENIED', write: 'ERR_ACCESS_DENIED', spawn: 'ERR_ACCESS_DENIED' });
    assert.equal(fs.existsSync(outside!), false);
  });

  it('starts a fresh child only after one died', () => {
    // not-json, oversized, wrong-id, exit, uncaught, signal killed or ended their child;
    // non-error and unserialisable did not.
    assert.equal(sandbox.childrenStarted, 7);
  });
});
