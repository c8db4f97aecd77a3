import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onExit } from '../on-exit.js';
import { processAlive } from '../process-alive.js';

/** Temp folders are named dsgrade-<pid>-XXXXXX so a later run can tell whose they were. */
const PREFIX = 'dsgrade-';
const NAME = /^dsgrade-(\d+)-[A-Za-z0-9]{6}$/;

/** Removes temp folders of this user left by a grader that no longer runs (killed with SIGKILL). */
export function sweepStaleWorkDirs(root = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = NAME.exec(name);
    if (m === null || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    const dir = path.join(root, name);
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another grader may be sweeping the same folder.
    }
  }
  return removed;
}

export interface WorkDir {
  path: string;
  remove(): void;
}

/** A fresh temp folder for one submission, removed by `remove()` or, failing that, when the process ends. */
export function makeWorkDir(root = os.tmpdir()): WorkDir {
  sweepStaleWorkDirs(root);
  const dir = fs.mkdtempSync(path.join(root, `${PREFIX}${process.pid}-`));
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
  const unregister = onExit(remove);
  return {
    path: dir,
    remove() {
      unregister();
      remove();
    },
  };
}
