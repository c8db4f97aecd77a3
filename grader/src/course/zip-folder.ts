// A folder as a zip file, with unix file modes (scripts stay executable) and no symlinks.
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { listFiles } from './tree.js';

/** A fixed time stamp: the same folder gives the same zip. */
const MTIME = new Date(Date.UTC(2000, 0, 1));

/** Zips every regular file under `dir` (sorted, paths relative to it) into `zipFile`, written whole or not at all. */
export async function zipFolder(dir: string, zipFile: string): Promise<{ files: number; bytes: number }> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`zipFolder: ${dir} is not a folder; pass the folder to zip`);
  const zip = new yazl.ZipFile();
  // listFiles skips symlinks (node_modules/.bin): nothing runs through them, and unzip tools disagree about them.
  const files = listFiles(dir);
  for (const rel of files) {
    const mode = fs.statSync(path.join(dir, rel)).mode;
    zip.addFile(path.join(dir, rel), rel, { mtime: MTIME, mode: (mode & 0o111) !== 0 ? 0o100755 : 0o100644 });
  }
  const tmp = `${zipFile}.${process.pid}.tmp`;
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(tmp);
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
    zip.outputStream.pipe(out);
    zip.end();
  }).catch((e: unknown) => {
    fs.rmSync(tmp, { force: true });
    throw e;
  });
  fs.renameSync(tmp, zipFile);
  return { files: files.length, bytes: fs.statSync(zipFile).size };
}
