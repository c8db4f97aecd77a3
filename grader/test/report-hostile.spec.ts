import assert from 'node:assert/strict';
import type { GradeReport, TestGrade } from '../src/grade/model.js';
import { renderConsole } from '../src/report/console.js';
import { renderHtml } from '../src/report/html.js';
import { toJUnit } from '../src/report/junit.js';
import { renderTraceText } from '../src/report/trace-text.js';

// "score 0" written with a right-to-left override: it would display reversed.
const BIDI = 'score \u202e0 erocs\u202c, \u2066isolated\u2069 zero\u200bwidth \ufeffbom';
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b\ufeff]/;

function grade(): TestGrade {
  return {
    name: `t\u202e1`, description: 'd', kind: 'sim', group: 'g', score: 0, maxScore: 1, visibility: 'visible',
    status: 'failed', errorSource: null, message: `expected ${BIDI}`, where: null, seed: 1, runs: 1, replay: 'replay', path: null,
    wallMs: 1, counters: null, mc: null, output: `log ${BIDI}\n`,
    trace: { seed: 1, events: [{ kind: 'local-out', step: 1, time: 0, proc: 'a', type: `T\u202e`, data: { [`k\u2067`]: BIDI } }] },
    failStep: 1, procs: [{ id: 'a', node: 'n' }],
  };
}

const report: GradeReport = {
  assignment: { name: 'a', title: 'A' }, solution: 's', score: 0, maxScore: 1, bonusPoints: 0,
  groups: [{ name: 'g', score: 0, maxScore: 1, bonus: false }],
  tests: [grade()], compile: { ok: true, errors: [], warnings: [] }, wallMs: 1,
};

describe('renderers against bidi controls and invisible characters in student text', () => {
  it('console and the text trace show them as \\uXXXX', () => {
    const text = renderConsole(report) + renderTraceText(report.tests[0]!.trace!, report.tests[0]!.procs);
    assert.doesNotMatch(text, INVISIBLE);
    assert.match(text, /score \\u202e0 erocs\\u202c, \\u2066isolated\\u2069 zero\\u200bwidth \\ufeffbom/);
  });

  it('JUnit XML shows them as \\uXXXX', () => {
    const xml = toJUnit(report);
    assert.doesNotMatch(xml, INVISIBLE);
    assert.match(xml, /\\u202e0 erocs/);
  });

  it('the HTML report (its text and its embedded trace) shows them as \\uXXXX', () => {
    const html = renderHtml(report);
    assert.doesNotMatch(html, INVISIBLE);
    assert.match(html, /\\u202e0 erocs/);
  });
});
