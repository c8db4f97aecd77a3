/**
 * Entry of the sandbox child process (started by Sandbox with the permission model on).
 * Reads an init message and then jobs from stdin, runs each job with the runner module, and
 * writes results to fd 3. Student code runs only inside vm contexts made by loadStudentRealm.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { bootstrap } from './bootstrap.js';
import { LineSplitter } from './line-splitter.js';
import { OutputBuffer } from './output-buffer.js';
import type { ChildMessage, InitMessage, JobMessage, ParentMessage } from './protocol.js';
import type { JobRunner, SandboxEnv } from './runner-api.js';
import { StudentCodeError } from './student-code-error.js';
import { loadStudentRealm, type RealmScripts } from './student-realm.js';
import { tagCollections } from './tag-collections.js';

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
  scripts: RealmScripts;
  checks: Readonly<Record<string, unknown>>;
  runner: JobRunner;
  outputLimit: number;
}

async function load(init: InitMessage): Promise<Loaded> {
  const scripts: RealmScripts = {
    bootstrap: compileScript(`(${bootstrap.toString()})`, 'dsgrade-bootstrap.js'),
    solution: compileScript(fs.readFileSync(init.bundlePath, 'utf8'), 'solution.js'),
  };
  const checks =
    init.checksPath === null ? {} : { ...((await import(pathToFileURL(init.checksPath).href)) as Record<string, unknown>) };
  const runnerModule = (await import(pathToFileURL(init.runnerModule).href)) as { default?: unknown };
  if (typeof runnerModule.default !== 'function') throw new Error(`${init.runnerModule} has no default export of a JobRunner function`);
  return { scripts, checks: Object.freeze(checks), runner: runnerModule.default as JobRunner, outputLimit: init.outputLimit };
}

async function runJob(loaded: Loaded, message: JobMessage): Promise<void> {
  const { id } = message;
  const output = new OutputBuffer(loaded.outputLimit, (text) => send({ kind: 'output', id, text }));
  const env: SandboxEnv = {
    loadStudent: (hooks) => loadStudentRealm(loaded.scripts, hooks, output),
    checks: loaded.checks,
    output: () => output.text(),
  };
  let value: unknown;
  try {
    value = await loaded.runner(message.job, env);
  } catch (e) {
    if (e instanceof Error) {
      send({ kind: 'threw', id, student: e instanceof StudentCodeError, name: e.name, message: e.message });
    } else {
      send({ kind: 'non-error', id, description: describe(e) });
    }
    return;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value === undefined ? null : value, tagCollections);
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
