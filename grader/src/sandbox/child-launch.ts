import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameworkLocation } from '../compile/framework-location.js';

export interface LaunchOptions {
  bundlePath: string;
  checksPath: string | null;
  runnerModule: string;
  memoryMb: number;
  readPaths: readonly string[];
  nodePath: string;
}

/** grader/dist (holds child.js and the runners) and grader/package.json (says the files are ESM). */
function graderPaths(): string[] {
  const distDir = fileURLToPath(new URL('../../', import.meta.url));
  return [distDir, path.join(path.dirname(distDir), 'package.json')];
}

/** Folders of packages the framework imports at run time (found from its own location). */
function frameworkPaths(): string[] {
  const fw = frameworkLocation();
  const out = [fw.distDir, path.join(fw.packageDir, 'package.json')];
  for (let dir = fw.packageDir; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    if (fs.existsSync(modules)) out.push(modules);
    if (path.dirname(dir) === dir) break;
  }
  return out;
}

/** The read allowance of a child: its bundles, the runner, grader and framework code. */
export function readAllowance(opts: LaunchOptions): string[] {
  const paths = [
    path.dirname(opts.bundlePath),
    ...(opts.checksPath === null ? [] : [path.dirname(opts.checksPath)]),
    path.dirname(opts.runnerModule),
    ...graderPaths(),
    ...frameworkPaths(),
    ...opts.readPaths,
  ];
  return [...new Set(paths.map((p) => fs.realpathSync(p)))];
}

export const CHILD_SCRIPT = fileURLToPath(new URL('./child.js', import.meta.url));

export function launchChild(opts: LaunchOptions): ChildProcess {
  const args = [
    '--experimental-permission',
    // One flag per path: Node 20.19+ reads a comma as part of the path.
    ...readAllowance(opts).map((p) => `--allow-fs-read=${p}`),
    `--max-old-space-size=${opts.memoryMb}`,
    // Needed so a vm Script's importModuleDynamically hook is honoured (it denies import()).
    '--experimental-vm-modules',
    '--disallow-code-generation-from-strings',
    '--no-warnings',
    CHILD_SCRIPT,
  ];
  return spawn(opts.nodePath, args, {
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    // A fixed, minimal environment: no NODE_OPTIONS from the grader, and a UTC clock so that
    // Date formatting in the student realm cannot depend on the host.
    env: { TZ: 'UTC', LANG: 'C' },
    windowsHide: true,
  });
}
