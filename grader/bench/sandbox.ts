/**
 * Sandbox costs: starting a child (spawn + permission model + loading bundle and runner) versus
 * one job in an already running child (fresh vm realm, bootstrap, solution evaluated, four
 * handler calls). Prints JSON { spawnMs, perJobMs, ... } on stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSolution } from '../src/compile/index.js';
import { Sandbox } from '../src/sandbox/index.js';

const SPAWNS = 5;
const JOBS = 100;
const solutionDir = fileURLToPath(new URL('../../fixtures/solutions/multi', import.meta.url));
const runnerModule = fileURLToPath(new URL('../test/runners/handler-runner.js', import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const round = (x: number): number => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-bench-'));
  const compiled = await compileSolution({ solutionDir, entry: 'index.ts', classes: ['Server'], outDir });
  if (!compiled.ok) throw new Error(`bench: the fixture does not compile: ${JSON.stringify(compiled.errors)}`);
  const options = { bundlePath: compiled.bundlePath, runnerModule };

  const spawns: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    const t0 = performance.now();
    const sandbox = await Sandbox.start(options);
    spawns.push(performance.now() - t0);
    await sandbox.close();
  }

  const msg = { kind: 'message', msg: { type: 'hi', data: 1 }, from: 'c1' };
  const job = { className: 'Server', steps: [msg, msg, { kind: 'local', msg: { type: 'x', data: [1] } }, { kind: 'timer', name: 't' }] };
  const sandbox = await Sandbox.start(options);
  await sandbox.run(job, { wallTimeMs: 10_000 }); // warm-up: first job compiles the scripts' functions
  const t0 = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const r = await sandbox.run(job, { wallTimeMs: 10_000 });
    if (r.status !== 'ok') throw new Error(`bench: job ended ${r.status}`);
  }
  const perJobMs = (performance.now() - t0) / JOBS;
  await sandbox.close();
  fs.rmSync(outDir, { recursive: true, force: true });

  process.stdout.write(
    `${JSON.stringify({ spawnMs: round(median(spawns)), perJobMs: round(perJobMs), spawns: SPAWNS, jobs: JOBS, spawnToJobRatio: round(median(spawns) / perJobMs) })}\n`,
  );
}

await main();
