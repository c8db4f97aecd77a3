import assert from 'node:assert/strict';
import { replayFlag } from '../../src/course/replay-flag.js';

describe('replay commands of the course tools', () => {
  it('name a simulation run by its seed, a model-checking run by its path, a whole test by nothing', () => {
    assert.equal(replayFlag({ seed: 42 }), ' --seed 42');
    assert.equal(replayFlag({ path: '0.3.1-9f3a01bc' }), ' --path 0.3.1-9f3a01bc');
    assert.equal(replayFlag(null), '');
  });
});
