import assert from 'node:assert/strict';
import { compileSolution, formatDiagnostic, type CompileResult } from '../src/compile/index.js';
import { fixture, tempDir } from './runners/fixtures.js';

async function compile(dir: string, determinism?: 'warning' | 'error'): Promise<CompileResult> {
  const opts = { solutionDir: fixture('solutions', dir), entry: 'index.ts', classes: ['Sender'], outDir: tempDir('lint') };
  return compileSolution(determinism === undefined ? opts : { ...opts, determinism });
}

const ASYNC = 'handlers run to completion one event at a time, so work queued for later runs outside the simulation; ' +
  'do the work in the handler, or arm a timer with ctx.setTimer and continue in onTimer';

// Only the host's globals are findings: the local `Date` and `local.random()` in onTimer are not.
const EXPECTED = [
  "index.ts:6:31: Math.random() is not deterministic in a simulated run: use ctx.random(), the run's seeded generator",
  "index.ts:7:21: Date is not deterministic in a simulated run: use ctx.time(), this node's simulated clock in seconds",
  `index.ts:10:3: an async function is not deterministic in a simulated run: ${ASYNC}`,
  `index.ts:11:5: await is not deterministic in a simulated run: ${ASYNC}`,
  `index.ts:11:11: Promise is not deterministic in a simulated run: ${ASYNC}`,
];

describe('determinism lint', () => {
  it('warns at file:line:column about Math.random in a timer delay, Date, async and Promise, with what to use instead', async () => {
    const result = await compile('nondeterministic');
    assert.equal(result.ok, true, JSON.stringify(result));
    if (!result.ok) return;
    assert.deepEqual(result.warnings.map(formatDiagnostic), EXPECTED);
  });

  it('makes the same findings errors when the assignment says determinism: error', async () => {
    const result = await compile('nondeterministic', 'error');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.errors.map(formatDiagnostic), EXPECTED);
  });

  it('replaces "Cannot find name" for setTimeout and process with what to use instead', async () => {
    const result = await compile('host-timers');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.errors.map(formatDiagnostic), [
      "index.ts:6:5: setTimeout does not exist in a solution's sandbox: use ctx.setTimer(name, delay) or ctx.setTimerOnce(name, delay) and react in onTimer",
      "index.ts:7:9: process does not exist in a solution's sandbox: a solution has no host process; use ctx for time, randomness and timers",
    ]);
  });

  it('rejects a determinism level other than warning or error', async () => {
    await assert.rejects(
      compileSolution({ solutionDir: fixture('solutions', 'nondeterministic'), entry: 'index.ts', classes: ['Sender'], outDir: tempDir('lint'), determinism: 'loud' as 'error' }),
      /^Error: compileSolution: determinism must be 'warning' or 'error'/,
    );
  });
});
