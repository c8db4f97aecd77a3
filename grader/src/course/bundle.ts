// A self-contained grading folder: one assignment with its hidden tests, and dsgrade installed beside it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { offlineLockfile, readTarball } from './offline-lock.js';
import { packSelf } from './pack-self.js';

export interface BundleOptions {
  /** The two `npm pack` tarballs to install (default: the running dsgrade, packed). */
  tarballs?: string[];
  /** The platform the bundle runs on, for esbuild's native binary (default linux/x64, as Gradescope's and most graders' containers). */
  os?: string;
  cpu?: string;
}

export interface Bundle {
  /** The assignment's folder name: `dsgrade grade NAME` finds it under the bundle's assignments/. */
  name: string;
  /** The Node version that built the bundle (what the bundle's scripts ask for). */
  node: string;
}

/** Folders an instructor keeps that grading never reads. */
const LEFT_OUT = new Set(['reference', 'mutants', 'dsgrade-out', 'node_modules']);

/**
 * Writes `outDir`: assignments/NAME/ (all of it but reference/ and mutants/: hidden tests
 * included, so never give a bundle to students), vendor/ with the dsgrade tarballs, and
 * node_modules/ installed from them with a lockfile, so grading needs no network.
 */
export function writeBundle(assignmentDir: string, outDir: string, opts: BundleOptions = {}): Bundle {
  if (!fs.existsSync(path.join(assignmentDir, 'assignment.yaml'))) throw new Error(`writeBundle: no assignment.yaml in ${assignmentDir}; pass an assignment folder`);
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) throw new Error(`writeBundle: ${outDir} is not empty; pass a new or empty folder`);
  const name = path.basename(path.resolve(assignmentDir));
  fs.mkdirSync(path.join(outDir, 'vendor'), { recursive: true });
  fs.cpSync(assignmentDir, path.join(outDir, 'assignments', name), {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(assignmentDir, src).split(path.sep);
      return !LEFT_OUT.has(rel[0]!);
    },
  });
  const packDir = opts.tarballs === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-pack-')) : null;
  try {
    const tarballs = (opts.tarballs ?? packSelf(packDir!)).map((f) => {
      const file = path.basename(f);
      fs.copyFileSync(f, path.join(outDir, 'vendor', file));
      return readTarball(f, `file:vendor/${file}`);
    });
    if (tarballs.length !== 2) throw new Error(`writeBundle: pass the two tarballs of "npm pack -w framework -w grader", got ${tarballs.length}`);
    const manifest = { name: 'dsgrade-autograder', private: true, type: 'module', dependencies: Object.fromEntries(tarballs.map((t) => [t.name, t.spec])) };
    fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    fs.writeFileSync(path.join(outDir, 'package-lock.json'), offlineLockfile(manifest.name, tarballs));
  } finally {
    if (packDir !== null) fs.rmSync(packDir, { recursive: true, force: true });
  }
  // Install scripts are skipped: esbuild's only checks its binary for *this* machine, which may not be the grader's.
  const args = ['ci', '--ignore-scripts', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', `--os=${opts.os ?? 'linux'}`, `--cpu=${opts.cpu ?? 'x64'}`];
  const r = spawnSync('npm', args, { cwd: outDir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`writeBundle: "npm ${args.join(' ')}" in ${outDir} failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-5).join('\n')}`);
  return { name, node: process.versions.node };
}
