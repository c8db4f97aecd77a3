// A package-lock.json for a folder that installs the packed dsgrade tarballs, so `npm ci --offline` needs no registry.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  optional?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [k: string]: unknown;
}

export interface Tarball {
  /** Package name, e.g. @dsgrade/grader. */
  name: string;
  /** The tarball's path as package.json names it, relative to the installing folder (file:vendor/x.tgz). */
  spec: string;
  /** Where the tarball is now, to read its manifest and integrity. */
  file: string;
  manifest: { version: string; dependencies?: Record<string, string>; bin?: Record<string, string> };
}

/**
 * The lock of the install the grader runs from: the project's package-lock.json (it lists every
 * platform's optional packages, as npm ci insists), else npm's record of what it installed,
 * node_modules/.package-lock.json. Both give each dependency's integrity, which is all
 * `npm ci --offline` needs to take it from npm's cache.
 */
function installedLock(): Record<string, LockEntry> {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    for (const f of [path.join(dir, 'package-lock.json'), path.join(dir, 'node_modules', '.package-lock.json')]) {
      if (fs.existsSync(f)) return (JSON.parse(fs.readFileSync(f, 'utf8')) as { packages: Record<string, LockEntry> }).packages;
    }
    if (path.dirname(dir) === dir) throw new Error('offlineLockfile: no package-lock.json above the grader; install dsgrade with npm first');
  }
}

function integrity(file: string): string {
  return 'sha512-' + crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64');
}

/** The npm registry's tarball URL of the package installed at lockfile key `key`. */
function registryTarball(key: string, version: string): string {
  const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return `https://registry.npmjs.org/${name}/-/${name.split('/').pop()!}-${version}.tgz`;
}

/** Finds where `dep`, required by the package at `from`, is installed (node's lookup, in lockfile keys). */
function locate(lock: Record<string, LockEntry>, from: string, dep: string): string | undefined {
  for (let at = from; ; ) {
    const key = at === '' ? `node_modules/${dep}` : `${at}/node_modules/${dep}`;
    if (lock[key] !== undefined) return key;
    if (at === '') return undefined;
    const i = at.lastIndexOf('/node_modules/');
    at = i < 0 ? '' : at.slice(0, i);
  }
}

/** The lockfile (v3) of a package whose only dependencies are the given dsgrade tarballs. */
export function offlineLockfile(rootName: string, tarballs: Tarball[]): string {
  const installed = installedLock();
  const packages: Record<string, LockEntry> = {
    '': { name: rootName, dependencies: Object.fromEntries(tarballs.map((t) => [t.name, t.spec])) },
  };
  const own = new Set(tarballs.map((t) => t.name));
  const queue: [from: string, deps: Record<string, string>, optional: boolean][] = [];
  for (const t of tarballs) {
    const key = `node_modules/${t.name}`;
    const deps = t.manifest.dependencies ?? {};
    packages[key] = {
      version: t.manifest.version,
      resolved: t.spec,
      integrity: integrity(t.file),
      ...(Object.keys(deps).length > 0 ? { dependencies: deps } : {}),
      ...(t.manifest.bin !== undefined ? { bin: t.manifest.bin } : {}),
    };
    queue.push(['', Object.fromEntries(Object.entries(deps).filter(([d]) => !own.has(d))), false]);
  }
  while (queue.length > 0) {
    const [from, deps, optional] = queue.shift()!;
    for (const dep of Object.keys(deps)) {
      const key = locate(installed, from, dep);
      // An optional dependency for another platform (esbuild's binaries) is not installed here; npm skips it too.
      if (key === undefined || installed[key]!.link === true) {
        if (optional) continue;
        throw new Error(`offlineLockfile: ${dep} (needed by ${from || 'dsgrade'}) is not installed next to the grader; run npm install first`);
      }
      if (packages[key] !== undefined) continue;
      const { dev: _d, devOptional: _o, peer: _p, ...entry } = installed[key]!;
      // An entry without `resolved` makes npm fetch the package's metadata to find its tarball: name it.
      if (entry.resolved === undefined && entry.version !== undefined) entry.resolved = registryTarball(key, entry.version);
      packages[key] = entry;
      if (entry.dependencies !== undefined) queue.push([key, entry.dependencies, optional]);
      if (entry.optionalDependencies !== undefined) queue.push([key, entry.optionalDependencies, true]);
    }
  }
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
  return JSON.stringify({ name: rootName, lockfileVersion: 3, requires: true, packages: sorted }, null, 2) + '\n';
}

/** Reads a packed tarball's package.json (npm pack names them `dsgrade-<name>-<version>.tgz`). */
export function readTarball(file: string, spec: string): Tarball {
  const base = path.basename(file);
  const m = /^dsgrade-(framework|grader)-.+\.tgz$/.exec(base);
  if (m === null || !fs.existsSync(file)) throw new Error(`readTarball: ${file} is not a dsgrade tarball; pass the output of "npm pack -w framework -w grader"`);
  const manifest = JSON.parse(execFileSync('tar', ['-xOzf', file, 'package/package.json'], { encoding: 'utf8' })) as Tarball['manifest'] & { name: string };
  return { name: manifest.name, spec, file, manifest };
}
