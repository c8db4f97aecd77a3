/**
 * Entry of the sandbox child process (started by Sandbox with the permission model on).
 * Reads an init message and then jobs from stdin, runs each job with the runner module, and
 * writes results to fd 3. Student code runs only inside vm contexts made by loadStudentRealm.
 */
import fs from 'node:fs';
import { types } from 'node:util';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { bootstrap } from './bootstrap.js';
import { jobRegion, startWatchdog } from './handler-guard.js';
import { HandlerTimeLimit } from './handler-time-limit.js';
import { LineSplitter } from './line-splitter.js';
import { OutputBuffer } from './output-buffer.js';
import { toPlainData } from './plain-data.js';
import type { ChildMessage, InitMessage, JobMessage, ParentMessage } from './protocol.js';
import type { JobRunner, SandboxEnv } from './runner-api.js';
import { StudentCodeError } from './student-code-error.js';
import { loadStudentRealm } from './student-realm.js';
import { isPythonBundle, pythonStudentLoader } from '../python/child-hook.js';
import type { StudentClasses, StudentHooks } from './runner-api.js';

const RESULT_FD = 3;
const waitCell = new Int32Array(new SharedArrayBuffer(4));

function writeAll(data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += fs.writeSync(RESULT_FD, data, offset);
    } catch (e) {
      // The pipe is full until the parent reads; wait a moment without spinning the CPU.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(waitCell, 0, 0, 2);
    }
  }
}

function send(message: ChildMessage): void {
  writeAll(Buffer.from(`${JSON.stringify(message)}\n`, 'utf8'));
}

/** A string data property found on `o` or its prototypes, read without running getters. */
function dataString(o: object, key: string): string | undefined {
  for (let at: object | null = o; at !== null && !types.isProxy(at); at = Object.getPrototypeOf(at) as object | null) {
    const d = Object.getOwnPropertyDescriptor(at, key);
    if (d !== undefined) return 'value' in d && typeof d.value === 'string' ? d.value.slice(0, 4_000) : undefined;
  }
  return undefined;
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return String(e);
  } catch {
    return 'an unprintable value';
  }
}

/**
 * The vm realm has no module loader. The rejection is a primitive, so it carries no realm:
 * a host Error there would hand the student the host's Function.
 */
const NO_DYNAMIC_IMPORT = 'dynamic import() is not available in the sandbox';
const noDynamicImport = (): never => {
  throw NO_DYNAMIC_IMPORT;
};

function compileScript(source: string, filename: string): vm.Script {
  return new vm.Script(source, { filename, importModuleDynamically: noDynamicImport as never });
}

interface Loaded {
  loadStudent: (hooks: StudentHooks, output: OutputBuffer) => StudentClasses;
  checks: Readonly<Record<string, unknown>>;
  runner: JobRunner;
  outputLimit: number;
}

async function typescriptLoader(bundlePath: string): Promise<Loaded['loadStudent']> {
  const scripts = {
    bootstrap: compileScript(`(${bootstrap.toString()})`, 'dsgrade-bootstrap.js'),
    solution: compileScript(fs.readFileSync(bundlePath, 'utf8'), 'solution.js'),
  };
  return (hooks, output) => loadStudentRealm(scripts, hooks, output);
}

async function load(init: InitMessage): Promise<Loaded> {
  // A Python solution: Pyodide is loaded here, once per child, and reused by every job.
  const loadStudent = await (isPythonBundle(init.bundlePath) ? pythonStudentLoader : typescriptLoader)(init.bundlePath);
  const checks =
    init.checksPath === null ? {} : { ...((await import(pathToFileURL(init.checksPath).href)) as Record<string, unknown>) };
  const runnerModule = (await import(pathToFileURL(init.runnerModule).href)) as { default?: unknown };
  if (typeof runnerModule.default !== 'function') throw new Error(`${init.runnerModule} has no default export of a JobRunner function`);
  return { loadStudent, checks: Object.freeze(checks), runner: runnerModule.default as JobRunner, outputLimit: init.outputLimit };
}

async function runJob(loaded: Loaded, message: JobMessage): Promise<void> {
  const { id } = message;
  const output = new OutputBuffer(loaded.outputLimit, (text) => send({ kind: 'output', id, text }));
  const env: SandboxEnv = {
    loadStudent: (hooks) => loaded.loadStudent(hooks, output),
    checks: loaded.checks,
    output: () => output.text(),
  };
  let value: unknown;
  try {
    value = await jobRegion(() => loaded.runner(message.job, env));
  } catch (e) {
    if (e instanceof Error) {
      send({ kind: 'threw', id, student: e instanceof StudentCodeError || e instanceof HandlerTimeLimit, name: e.name, message: e.message });
    } else if (types.isNativeError(e)) {
      // An error of another realm that escaped through host code (a student getter or Proxy
      // the runner touched): the student's, read as data so no student code runs here.
      const name = dataString(e, 'name') ?? 'Error';
      send({ kind: 'threw', id, student: true, name, message: dataString(e, 'message') ?? '' });
    } else {
      send({ kind: 'non-error', id, description: describe(e) });
    }
    return;
  }
  let json: string | undefined;
  try {
    // Results may hold student-realm objects (state snapshots): copied as data, never serialised by their own code.
    json = JSON.stringify(toPlainData(value === undefined ? null : value));
  } catch (e) {
    send({ kind: 'unserialisable', id, reason: describe(e) });
    return;
  }
  if (json === undefined) {
    send({ kind: 'unserialisable', id, reason: `the runner returned a ${typeof value}` });
    return;
  }
  writeAll(Buffer.from(`{"kind":"result","id":${id},"value":${json}}\n`, 'utf8'));
}

function main(): void {
  process.on('uncaughtException', (e) => {
    send({ kind: 'fatal', reason: `uncaught exception outside the runner: ${describe(e)}` });
    process.exit(70);
  });
  process.on('unhandledRejection', (reason, promise) => {
    // A vm realm's promise: student async code, which by design never continues. Ignore it.
    if (!(promise instanceof Promise)) return;
    // Node's own promise around the import() hook rejects unobserved; the student got its copy.
    if (reason === NO_DYNAMIC_IMPORT) return;
    send({ kind: 'fatal', reason: `unhandled rejection outside the runner: ${describe(reason)}` });
    process.exit(70);
  });

  let loaded: Promise<Loaded> | undefined;
  let queue: Promise<void> = Promise.resolve();
  const onLine = (line: string): void => {
    const message = JSON.parse(line) as ParentMessage;
    if (message.kind === 'init') {
      startWatchdog(message.handlerBudgetMs);
      loaded = load(message);
      loaded.then(
        () => send({ kind: 'ready' }),
        (e: unknown) => {
          send({ kind: 'init-failed', reason: describe(e) });
          process.exit(71);
        },
      );
      return;
    }
    const ready = loaded;
    if (ready === undefined) throw new Error('job before init');
    queue = queue.then(async () => runJob(await ready, message));
  };
  const splitter = new LineSplitter(Number.MAX_SAFE_INTEGER, onLine, () => {});
  process.stdin.on('data', (chunk: Buffer) => splitter.push(chunk));
  // The parent closing our stdin (close(), or its own death) ends us.
  process.stdin.on('end', () => process.exit(0));
}

main();
