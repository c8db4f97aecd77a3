import { decodeReplayToken } from '@dsgrade/framework';
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { GradeReport, TestGrade } from '../grade/index.js';
import { bonusEarned, passedCount } from '../grade/index.js';
import { statusLabel } from './status-label.js';
import { templatesDir } from './templates-dir.js';
import { renderTraceViewer } from './trace-viewer/index.js';
import { escapeInvisible } from './invisible.js';

// From grader/dist/src/report/ up to the repository root.

let template: Handlebars.TemplateDelegate | undefined;
let css: string | undefined;

function runsText(t: TestGrade): string {
  if (t.kind === 'mc') return t.mc === null ? 'model check' : `${t.mc.unique} states`;
  return t.runs === 1 ? '1 seed' : `${t.runs} seeds`;
}

function mcText(t: TestGrade): string {
  if (t.mc === null) return '';
  const m = t.mc;
  return `Model checking: ${m.status}, ${m.states} states explored (${m.unique} unique), depth ${m.maxDepth}, ${Math.round(m.statesPerSec)} states/s`;
}

/** What the shown run is: a sim test's seed, or the length of a model-checking path (its token is in the replay command). */
function runLabel(t: TestGrade): string {
  if (t.seed !== null) return `seed ${t.seed}`;
  if (t.path === null) return 'model check';
  const events = decodeReplayToken(t.path).steps.filter((s) => 'choice' in s).length;
  return `path of ${events} event${events === 1 ? '' : 's'}`;
}

function viewer(t: TestGrade, index: number): string {
  if (t.trace === null || t.trace.events.length === 0) return '';
  const input: Parameters<typeof renderTraceViewer>[0] = { trace: t.trace, procs: t.procs, title: escapeInvisible(`${t.name} — ${runLabel(t)}`) };
  if (t.failStep !== null) input.failStep = t.failStep;
  if (t.message !== null) input.failMessage = escapeInvisible(t.message);
  return renderTraceViewer(input, `trace-${index}`);
}

/** The report as one self-contained HTML file: scores, failures with seed and replay command, and each failing run's space-time diagram. */
export function renderHtml(r: GradeReport): string {
  template ??= Handlebars.compile(readFileSync(new URL('report.hbs', templatesDir('report')), 'utf8'), { strict: false });
  css ??= readFileSync(new URL('report.css', templatesDir('report')), 'utf8');
  const bonus = bonusEarned(r);
  return template({
    ...r,
    css,
    passed: passedCount(r),
    coreScore: r.score - bonus,
    bonusEarned: bonus,
    testCount: r.tests.length,
    seconds: (r.wallMs / 1000).toFixed(1),
    tests: r.tests.map((t, i) => ({
      ...t,
      name: escapeInvisible(t.name),
      description: escapeInvisible(t.description),
      message: t.message === null ? null : escapeInvisible(t.message),
      output: escapeInvisible(t.output),
      passed: t.status === 'passed',
      unknown: t.status === 'unknown',
      statusText: statusLabel(t),
      hidden: t.visibility === 'hidden',
      runsText: runsText(t),
      mcText: mcText(t),
      seconds: (t.wallMs / 1000).toFixed(2),
      seedText: t.seed === null ? '' : String(t.seed),
      pathText: t.path ?? '',
      viewer: t.status === 'passed' ? '' : viewer(t, i),
    })),
  });
}
