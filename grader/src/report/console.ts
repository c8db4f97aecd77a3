import type { GradeReport, TestGrade } from '../grade/index.js';
import { passedCount, scoreText } from '../grade/index.js';
import { statusLabel } from './status-label.js';
import { escapeInvisible } from './invisible.js';
import { formatDiagnostic } from '../compile/index.js';

export interface ConsoleOptions {
  color: boolean;
}

function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

const OUTPUT_LINES = 15;

/** Control characters as \uXXXX: text from student code must not move the cursor or recolour the terminal. */
function visible(text: string): string {
  return escapeInvisible(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The student's console output under a failure: a few lines, control characters made visible so it cannot drive the terminal. */
function studentOutput(output: string): string[] {
  const all = output.replace(/\n$/, '').split('\n');
  const shown = all.slice(0, OUTPUT_LINES).map((l) => '      | ' + visible(l));
  const more = all.length > OUTPUT_LINES ? [`      | ... ${all.length - OUTPUT_LINES} more lines (see report.html)`] : [];
  return ['      output of your code:', ...shown, ...more];
}

/** The lines of one test: mark, name, points, time; for a failure its reason, seed and replay command. */
export function consoleTestLines(t: TestGrade, width: number, o: ConsoleOptions): string[] {
  const ok = t.status === 'passed';
  const mark = ok ? paint(o.color, '32', '✓') : t.status === 'unknown' ? paint(o.color, '33', '?') : paint(o.color, '31', '✗');
  const pts = `${t.score}/${t.maxScore}`.padStart(6);
  const runs = t.kind === 'mc' && t.mc !== null ? `${t.mc.unique} states` : t.runs > 1 ? `${t.runs} seeds` : '';
  const lines = [`  ${mark} ${visible(t.name).padEnd(width)} ${pts}  ${seconds(t.wallMs).padStart(6)}  ${paint(o.color, '2', runs)}`];
  if (!ok) {
    const label = t.status === 'failed' ? '' : `[${statusLabel(t)}] `;
    // A multi-line reason (a limit's diagnosis) stays indented under its test.
    const reason = visible(t.message ?? '').split('\n');
    lines.push(`      ${label}${t.where !== null ? `${t.where}: ` : ''}${reason[0]}`, ...reason.slice(1).map((l) => `      ${l}`));
    if (t.seed !== null) lines.push(`      seed ${t.seed}${t.replay !== null ? ` · replay: ${t.replay}` : ''}`);
    else if (t.path !== null) lines.push(`      path ${visible(t.path)}${t.replay !== null ? ` · replay: ${visible(t.replay)}` : ''}`);
    else if (t.replay !== null) lines.push(`      replay: ${t.replay}`);
    if (t.output !== '') lines.push(...studentOutput(t.output));
  }
  return lines;
}

const MAX_DIAGNOSTICS = 20;

/** Warnings of a solution that built (the determinism lint's findings among them), one per line; '' if none. */
export function consoleWarnings(r: GradeReport, o: ConsoleOptions): string {
  const w = r.compile.ok ? r.compile.warnings : [];
  if (w.length === 0) return '';
  const out = [paint(o.color, '33', `  ${w.length} warning${w.length === 1 ? '' : 's'}: the solution builds, but these make runs irreproducible or break later`)];
  for (const d of w.slice(0, MAX_DIAGNOSTICS)) out.push(`    ${formatDiagnostic(d)}`);
  if (w.length > MAX_DIAGNOSTICS) out.push(`    ... and ${w.length - MAX_DIAGNOSTICS} more (see report.html)`);
  return out.join('\n') + '\n';
}

/** After the tests: compile errors or warnings if any, the groups and the total. */
export function consoleSummary(r: GradeReport, o: ConsoleOptions): string {
  const out: string[] = [];
  const warnings = consoleWarnings(r, o);
  if (warnings !== '') out.push(warnings.slice(0, -1));
  if (!r.compile.ok) {
    out.push(paint(o.color, '31', '  compile error: the solution does not build, every test scores 0'));
    for (const e of r.compile.errors.slice(0, 20)) out.push(`    ${e.file}:${e.line}:${e.column}: ${e.message}`);
  }
  out.push('  ' + r.groups.map((g) => `${g.name} ${g.score}/${g.maxScore}${g.bonus ? ' (bonus)' : ''}`).join(' · '));
  const passed = passedCount(r);
  out.push(paint(o.color, '1', `Score: ${scoreText(r)}`) + `  (${passed}/${r.tests.length} tests passed, ${seconds(r.wallMs)})`);
  return out.join('\n') + '\n';
}

export function consoleHeader(assignment: { name: string; title: string }, solution: string): string {
  return `${assignment.name} — ${assignment.title}   (solution: ${solution})\n`;
}

/** The student's view in a terminal: one line per test, each failure's reason, seed and replay command, the total. */
export function renderConsole(r: GradeReport, o: ConsoleOptions = { color: false }): string {
  const width = Math.max(10, ...r.tests.map((t) => t.name.length));
  const lines = r.compile.ok ? r.tests.flatMap((t) => consoleTestLines(t, width, o)) : [];
  return consoleHeader(r.assignment, r.solution) + lines.map((l) => l + '\n').join('') + consoleSummary(r, o);
}
