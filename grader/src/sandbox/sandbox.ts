import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onExit } from '../on-exit.js';
import { launchChild } from './child-launch.js';
import { LineSplitter } from './line-splitter.js';
import { parseChildMessage, type ChildMessage, type InitMessage } from './protocol.js';
import type { SandboxResult } from './result.js';
import { readRssMb } from './rss.js';

export interface SandboxOptions {
  /** The compiled solution (compileSolution's bundlePath). Its folder becomes readable by the child. */
  bundlePath: string;
  /** The compiled checks module (compileChecks' bundlePath), if the assignment has checks. */
  checksPath?: string;
  /** Path (or file URL) of a module whose default export is a JobRunner, e.g. inside grader/dist. */
  runnerModule: string;
  /** V8 heap limit of the child in MB (--max-old-space-size). Default 256. */
  memoryMb?: number;
  /** Whole-process resident memory limit in MB, polled while a job runs. Default memoryMb + 256. */
  rssLimitMb?: number;
  /** Console output kept per job, in characters. Default 65536. */
  outputLimit?: number;
  /** Wall-time budget of one student call (a handler, a constructor), in ms. Default 1000. */
  handlerTimeMs?: number;
  /** Longest message line accepted from the child, in bytes. Default 32 MiB. */
  maxMessageBytes?: number;
  /** Extra paths the child may read (e.g. data a runner needs). */
  readPaths?: readonly string[];
  /** Node binary for the child. Default: the one running the grader. */
  nodePath?: string;
}

export interface RunOptions {
  /** Wall-clock limit of this job in ms; the child is killed when it passes. */
  wallTimeMs: number;
}

type Resolved = Required<Omit<SandboxOptions, 'checksPath'>> & { checksPath: string | null };

const RSS_POLL_MS = 25;
export const DEFAULT_HANDLER_MS = 1_000;
const STDERR_TAIL = 16_384;
const HEAP_OOM = /heap out of memory|Reached heap limit|Allocation failed - /;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills the child's whole process group (it is its group's leader), falling back to the child. */
function killGroup(child: ChildProcess): void {
  const pid = child.pid;
  try {
    if (pid !== undefined) process.kill(-pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A child stuck in student code must not outlive the grader, on any way out of it.
  onExit(() => {
    for (const child of live) killGroup(child);
  });
}

function toPath(fn: string, name: string, p: unknown): string {
  if (typeof p !== 'string' || p === '') throw new Error(`${fn}: ${name} must be a file path (or file: URL) string`);
  const file = p.startsWith('file:') ? fileURLToPath(p) : path.resolve(p);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new Error(`${fn}: ${name} ${p} is not a file; pass an existing file`);
  return file;
}

function positive(fn: string, name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`${fn}: ${name} must be a positive number`);
  return v;
}

function resolveOptions(opts: SandboxOptions): Resolved {
  const fn = 'Sandbox.start';
  if (typeof opts !== 'object' || opts === null) throw new Error(`${fn}: pass { bundlePath, runnerModule, memoryMb?, ... }`);
  const memoryMb = Math.floor(positive(fn, 'memoryMb', opts.memoryMb, 256));
  if (opts.readPaths !== undefined && (!Array.isArray(opts.readPaths) || !opts.readPaths.every((p) => typeof p === 'string'))) {
    throw new Error(`${fn}: readPaths must be an array of path strings`);
  }
  return {
    bundlePath: toPath(fn, 'bundlePath', opts.bundlePath),
    checksPath: opts.checksPath === undefined ? null : toPath(fn, 'checksPath', opts.checksPath),
    runnerModule: toPath(fn, 'runnerModule', opts.runnerModule),
    memoryMb,
    rssLimitMb: positive(fn, 'rssLimitMb', opts.rssLimitMb, memoryMb + 256),
    outputLimit: Math.floor(positive(fn, 'outputLimit', opts.outputLimit, 65_536)),
    handlerTimeMs: positive(fn, 'handlerTimeMs', opts.handlerTimeMs, DEFAULT_HANDLER_MS),
    maxMessageBytes: Math.floor(positive(fn, 'maxMessageBytes', opts.maxMessageBytes, 32 * 1024 * 1024)),
    readPaths: (opts.readPaths ?? []).map((p) => path.resolve(p)),
    nodePath: opts.nodePath ?? process.execPath,
  };
}

/** What the current job is waiting for; each child event ends it at most once. */
interface PendingJob {
  id: number;
  limitMs: number;
  output: string;
  finish(result: SandboxResult): void;
}

/** One live child process and what it said. */
class ChildHandle {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stderrTail = '';
  killedFor: 'timeout' | 'memory' | 'protocol' | 'close' | undefined;
  /** The resident-memory limit was passed (as opposed to the V8 heap limit). */
  overRss = false;
  job: PendingJob | undefined;
  private onReady: ((error: string | undefined) => void) | undefined;
  readonly ready: Promise<string | undefined>;

  constructor(
    private readonly opts: Resolved,
    private readonly onMessage: (child: ChildHandle, message: ChildMessage) => void,
    private readonly onBroken: (child: ChildHandle, reason: string) => void,
  ) {
    this.ready = new Promise((resolve) => (this.onReady = resolve));
    this.process = launchChild({ ...opts, readPaths: opts.readPaths });
    live.add(this.process);
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': by then stderr has been read to the end (the heap-limit message).
      this.process.once('close', (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(this.process);
        this.settleReady(`the sandbox child exited during start (${this.describeExit()})`);
        resolve();
      });
    });
    this.process.once('error', (e) => this.settleReady(`the sandbox child could not start: ${e.message}`));
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    const results = this.process.stdio[3] as NodeJS.ReadableStream | null;
    const splitter = new LineSplitter(
      opts.maxMessageBytes,
      (line) => this.handleLine(line),
      () => this.onBroken(this, `the child sent a message longer than ${opts.maxMessageBytes} bytes`),
    );
    results?.on('data', (chunk: Buffer) => splitter.push(chunk));
    results?.on('error', () => {});
    this.process.stdin?.on('error', () => {});
    const init: InitMessage = {
      kind: 'init',
      bundlePath: opts.bundlePath,
      checksPath: opts.checksPath,
      runnerModule: opts.runnerModule,
      outputLimit: opts.outputLimit,
      handlerBudgetMs: opts.handlerTimeMs,
    };
    this.write(init);
  }

  get alive(): boolean {
    return this.exitInfo === undefined && this.killedFor === undefined;
  }

  write(message: unknown): void {
    this.process.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  kill(why: 'timeout' | 'memory' | 'protocol' | 'close'): void {
    this.killedFor ??= why;
    killGroup(this.process);
  }

  describeExit(): string {
    const info = this.exitInfo;
    if (info === undefined) return 'still running';
    const how = info.signal !== null ? `killed by ${info.signal}` : `exit code ${String(info.code)}`;
    const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
    return tail === '' ? how : `${how}; stderr: ${tail.slice(0, 500)}`;
  }

  ranOutOfHeap(): boolean {
    return HEAP_OOM.test(this.stderrTail);
  }

  private settleReady(error: string | undefined): void {
    const resolve = this.onReady;
    this.onReady = undefined;
    resolve?.(error);
  }

  private handleLine(line: string): void {
    const message = parseChildMessage(line, this.opts.outputLimit + 200);
    if (typeof message === 'string') {
      this.onBroken(this, message);
      return;
    }
    if (message.kind === 'ready') this.settleReady(undefined);
    else if (message.kind === 'init-failed') this.settleReady(`the sandbox child could not load: ${message.reason}`);
    else this.onMessage(this, message);
  }
}

