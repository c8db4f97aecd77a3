import fs from 'node:fs';
import path from 'node:path';
import { fsReason, OutputError } from './output-error.js';
import { processAlive } from '../process-alive.js';

export interface OutputTarget {
  /** How the user named it, for messages: `--json results.json`. */
  label: string;
  /** The file that will be written. */
  file: string;
  /** True when the label names the file's folder (`--out DIR`), not the file. */
  labelIsFolder?: boolean;
}

const TEMP = /^\.(.+)\.(\d+)\.tmp$/;

function exists(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Makes `dir` and its missing parents one level at a time (Node's recursive mkdir loops for
 * ever on some paths, e.g. under /proc), checking that what exists is a folder.
 */
function ensureFolder(label: string, dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    const st = exists(at);
    if (st !== undefined) {
      if (!st.isDirectory()) throw new OutputError(at === path.resolve(dir) ? `${label}: is a file` : `${label}: ${at} is a file, not a folder`);
      break;
    }
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && exists(d)?.isDirectory() === true) continue;
      throw new OutputError(`${label}: cannot create folder ${d}: ${fsReason(e)}`);
    }
  }
}

/** Temp files of an earlier write of `file` whose writer is gone (killed mid-write). */
function removeStaleTemps(file: string): void {
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m === null || m[1] !== base || processAlive(Number(m[2]))) continue;
    fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

/**
 * Checks every output path before any test runs, creates the folders, and deletes outputs
 * of an earlier run, so a result on disk is always the result of the run that wrote it.
 * Throws an OutputError with one line naming the option, the path and the reason.
 */
export function prepareOutputs(targets: readonly OutputTarget[]): void {
  if (!Array.isArray(targets)) throw new Error('prepareOutputs: pass a list of { label, file }');
  const seen = new Map<string, string>();
  for (const t of targets) {
    const file = path.resolve(t.file);
    const other = seen.get(file);
    if (other !== undefined) throw new OutputError(`${t.label}: the same file as ${other}; give each output its own file`);
    seen.set(file, t.label);
    const st = exists(file);
    const what = t.labelIsFolder === true ? `${path.basename(file)} in it` : 'it';
    if (st?.isDirectory() === true) throw new OutputError(`${t.label}: ${t.labelIsFolder === true ? `${what} is a folder` : 'is a folder; name a file'}`);
    if (st !== undefined && !st.isFile()) throw new OutputError(`${t.label}: ${what} is not a regular file`);
    ensureFolder(t.label, path.dirname(file));
    removeStaleTemps(file);
    // Proves the folder is writable now, rather than after all the grading.
    const probe = path.join(path.dirname(file), `.dsgrade-probe.${process.pid}`);
    try {
      fs.writeFileSync(probe, '', { flag: 'w' });
      fs.rmSync(probe, { force: true });
      if (st !== undefined) fs.rmSync(file, { force: true });
    } catch (e) {
      fs.rmSync(probe, { force: true });
      throw new OutputError(`${t.label}: cannot write in ${path.dirname(file)}: ${fsReason(e)}`);
    }
  }
}
