import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import type { CompileResult } from './diagnostic.js';

/**
 * A content-addressed cache of compile results (diagnostics and bundles), so a student's
 * rerun of an unchanged solution skips the type check, which is most of `dsgrade test`'s fixed
 * cost. The key covers every input the result depends on: each file of the folder compiled
 * (path and bytes), the options, and the compiler itself (this grader's compile code, the
 * framework's declarations, the TypeScript and esbuild versions). A hit copies the stored
 * bundle files into the caller's outDir, so nothing downstream can tell a hit from a miss.
 */

const FORMAT = 1;
/** Folders too big to hash cheaply are compiled every time. */
const MAX_FILES = 2_000;
const MAX_BYTES = 20 * 1024 * 1024;
/** Entries kept; the oldest beyond this are removed after a store. */
const MAX_ENTRIES = 200;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** The user's cache folder: $DSGRADE_CACHE, else $XDG_CACHE_HOME/dsgrade or ~/.cache/dsgrade; null when turned off (DSGRADE_CACHE=off). */
export function defaultCompileCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const set = env['DSGRADE_CACHE'];
  if (set === 'off' || set === '0') return null;
  if (set !== undefined && set !== '') return path.resolve(set);
  const base = env['XDG_CACHE_HOME'] !== undefined && env['XDG_CACHE_HOME'] !== '' ? env['XDG_CACHE_HOME'] : path.join(os.homedir(), '.cache');
  return path.join(base, 'dsgrade', 'compile');
}

let toolHash: string | null = null;

/**
 * What the compiler is: this grader's compile code, every declaration file of the framework the
 * solution is checked against, and the TypeScript and esbuild versions. Any change starts a new cache.
 */
function compilerHash(frameworkDir: string): string {
  if (toolHash === null) {
    // The compiler's version from its package file: loading TypeScript itself is what a cache hit avoids.
    const tsVersion = (createRequire(import.meta.url)('typescript/package.json') as { version: string }).version;
    const h = createHash('sha256').update(`typescript ${tsVersion} esbuild ${esbuild.version}`);
    const here = path.dirname(fileURLToPath(import.meta.url));
    for (const f of fs.readdirSync(here).sort()) if (f.endsWith('.js')) h.update(f).update(fs.readFileSync(path.join(here, f)));
    for (const f of listFiles(frameworkDir, (n) => n.endsWith('.d.ts')) ?? []) h.update(path.relative(frameworkDir, f)).update(fs.readFileSync(f));
    toolHash = h.digest('hex');
  }
  return toolHash;
}

/** Every file under `root` (sorted, relative), or null when the folder is too big to hash. */
function listFiles(root: string, keep: (file: string) => boolean): string[] | null {
  const out: string[] = [];
  let bytes = 0;
  const walk = (dir: string): boolean => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(e.name)) continue;
        if (!walk(abs)) return false;
      } else if (e.isFile() && keep(e.name)) {
        bytes += fs.statSync(abs).size;
        out.push(abs);
        if (out.length > MAX_FILES || bytes > MAX_BYTES) return false;
      }
    }
    return true;
  };
  return walk(root) ? out : null;
}

export interface CacheRequest {
  /** Where entries live; null compiles without the cache. */
  cacheDir: string | null;
  /** The folder whose files are inputs. */
  rootDir: string;
  /** Which files of rootDir are inputs (by name). */
  inputs: (fileName: string) => boolean;
  /** Options that change the result (entry, classes, determinism...). */
  options: unknown;
  /** The framework's dist/src folder, whose declarations the code is checked against. */
  frameworkDir: string;
  /** Where the caller wants the bundle; a hit copies it here. */
  outDir: string;
}

interface Entry {
  result: CompileResult;
  /** Bundle files of the entry, by name (the bundle and its source map). */
  files: string[];
}

function keyOf(req: CacheRequest): string | null {
  const files = listFiles(req.rootDir, req.inputs);
  if (files === null) return null;
  const h = createHash('sha256').update(JSON.stringify({ FORMAT, compiler: compilerHash(req.frameworkDir), options: req.options }));
  for (const f of files) h.update(path.relative(req.rootDir, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex');
}

function load(dir: string, outDir: string): CompileResult | null {
  try {
    const entry = JSON.parse(fs.readFileSync(path.join(dir, 'entry.json'), 'utf8')) as Entry;
    if (!entry.result.ok) return entry.result;
    fs.mkdirSync(outDir, { recursive: true });
    for (const f of entry.files) fs.copyFileSync(path.join(dir, f), path.join(outDir, f));
    return { ...entry.result, bundlePath: path.join(outDir, path.basename(entry.result.bundlePath)) };
  } catch {
    return null;
  }
}

function store(cacheDir: string, key: string, result: CompileResult, outDir: string): void {
  const tmp = path.join(cacheDir, `.tmp-${process.pid}-${key}`);
  try {
    fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
    const files = result.ok ? fs.readdirSync(outDir).filter((f) => f.startsWith(path.basename(result.bundlePath))) : [];
    for (const f of files) fs.copyFileSync(path.join(outDir, f), path.join(tmp, f));
    const entry: Entry = { result: result.ok ? { ...result, bundlePath: path.basename(result.bundlePath) } : result, files };
    fs.writeFileSync(path.join(tmp, 'entry.json'), JSON.stringify(entry));
    // Whole entries appear by rename: a reader never sees half of one.
    fs.renameSync(tmp, path.join(cacheDir, key));
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
    return;
  }
  prune(cacheDir);
}

function prune(cacheDir: string): void {
  const entries = fs
    .readdirSync(cacheDir)
    .filter((n) => !n.startsWith('.'))
    .map((n) => ({ n, t: fs.statSync(path.join(cacheDir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const e of entries.slice(MAX_ENTRIES)) fs.rmSync(path.join(cacheDir, e.n), { recursive: true, force: true });
}

/** Runs `compile` unless an entry for exactly these inputs exists; stores what it produced. */
export async function cachedCompile(req: CacheRequest, compile: () => Promise<CompileResult>): Promise<CompileResult> {
  if (req.cacheDir === null) return compile();
  const key = keyOf(req);
  if (key === null) return compile();
  const dir = path.join(req.cacheDir, key);
  const hit = fs.existsSync(dir) ? load(dir, req.outDir) : null;
  if (hit !== null) {
    // Touched on use, so pruning removes the least recently used.
    const now = new Date();
    fs.utimesSync(dir, now, now);
    return hit;
  }
  const result = await compile();
  try {
    fs.mkdirSync(req.cacheDir, { recursive: true, mode: 0o700 });
  } catch {
    return result;
  }
  store(req.cacheDir, key, result, req.outDir);
  return result;
}
