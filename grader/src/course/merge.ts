// `dsgrade merge`: joins the output folders of grade-all shards into one class summary.
import fs from 'node:fs';
import path from 'node:path';
import { finishedResults, writeClassSummary } from './class-summary.js';
import { readManifest, type RunManifest } from './grade-all.js';
import { writeFileAtomic } from './submission-result.js';

/** Copies every shard's submissions into `outDir` and writes its summary.csv and index.html; refuses folders that do not belong together. */
export function mergeShards(shardDirs: string[], outDir: string): { submissions: number } {
  if (!Array.isArray(shardDirs) || shardDirs.length === 0) throw new Error('mergeShards: pass at least one grade-all output folder');
  const manifests: RunManifest[] = shardDirs.map((d) => {
    const m = readManifest(d);
    if (m === null) throw new Error(`mergeShards: ${d} has no grade-all.json; pass folders written by "dsgrade grade-all --out"`);
    return m;
  });
  const first = manifests[0]!;
  manifests.forEach((m, i) => {
    if (m.assignment !== first.assignment || m.fingerprint !== first.fingerprint) {
      throw new Error(`mergeShards: ${shardDirs[i]} graded ${m.assignment} (tests ${m.fingerprint.slice(0, 12)}) but ${shardDirs[0]} graded ${first.assignment} (tests ${first.fingerprint.slice(0, 12)}); merge only shards of one assignment and one version of its tests`);
    }
  });
  const owner = new Map<string, string>();
  for (const d of shardDirs) {
    for (const r of finishedResults(d)) {
      const seen = owner.get(r.student);
      if (seen !== undefined) throw new Error(`mergeShards: submission ${r.student} is in both ${seen} and ${d}; were two shards given the same --shard I/N?`);
      owner.set(r.student, d);
    }
  }
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0 && readManifest(outDir)?.fingerprint !== first.fingerprint) {
    throw new Error(`mergeShards: ${outDir} is not empty; pass a new folder for the merged results`);
  }
  fs.mkdirSync(path.join(outDir, 'submissions'), { recursive: true });
  for (const [student, d] of owner) {
    const target = path.join(outDir, 'submissions', student);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(path.join(d, 'submissions', student), target, { recursive: true });
  }
  writeFileAtomic(path.join(outDir, 'grade-all.json'), JSON.stringify({ ...first, shard: null }, null, 2) + '\n');
  writeClassSummary(outDir, first);
  return { submissions: owner.size };
}
