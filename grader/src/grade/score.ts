import type { GradeReport, GroupGrade, TestGrade, TestStatus } from './model.js';

/** A test's points: all for a pass, all or none for an unknown result as the assignment says, none otherwise. */
export function testScore(status: TestStatus, maxScore: number, unknownScore: 'full' | 'zero'): number {
  if (status === 'passed') return maxScore;
  return status === 'unknown' && unknownScore === 'full' ? maxScore : 0;
}

/** Sums test scores into groups and a total. A test scores all its points or none. */
export function totals(tests: readonly TestGrade[], groups: readonly { name: string; points: number }[]): { score: number; groups: GroupGrade[] } {
  const out = groups.map((g) => ({ name: g.name, score: 0, maxScore: g.points }));
  for (const t of tests) {
    const g = out.find((x) => x.name === t.group);
    if (g !== undefined) g.score += t.score;
  }
  return { score: out.reduce((s, g) => s + g.score, 0), groups: out };
}

export function passedCount(r: GradeReport): number {
  return r.tests.filter((t) => t.status === 'passed').length;
}
