// Extracts a zip as an unzip tool does on Linux: every entry under `dest`, with the unix mode it was stored with.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export interface Entry {
  name: string;
  mode: number;
}

/** Unzips `zipFile` into `dest`; returns the entries in the zip's order. */
export async function unzip(zipFile: string, dest: string): Promise<Entry[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(zipFile, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const entries: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      const target = path.join(dest, entry.fileName);
      if (!path.resolve(target).startsWith(path.resolve(dest) + path.sep)) return reject(new Error(`unzip: ${entry.fileName} leaves the folder`));
      const mode = (entry.externalFileAttributes >>> 16) & 0o7777;
      entries.push({ name: entry.fileName, mode });
      if (entry.fileName.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        zip.readEntry();
        return;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        pipeline(stream, fs.createWriteStream(target, { mode: mode || 0o644 })).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
  return entries;
}
