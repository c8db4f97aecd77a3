/**
 * A seed worker: a thread of the sandbox child (same process, same permission model) that
 * runs seeds of multi-seed sim tests for the main thread's `SeedWorkers`. It loads the
 * solution bundle and checks once, runs each seed untraced in a fresh student realm, and
 * sends back its report with the seed's console output. Student calls are counted in the
 * shared cells; a call past its budget ends this thread (the main thread watches them).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { reportSeed } from '@dsgrade/framework';
import { watchCallsFrom } from '../sandbox/handler-guard.js';
import { OutputBuffer } from '../sandbox/output-buffer.js';
import { NO_DYNAMIC_IMPORT, typescriptLoader } from '../sandbox/typescript-loader.js';
import type { RunEnv } from '../sandbox/index.js';
import { simSeeds } from './sim.js';
import type { SeedTask, SeedWorkerData, SeedWorkerReply } from './seed-worker-protocol.js';

const data = workerData as SeedWorkerData;
const port = parentPort;
if (port === null) throw new Error('seed-worker: start this file as a worker thread (SeedWorkers does)');

process.on('unhandledRejection', (reason, promise) => {
  // A student realm's promise (student async code never continues) and the import() refusal are not ours.
  if (!(promise instanceof Promise) || reason === NO_DYNAMIC_IMPORT) return;
  throw reason;
});

watchCallsFrom(data.cells);
const load = await typescriptLoader(data.bundlePath);
const checks = data.checksPath === null ? {} : { ...((await import(pathToFileURL(data.checksPath).href)) as Record<string, unknown>) };
let output = new OutputBuffer(data.outputLimit);
const env: RunEnv = {
  loadStudent: (hooks) => load(hooks, output),
  checks: Object.freeze(checks),
  output: () => output.text(),
};

port.on('message', (task: SeedTask) => {
  output = new OutputBuffer(data.outputLimit);
  let reply: SeedWorkerReply;
  try {
    const sim = simSeeds(task.scenario, env, task.opts);
    reply = { task: task.task, report: { ...reportSeed(task.seed, sim.build, sim.workload, sim.options), output: output.text() } };
  } catch (e) {
    // Whatever it was, the main thread runs the seed itself and meets it there.
    reply = { task: task.task, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
