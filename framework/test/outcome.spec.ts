import assert from 'node:assert/strict';
import { ModelChecker, searchOutcome, System, type StateView } from '../src/index.js';
import { PongServer, RetryingClient } from './fixtures.js';

function pingPong(): System {
  const sys = new System({ seed: 0 });
  sys.addNode('n1');
  sys.addNode('n2');
  sys.addProcess('n1', 'server', () => new PongServer());
  sys.addProcess('n2', 'client', () => new RetryingClient('server'));
  sys.sendLocalMessage('client', { type: 'GO', data: 'x' });
  return sys;
}

const served = (max: number) => ({ name: 'servedAtMost', test: (v: StateView) => ((v.state('server') as { served: number }).served <= max ? true : `served ${(v.state('server') as { served: number }).served}`) });

describe('searchOutcome', () => {
  it('maps a search stopped at a limit to limit, or to unknown with passOnLimit — never to passed', () => {
    const r = new ModelChecker(pingPong(), { maxStates: 3 }).run();
    assert.equal(r.status, 'limitReached');
    assert.equal(searchOutcome(r, { passOnLimit: false }).status, 'limit');
    const unknown = searchOutcome(r, { passOnLimit: true, limitName: (l) => `max-${l}` });
    assert.equal(unknown.status, 'unknown');
    assert.equal(unknown.status === 'unknown' && unknown.limit, 'max-states');
    assert.equal(unknown.status === 'unknown' && unknown.value, 3);
  });

  it('maps a violated invariant to failed, naming it and where the search is written', () => {
    const at = { file: 'a/tests/mc.yaml', line: 4, column: 3 };
    const r = new ModelChecker(pingPong(), { invariant: [served(0)], maxDepth: 6 }).run();
    const o = searchOutcome(r, { passOnLimit: false, at });
    assert.equal(o.status, 'failed');
    if (o.status !== 'failed') return;
    assert.equal(o.check, 'servedAtMost');
    assert.deepEqual(o.at, at);
    assert.match(o.message, /^invariant servedAtMost violated after \d+ steps: served 1$/);
  });
});