/**
 * Runs untrusted solution code for one submission in a child Node process (permission model,
 * heap cap, resident-memory cap, wall-time limit), reusing the child for every job and
 * starting a fresh one only after a child died. Jobs run one at a time, in call order.
 */
export class Sandbox {
  private child: ChildHandle | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;
  private started = 0;

  private constructor(private readonly opts: Resolved) {}

  /** Starts the child and waits until it has loaded the bundle, checks and runner. */
  static async start(opts: SandboxOptions): Promise<Sandbox> {
    installExitHook();
    const sandbox = new Sandbox(resolveOptions(opts));
    const error = await sandbox.spawn();
    if (error !== undefined) {
      await sandbox.close();
      throw new Error(`Sandbox.start: ${error}`);
    }
    return sandbox;
  }

  /** How many child processes this sandbox has started (1 unless children died). */
  get childrenStarted(): number {
    return this.started;
  }

  /** Process id of the current child, if one is running. */
  get childPid(): number | undefined {
    return this.child?.alive === true ? this.child.process.pid : undefined;
  }

  /** Runs one job (JSON-serialisable data handed to the runner) and reports how it ended. */
  run(job: unknown, opts: RunOptions): Promise<SandboxResult> {
    if (this.closed) return Promise.reject(new Error('Sandbox.run: this sandbox is closed; start a new one'));
    if (typeof opts !== 'object' || opts === null) return Promise.reject(new Error('Sandbox.run: pass { wallTimeMs }'));
    let limitMs: number;
    let jobJson: string | undefined;
    try {
      if (opts.wallTimeMs === undefined) throw new Error('Sandbox.run: pass { wallTimeMs }, the wall-clock limit of the job in ms');
      limitMs = positive('Sandbox.run', 'wallTimeMs', opts.wallTimeMs, NaN);
      jobJson = JSON.stringify(job);
    } catch (e) {
      return Promise.reject(e instanceof Error && e.message.startsWith('Sandbox.run') ? e : new Error('Sandbox.run: job must be JSON-serialisable data'));
    }
    if (jobJson === undefined) return Promise.reject(new Error('Sandbox.run: job must be JSON-serialisable data, not undefined or a function'));
    const parsedJob: unknown = JSON.parse(jobJson);
    const result = this.queue.then(() => this.runNow(parsedJob, limitMs));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the child (gently, then by force) and refuses further jobs. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitInfo !== undefined) return;
    child.process.stdin?.end();
    const timer = setTimeout(() => child.kill('close'), 1_000);
    await child.exited;
    clearTimeout(timer);
  }

  private async spawn(): Promise<string | undefined> {
    this.started++;
    const child = new ChildHandle(
      this.opts,
      (c, m) => this.onChildMessage(c, m),
      (c, reason) => this.onChildBroken(c, reason),
    );
    this.child = child;
    child.exited.then(() => this.onChildExit(child), () => {});
    const error = await child.ready;
    if (error !== undefined) {
      child.kill('close');
      await child.exited;
    }
    return error;
  }

  private async runNow(job: unknown, limitMs: number): Promise<SandboxResult> {
    if (this.child === undefined || !this.child.alive) {
      const old = this.child;
      if (old !== undefined) await old.exited;
      const error = await this.spawn();
      if (error !== undefined) return { status: 'crashed', cause: 'child', reason: `the sandbox could not restart: ${error}`, output: '' };
    }
    const child = this.child!;
    const id = this.nextId++;
    const startedAt = performance.now();
    return new Promise<SandboxResult>((resolve) => {
      let done = false;
      const timer = setTimeout(() => {
        child.kill('timeout');
      }, limitMs);
      const rssPoll = setInterval(() => {
        const pid = child.process.pid;
        if (pid !== undefined && (readRssMb(pid) ?? 0) > this.opts.rssLimitMb) {
          child.overRss = true;
          child.kill('memory');
        }
      }, RSS_POLL_MS);
      child.job = {
        id,
        limitMs,
        output: '',
        finish: (result) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          clearInterval(rssPoll);
          child.job = undefined;
          resolve(result.status === 'ok' ? { ...result, wallMs: Math.round(performance.now() - startedAt) } : result);
        },
      };
      child.write({ kind: 'job', id, job });
    });
  }

  private onChildMessage(child: ChildHandle, message: ChildMessage): void {
    const job = child.job;
    if (message.kind === 'fatal') {
      child.kill('protocol');
      job?.finish({ status: 'protocol', reason: message.reason });
      return;
    }
    if (job === undefined || !('id' in message) || message.id !== job.id) {
      this.onChildBroken(child, `the child sent a ${message.kind} message for a job that is not running`);
      return;
    }
    switch (message.kind) {
      case 'output':
        if (job.output.length < this.opts.outputLimit + 200) job.output += message.text;
        return;
      case 'result':
        job.finish({ status: 'ok', value: message.value, output: job.output, wallMs: 0 });
        return;
      case 'threw': {
        const who = message.student ? 'student code' : 'the runner';
        const what = message.name === '' ? message.message : `threw ${message.name}: ${message.message}`;
        job.finish({ status: 'crashed', cause: message.student ? 'student' : 'runner', reason: `${who} ${what}`, output: job.output });
        return;
      }
      case 'non-error':
        job.finish({ status: 'protocol', reason: `the runner threw a non-Error value: ${message.description}` });
        return;
      case 'unserialisable':
        job.finish({ status: 'protocol', reason: `the runner's result is not JSON-serialisable: ${message.reason}` });
        return;
    }
  }

  private onChildBroken(child: ChildHandle, reason: string): void {
    child.kill('protocol');
    child.job?.finish({ status: 'protocol', reason });
  }

  private onChildExit(child: ChildHandle): void {
    const job = child.job;
    if (job === undefined) return;
    const output = job.output;
    if (child.killedFor === 'timeout') job.finish({ status: 'timeout', limitMs: job.limitMs, output });
    else if (child.killedFor === 'memory' || child.ranOutOfHeap()) {
      job.finish({ status: 'memory', limitMb: child.overRss ? this.opts.rssLimitMb : this.opts.memoryMb, output });
    }
    else if (child.killedFor === 'protocol') job.finish({ status: 'protocol', reason: 'the child broke the protocol' });
    else if (child.exitInfo?.signal != null) job.finish({ status: 'crashed', cause: 'child', reason: `the sandbox child died: ${child.describeExit()}`, output });
    else job.finish({ status: 'protocol', reason: `the sandbox child exited in the middle of a job (${child.describeExit()})` });
  }
}
