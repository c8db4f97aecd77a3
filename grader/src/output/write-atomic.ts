import fs from 'node:fs';
import path from 'node:path';
import { fsReason, OutputError } from './output-error.js';

/** The temp file a write goes through: a dot file next to the target, named by pid. */
export function tempNameFor(file: string, pid = process.pid): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${pid}.tmp`);
}

/**
 * Writes `text` to `file` through a temp file in the same folder and a rename, so a reader
 * (or a kill in the middle) sees the old file, no file, or the whole new one, never a
 * truncated one. `label` names the output in the one-line error.
 */
export function writeAtomic(file: string, text: string, label: string = file): void {
  if (typeof file !== 'string' || file === '') throw new Error('writeAtomic: pass the path of the file to write');
  if (typeof text !== 'string') throw new Error('writeAtomic: pass the text to write as a string');
  const tmp = tempNameFor(file);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w', 0o644);
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw new OutputError(`${label}: cannot write: ${fsReason(e)}`);
  }
}
