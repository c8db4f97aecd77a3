import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameworkLocation } from '../framework-location.js';

export interface LaunchOptions {
  bundlePath: string;
  checksPath: string | null;
  runnerModule: string;
  memoryMb: number;
  readPaths: readonly string[];
  nodePath: string;
}

/** The installed folder of `name` as Node finds it from `fromDir` (a link, kept unresolved). */
function installed(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * grader/dist (child.js, runners), grader/package.json (says the files are ESM) and the
 * node_modules link through which runners import @dsgrade/framework: the resolver must be
 * allowed to read the link itself, not only its target.
 */
function graderPaths(): string[] {
  const distDir = fileURLToPath(new URL('../../', import.meta.url));
  const packageDir = path.dirname(distDir);
  const link = installed(packageDir, '@dsgrade/framework');
  return [distDir, path.join(packageDir, 'package.json'), ...(link === undefined ? [] : [link])];
}

/** The framework's dist and the installed folders of its run-time dependencies (not all of node_modules). */
function frameworkPaths(): string[] {
  const fw = frameworkLocation();
  const manifest = JSON.parse(fs.readFileSync(path.join(fw.packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const out = [fw.distDir, path.join(fw.packageDir, 'package.json')];
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    const dir = installed(fw.packageDir, dep);
    if (dir !== undefined) out.push(dir);
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
  // Both spellings of each path: the permission check sees the path as asked for, links included.
  return [...new Set(paths.flatMap((p) => [path.resolve(p), fs.realpathSync(p)]))];
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
    // For the watchdog thread (handler budget, orphan check); student code cannot reach Worker.
    '--allow-worker',
    '--no-warnings',
    CHILD_SCRIPT,
  ];
  return spawn(opts.nodePath, args, {
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    // A fixed, minimal environment: no NODE_OPTIONS from the grader, and a UTC clock so that
    // Date formatting in the student realm cannot depend on the host.
    env: { TZ: 'UTC', LANG: 'C' },
    windowsHide: true,
    // Its own process group, so the grader can end it and anything it started in one kill.
    detached: true,
  });
}
