import type { MutationReport } from './outcome.js';

function pct(score: number | null): string {
  return score === null ? 'n/a' : `${(Math.floor(score * 10) / 10).toFixed(1)}%`;
}

/** The console text of one assignment's mutation report; `verbose` lists every mutant's outcome. */
export function formatMutationReport(r: MutationReport, opts: { verbose?: boolean } = {}): string {
  const cached = r.results.filter((x) => x.cached).length;
  const lines = [
    `${r.assignment}: generated-mutant score ${pct(r.score)} (${r.killed} of ${r.killed + r.survived} killed; ` +
      `${r.equivalent} equivalent, ${r.invalid} invalid; ${r.results.length} mutants, ${r.results.length - cached} graded now, ${cached} from cache)`,
  ];
  const survivors = r.results.filter((x) => x.outcome.status === 'survived' && x.equivalent === null);
  if (survivors.length > 0) {
    lines.push(`  survivors (${r.assignment}/reference/):`);
    for (const s of survivors) lines.push(`    ${s.label}`);
  }
  const graderErrors = r.results.filter((x) => x.outcome.status === 'invalid' && !x.outcome.reason.startsWith('does not compile'));
  for (const x of graderErrors) lines.push(`  grader error: ${x.label}: ${x.outcome.status === 'invalid' ? x.outcome.reason : ''}`);
  for (const s of r.staleEquivalents) lines.push(`  stale equivalent (names no generated mutant; update or remove it): ${s}`);
  for (const k of r.killedEquivalents) {
    lines.push(`  listed as equivalent but killed by ${k.outcome.status === 'killed' ? k.outcome.test : '?'} (remove it): ${k.label}`);
  }
  if (opts.verbose === true) {
    lines.push('  every mutant:');
    for (const x of r.results) {
      const o = x.outcome;
      const what = o.status === 'killed' ? `killed by ${o.test} (${o.testStatus})` : o.status === 'invalid' ? `invalid: ${o.reason.split('\n')[0]}` : 'survived';
      lines.push(`    ${x.label}  => ${what}${x.equivalent !== null ? `  [equivalent: ${x.equivalent}]` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}
