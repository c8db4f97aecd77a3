// Small helpers over folders of text files, compared and listed by relative path.
import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, as sorted paths relative to it with `/` separators. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) walk(r);
      else if (d.isFile()) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** True when `dir` holds exactly these files with exactly these contents. */
export function sameTree(dir: string, files: Map<string, string>): boolean {
  const have = listFiles(dir);
  if (have.length !== files.size) return false;
  return have.every((f) => files.get(f) === fs.readFileSync(path.join(dir, f), 'utf8'));
}
