import assert from 'node:assert/strict';
import { simView, System } from '../src/index.js';
import { PongServer, RetryingClient } from './fixtures.js';

describe('simView', () => {
  it('reads the running system live: time, fields, local messages, pending events and counters', () => {
    const sys = new System({ seed: 1, network: { minDelay: 1, maxDelay: 1 } });
    sys.addNode('n1');
    sys.addNode('n2');
    sys.addProcess('n1', 'server', () => new PongServer());
    sys.addProcess('n2', 'client', () => new RetryingClient('server'));
    const view = simView(sys);
    sys.sendLocalMessage('client', { type: 'GO', data: 'x' });
    sys.step();
    assert.deepEqual(view.processIds().sort(), ['client', 'server']);
    assert.equal(view.localMessages('client').length, 0);
    assert.ok(view.pending().length > 0, 'the PING is in flight');
    sys.stepUntilNoEvents(100);
    assert.equal(view.time, sys.time());
    assert.ok(view.time >= 2, 'a round trip of two 1 s hops');
    assert.deepEqual(view.localMessages('client'), [{ type: 'PONG', data: 'x' }]);
    assert.equal((view.state('server') as { served: number }).served, 1);
    assert.equal(view.stats()?.steps, sys.stepCount());
    sys.crashNode('n1');
    assert.equal(view.state('server'), null, 'a crashed node has no state');
  });
});
