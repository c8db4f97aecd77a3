// summary.csv and index.html of a class, computed from the results.json files of a grade-all (or merge) folder.
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../report/index.js';
import { readResult, writeFileAtomic, type SubmissionResult } from './submission-result.js';

/** The finished submissions of an output folder, by student name (temp folders of unfinished ones are not results). */
export function finishedResults(outDir: string): SubmissionResult[] {
  const dir = path.join(outDir, 'submissions');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((d) => !d.includes('.tmp-') && fs.existsSync(path.join(dir, d, 'results.json')))
    .sort()
    .map((d) => readResult(path.join(dir, d)));
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per student: score per group, total, compile status, grading status and wall time. */
export function summaryCsv(results: SubmissionResult[], groups: string[]): string {
  const head = ['student', ...groups, 'total', 'max', 'compile', 'status', 'wall_s'];
  const lines = results.map((r) => [
    r.student,
    ...groups.map((g) => r.groups.find((x) => x.name === g)?.score ?? 0),
    r.score,
    r.maxScore,
    r.compile ?? '',
    r.status,
    (r.wallMs / 1000).toFixed(1),
  ]);
  return [head, ...lines].map((l) => l.map(csvCell).join(',')).join('\n') + '\n';
}

let template: Handlebars.TemplateDelegate | undefined;

export function indexHtml(title: string, results: SubmissionResult[], groups: { name: string; maxScore: number }[], maxScore: number): string {
  template ??= Handlebars.compile(fs.readFileSync(new URL('index.hbs', templatesDir('class')), 'utf8'), { strict: false });
  const counts = new Array<number>(maxScore + 1).fill(0);
  for (const r of results) counts[Math.max(0, Math.min(maxScore, Math.round(r.score)))]!++;
  const most = Math.max(1, ...counts);
  const tests = new Map<string, { name: string; group: string; passed: number; total: number }>();
  for (const r of results) {
    for (const t of r.tests) {
      const e = tests.get(t.name) ?? { name: t.name, group: t.group, passed: 0, total: 0 };
      e.total++;
      if (t.status === 'passed') e.passed++;
      tests.set(t.name, e);
    }
  }
  const mean = results.length === 0 ? 0 : results.reduce((s, r) => s + r.score, 0) / results.length;
  return template({
    title,
    count: results.length,
    mean: mean.toFixed(1),
    maxScore,
    errors: results.filter((r) => r.status === 'error').length,
    histogram: counts.map((count, score) => ({ score, count, height: ((100 * count) / most).toFixed(0) })),
    groups,
    rows: results.map((r) => ({
      student: r.student,
      groups: groups.map((g) => r.groups.find((x) => x.name === g.name)?.score ?? 0),
      score: r.score,
      compile: r.status === 'error' ? 'grader error' : r.compile,
      error: r.error,
      wall: (r.wallMs / 1000).toFixed(1),
    })),
    tests: [...tests.values()].map((t) => ({ ...t, percent: t.total === 0 ? 0 : Math.round((100 * t.passed) / t.total) })),
  });
}

export interface ClassInfo {
  title: string;
  groups: { name: string; points: number }[];
  points: number;
}

/** Rewrites summary.csv and index.html of `outDir` from its finished results (each written then renamed). */
export function writeClassSummary(outDir: string, info: ClassInfo): SubmissionResult[] {
  const results = finishedResults(outDir);
  writeFileAtomic(path.join(outDir, 'summary.csv'), summaryCsv(results, info.groups.map((g) => g.name)));
  writeFileAtomic(path.join(outDir, 'index.html'), indexHtml(info.title, results, info.groups.map((g) => ({ name: g.name, maxScore: g.points })), info.points));
  return results;
}
