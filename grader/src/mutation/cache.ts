import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MutantOutcome } from './outcome.js';

/** Bump when the meaning of a cached outcome changes. */
const FORMAT = 1;

function filesUnder(dir: string, rel = ''): string[] {
  if (!fs.existsSync(path.join(dir, rel))) return [];
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((e) => {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    return e.isDirectory() ? filesUnder(dir, r) : e.isFile() ? [r] : [];
  });
}

/**
 * A hash of everything a mutant's outcome depends on: the reference's files, and the tests that
 * grade it (assignment.yaml, checks.ts, tests/). Skeleton, hand-written mutants and the
 * equivalents list are left out: they change no outcome.
 */
export function assignmentHash(assignmentDir: string, graderVersion: string): string {
  const h = createHash('sha256').update(`dsgrade mutation cache ${FORMAT} ${graderVersion}\n`);
  const parts = [
    ...filesUnder(assignmentDir, 'reference'),
    ...['assignment.yaml', 'checks.ts'].filter((f) => fs.existsSync(path.join(assignmentDir, f))),
    ...filesUnder(assignmentDir, 'tests'),
  ];
  for (const rel of parts) {
    const content = fs.readFileSync(path.join(assignmentDir, rel));
    h.update(`${rel}\0${content.length}\0`).update(content);
  }
  return h.digest('hex');
}

interface CacheFile {
  format: number;
  hash: string;
  results: Record<string, MutantOutcome>;
}

/** Outcomes by mutant key, kept in one JSON file per assignment version under `dir`. */
export class MutationCache {
  private readonly file: string;
  private readonly results: Record<string, MutantOutcome> = {};

  constructor(
    private readonly dir: string,
    name: string,
    private readonly hash: string,
    fresh = false,
  ) {
    this.file = path.join(dir, `${name}-${hash.slice(0, 16)}.json`);
    if (fresh || !fs.existsSync(this.file)) return;
    try {
      const c = JSON.parse(fs.readFileSync(this.file, 'utf8')) as CacheFile;
      if (c.format === FORMAT && c.hash === hash && typeof c.results === 'object' && c.results !== null) this.results = c.results;
    } catch {
      // A cache file cut short by an interrupted run is only lost work, not an error.
    }
  }

  get(key: string): MutantOutcome | undefined {
    return Object.hasOwn(this.results, key) ? this.results[key] : undefined;
  }

  /** Records one outcome and writes the file at once, so an interrupted run resumes where it stopped. */
  set(key: string, outcome: MutantOutcome): void {
    this.results[key] = outcome;
    fs.mkdirSync(this.dir, { recursive: true });
    const body: CacheFile = { format: FORMAT, hash: this.hash, results: this.results };
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(body) + '\n');
    fs.renameSync(tmp, this.file);
  }
}
