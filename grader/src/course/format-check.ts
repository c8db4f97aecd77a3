// Console text of an AssignmentCheck.
import type { AssignmentCheck } from './check-assignment.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

export function formatCheck(c: AssignmentCheck): string {
  const lines: string[] = [`${c.assignment}: reference tests (wall time of one grading)`];
  const width = Math.max(8, ...c.tests.map((t) => t.name.length));
  for (const t of c.tests) lines.push(`  ${t.name.padEnd(width)}  ${seconds(t.wallMs).padStart(7)}  ${t.runs} run${t.runs === 1 ? '' : 's'}`);
  lines.push(`  ${'total'.padEnd(width)}  ${seconds(c.tests.reduce((s, t) => s + t.wallMs, 0)).padStart(7)}  (grading with compile: ${seconds(c.referenceMs)})`);
  if (c.pythonReferenceMs !== null) lines.push(`  Python reference (python/reference/), grading with its checks: ${seconds(c.pythonReferenceMs)}`);
  if (c.mutants.length > 0) {
    lines.push(`mutants (${c.mutants.length})`);
    const mw = Math.max(...c.mutants.map((m) => m.name.length));
    for (const m of c.mutants) {
      const mark = m.problem === null ? '✓' : '✗';
      const on = m.graded === 'kills' ? ' on its kills' : '';
      lines.push(`  ${mark} ${m.name.padEnd(mw)}  ${m.score}/${m.maxScore}${on}  fails ${m.failed.join(', ') || 'nothing'}  ${seconds(m.wallMs)}`);
    }
  }
  if (c.problems.length === 0) {
    lines.push(`OK: ${c.assignment} is sound (${seconds(c.totalMs)}: skeleton ${seconds(c.phases.skeletonMs)}, reference twice and mutants ${seconds(c.phases.gradingsMs)})`);
  } else {
    lines.push(`${c.problems.length} problem${c.problems.length === 1 ? '' : 's'} in ${c.assignment}:`);
    for (const p of c.problems) lines.push(`  - ${p}`);
  }
  return lines.join('\n') + '\n';
}
