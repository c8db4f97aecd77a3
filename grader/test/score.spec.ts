import assert from 'node:assert/strict';
import { testScore } from '../src/grade/score.js';

describe('testScore', () => {
  it('gives a pass all its points and a failure, limit or error none', () => {
    assert.equal(testScore('passed', 3, 'zero'), 3);
    for (const s of ['failed', 'limit', 'error'] as const) assert.equal(testScore(s, 3, 'full'), 0);
  });

  it('scores an unknown result as the assignment says: full by default, or zero', () => {
    assert.equal(testScore('unknown', 3, 'full'), 3);
    assert.equal(testScore('unknown', 3, 'zero'), 0);
  });
});
