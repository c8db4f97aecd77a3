import assert from 'node:assert/strict';
import type { TestRun } from '../src/contract/index.js';
import { parseTestRun } from '../src/grade/parse-test-run.js';

const run: TestRun = {
  test: 't',
  kind: 'sim',
  outcome: { status: 'failed', check: 'received', message: 'server received 0', at: { file: 'a/tests/t.yaml', line: 3, column: 5 } },
  runs: 2,
  failingSeeds: [1],
  shown: { seed: 1, outcome: { status: 'passed' }, counters: { messages: 1, steps: 2, simTime: 0.5, wallMs: 1 }, trace: { seed: 1, events: [] }, failStep: 2 },
  counters: { messages: 2, steps: 4, simTime: 1, wallMs: 2 },
  mc: null,
  procs: [{ id: 'p', node: 'n' }],
  coverage: { 'fast echo': 1 },
  outputFrom: null,
  token: null,
};

/** A deep copy of `run` with one change. */
function forged(change: (r: Record<string, unknown>) => void): unknown {
  const r = JSON.parse(JSON.stringify(run)) as Record<string, unknown>;
  change(r);
  return r;
}

describe('parseTestRun (the contract the parent checks)', () => {
  it('accepts a well-formed answer as it came over the pipe', () => {
    assert.deepEqual(parseTestRun(JSON.parse(JSON.stringify(run)), 't'), run);
  });

  it('rejects statuses, error sources and fields that are not in the contract', () => {
    const cases: [string, (r: Record<string, unknown>) => void, RegExp][] = [
      ['an unknown status', (r) => (r.outcome = { status: 'excellent' }), /malformed data \(\/outcome/],
      ['a status parsed from text', (r) => (r.outcome = { status: 'error', source: 'teacher', message: 'x', proc: null }), /malformed data \(\/outcome/],
      ['an outcome without its data', (r) => (r.outcome = { status: 'limit', message: 'x' }), /malformed data \(\/outcome/],
      ['a missing field', (r) => delete r.counters, /malformed data/],
      ['a negative counter', (r) => ((r.counters as { steps: number }).steps = -1), /malformed data \(\/counters\/steps/],
      ['mc figures of the wrong shape', (r) => (r.mc = { status: 'exhausted' }), /malformed data \(\/mc/],
    ];
    for (const [what, change, why] of cases) assert.match(String(parseTestRun(forged(change), 't')), why, what);
  });

  it('rejects an answer for another test', () => {
    assert.equal(parseTestRun(forged((r) => (r.test = 'u')), 't'), 'the sandbox answered for test "u" instead of "t"');
  });
});
