import type { GradeReport, TestGrade } from '../grade/index.js';
import { statusLabel } from './status-label.js';
import { escapeInvisible } from './invisible.js';

function xml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  return escapeInvisible(s)
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The JUnit element of a test that did not pass: the sandbox's errors are errors, an unknown result is skipped, the rest failures. */
function tagOf(t: TestGrade): 'error' | 'skipped' | 'failure' {
  if (t.status === 'error' && t.errorSource === 'sandbox') return 'error';
  return t.status === 'unknown' ? 'skipped' : 'failure';
}

/** JUnit XML: one testsuite per assignment, one testcase per test; limits and student errors are failures, sandbox errors are errors, unknown results skipped. */
export function toJUnit(r: GradeReport): string {
  const count = (tag: string) => r.tests.filter((t) => t.status !== 'passed' && tagOf(t) === tag).length;
  const failures = count('failure');
  const errors = count('error');
  const skipped = count('skipped');
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const cases = r.tests.map((t) => {
    const head = `    <testcase classname="${xml(`${r.assignment.name}.${t.group}`)}" name="${xml(t.name)}" time="${secs(t.wallMs)}">`;
    if (t.status === 'passed') return `${head}</testcase>`;
    const tag = tagOf(t);
    const body = [t.message ?? '', t.where !== null ? `at ${t.where}` : '', t.replay !== null ? `replay: ${t.replay}` : ''].filter((x) => x !== '').join('\n');
    return `${head}\n      <${tag} type="${xml(statusLabel(t))}" message="${xml((t.message ?? t.status).slice(0, 500))}">${xml(body)}</${tag}>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dsgrade" tests="${r.tests.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(r.wallMs)}">`,
    `  <testsuite name="${xml(r.assignment.name)}" tests="${r.tests.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(r.wallMs)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
