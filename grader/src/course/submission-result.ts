// What grade-all keeps of one graded submission: results.json (this data) next to report.html.
import fs from 'node:fs';
import path from 'node:path';
import type { GradeReport } from '../grade/index.js';

export interface SubmissionResult {
  student: string;
  assignment: string;
  /** graded: the grader ran (whatever the score); error: it could not (crashed, hung), score 0. */
  status: 'graded' | 'error';
  error: string | null;
  compile: 'ok' | 'error' | null;
  score: number;
  maxScore: number;
  groups: { name: string; score: number; maxScore: number }[];
  tests: { name: string; group: string; status: string; score: number; maxScore: number }[];
  wallMs: number;
}

export function fromReport(student: string, r: GradeReport): SubmissionResult {
  return {
    student,
    assignment: r.assignment.name,
    status: 'graded',
    error: null,
    compile: r.compile.ok ? 'ok' : 'error',
    score: r.score,
    maxScore: r.maxScore,
    groups: r.groups.map((g) => ({ name: g.name, score: g.score, maxScore: g.maxScore })),
    tests: r.tests.map((t) => ({ name: t.name, group: t.group, status: t.status, score: t.score, maxScore: t.maxScore })),
    wallMs: Math.round(r.wallMs),
  };
}

/**
 * Writes a submission's files into a temp folder beside `dir`, then renames it to `dir`: a
 * reader (or a rerun after SIGKILL) sees the whole result or none of it.
 */
export function writeResultDir(dir: string, files: Record<string, string>): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), text);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
}

/** Writes a file by writing a temp file next to it and renaming it. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export function readResult(dir: string): SubmissionResult {
  return JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as SubmissionResult;
}
