import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileChecks, compileSolution, formatDiagnostic } from '../compile/index.js';
import { formatLoadError, loadAssignment } from '../load/index.js';
import { Sandbox } from '../sandbox/index.js';
import { startExploreServer, type ExploreServer } from './server.js';

const RUNNER = new URL('./session-runner.js', import.meta.url);

export interface OpenExplorerOptions {
  assignmentDir: string;
  solutionDir: string;
  test: string;
  token?: string;
  seed?: number;
  port?: number;
}

/** A running explorer: its server, the sandbox child behind it, and how to stop both. */
export interface OpenExplorer {
  readonly url: string;
  readonly server: ExploreServer;
  readonly sandbox: Sandbox;
  close(): Promise<void>;
}

/** Compiles the solution, starts a sandbox child with the explorer's runner, and serves the page. */
export async function openExplorer(opts: OpenExplorerOptions): Promise<OpenExplorer> {
  if (typeof opts !== 'object' || opts === null || typeof opts.assignmentDir !== 'string' || typeof opts.solutionDir !== 'string' || typeof opts.test !== 'string') {
    throw new Error('openExplorer: pass { assignmentDir, solutionDir, test, token?, seed?, port? }');
  }
  if (!fs.existsSync(opts.solutionDir)) throw new Error(`openExplorer: solution folder ${opts.solutionDir} does not exist; pass --solution DIR`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-explore-'));
  const cleanup = () => fs.rmSync(work, { recursive: true, force: true });
  try {
    let checksPath: string | undefined;
    const known = new Set<string>();
    const checksFile = path.join(opts.assignmentDir, 'checks.ts');
    if (fs.existsSync(checksFile)) {
      const c = await compileChecks(checksFile, path.join(work, 'checks'));
      if (!c.ok) throw new Error(`openExplorer: the assignment's checks.ts does not compile:\n${c.errors.map(formatDiagnostic).join('\n')}`);
      checksPath = c.bundlePath;
      // checks.ts is the instructor's trusted code (as in grading): loading it tells which check names exist.
      const exported = (await import(pathToFileURL(c.bundlePath).href)) as Record<string, unknown>;
      for (const [name, v] of Object.entries(exported)) if (typeof v === 'function') known.add(name);
    }
    const loaded = loadAssignment(opts.assignmentDir, { knownChecks: known });
    if (!loaded.ok) throw new Error(`openExplorer: the assignment has errors:\n${loaded.errors.map(formatLoadError).join('\n')}`);
    const a = loaded.assignment;
    const scenario = a.tests.find((t) => t.name === opts.test);
    if (scenario === undefined) throw new Error(`openExplorer: no test "${opts.test}" in ${a.name}; tests are: ${a.tests.map((t) => t.name).join(', ')}`);
    const compiled = await compileSolution({ solutionDir: opts.solutionDir, entry: a.entry, classes: a.classes, outDir: path.join(work, 'solution') });
    if (!compiled.ok) throw new Error(`openExplorer: the solution does not compile: ${compiled.errors.map(formatDiagnostic).join('\n')}`);
    const sandbox = await Sandbox.start({ bundlePath: compiled.bundlePath, runnerModule: RUNNER.href, memoryMb: scenario.limits.memoryMb, ...(checksPath !== undefined ? { checksPath } : {}) });
    const wallTimeMs = scenario.limits.wallTime * 1000;
    let server: ExploreServer;
    try {
      const start = { ...(opts.token !== undefined ? { token: opts.token } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) };
      server = await startExploreServer({
        relay: (job) => sandbox.run(job, { wallTimeMs }),
        scenario,
        title: `${a.title}: ${scenario.name} (${path.basename(opts.solutionDir)})`,
        start,
        ...(opts.port !== undefined ? { port: opts.port } : {}),
      });
    } catch (e) {
      await sandbox.close();
      throw e;
    }
    return {
      url: server.url,
      server,
      sandbox,
      close: async () => {
        await server.close();
        await sandbox.close();
        cleanup();
      },
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}
