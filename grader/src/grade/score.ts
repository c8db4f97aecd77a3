import type { GradeReport, GroupGrade, TestGrade, TestStatus } from './model.js';

/** A test's points: all for a pass, all or none for an unknown result as the assignment says, none otherwise. */
export function testScore(status: TestStatus, maxScore: number, unknownScore: 'full' | 'zero'): number {
  if (status === 'passed') return maxScore;
  return status === 'unknown' && unknownScore === 'full' ? maxScore : 0;
}

/** Sums test scores into groups and a total (bonus groups included). A test scores all its points or none. */
export function totals(tests: readonly TestGrade[], groups: readonly { name: string; points: number; bonus: boolean }[]): { score: number; groups: GroupGrade[] } {
  const out = groups.map((g) => ({ name: g.name, score: 0, maxScore: g.points, bonus: g.bonus }));
  for (const t of tests) {
    const g = out.find((x) => x.name === t.group);
    if (g !== undefined) g.score += t.score;
  }
  return { score: out.reduce((s, g) => s + g.score, 0), groups: out };
}

/** True when the submission lost no points anywhere, bonus groups included. */
export function lostNoPoints(r: GradeReport): boolean {
  return r.score >= r.maxScore + r.bonusPoints;
}

/** Points earned in bonus groups. */
export function bonusEarned(r: Pick<GradeReport, 'groups'>): number {
  return r.groups.filter((g) => g.bonus).reduce((s, g) => s + g.score, 0);
}

/** The total as people read it: "30/38", or "38/38 + 6/8 bonus" when the graded tests offer bonus points. */
export function scoreText(r: Pick<GradeReport, 'score' | 'maxScore' | 'bonusPoints' | 'groups'>): string {
  if (r.bonusPoints === 0) return `${r.score}/${r.maxScore}`;
  const bonus = bonusEarned(r);
  return `${r.score - bonus}/${r.maxScore} + ${bonus}/${r.bonusPoints} bonus`;
}

export function passedCount(r: GradeReport): number {
  return r.tests.filter((t) => t.status === 'passed').length;
}
