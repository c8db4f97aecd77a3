import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the CLI tests run dsgrade from there, as a student would. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI = path.join(ROOT, 'grader/dist/src/cli.js');
/** The small echo assignment most CLI tests grade. */
export const ECHO = path.join(ROOT, 'grader/fixtures/assignments/echo');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built dsgrade CLI in a child process (from the repository root unless `cwd` is given). */
export function dsgrade(args: string[], opts: { cwd?: string; timeout?: number } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}) });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
