import { escapeInvisible } from './invisible.js';
import type { GradeReport } from '../grade/model.js';

function xml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  return escapeInvisible(s)
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** JUnit XML: one testsuite per assignment, one testcase per test; limits and student errors are failures, sandbox errors are errors. */
export function toJUnit(r: GradeReport): string {
  const failures = r.tests.filter((t) => t.status !== 'passed' && t.status !== 'sandboxError').length;
  const errors = r.tests.filter((t) => t.status === 'sandboxError').length;
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const cases = r.tests.map((t) => {
    const head = `    <testcase classname="${xml(`${r.assignment.name}.${t.group}`)}" name="${xml(t.name)}" time="${secs(t.wallMs)}">`;
    if (t.status === 'passed') return `${head}</testcase>`;
    const tag = t.status === 'sandboxError' ? 'error' : 'failure';
    const body = [t.message ?? '', t.where !== null ? `at ${t.where}` : '', t.replay !== null ? `replay: ${t.replay}` : ''].filter((x) => x !== '').join('\n');
    return `${head}\n      <${tag} type="${t.status}" message="${xml((t.message ?? t.status).slice(0, 500))}">${xml(body)}</${tag}>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dsgrade" tests="${r.tests.length}" failures="${failures}" errors="${errors}" time="${secs(r.wallMs)}">`,
    `  <testsuite name="${xml(r.assignment.name)}" tests="${r.tests.length}" failures="${failures}" errors="${errors}" time="${secs(r.wallMs)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
