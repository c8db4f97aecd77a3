import assert from 'node:assert/strict';
import { System } from '../src/index.js';
import { PongServer, RetryingClient } from './fixtures.js';

function pingPong(): System {
  const sys = new System({ seed: 2 });
  sys.addNode('ns');
  sys.addNode('nc');
  sys.addProcess('ns', 'server', () => new PongServer());
  sys.addProcess('nc', 'client', () => new RetryingClient('server', 10));
  return sys;
}

describe('System hooks', () => {
  it('runs a scheduled action as a step at its time, in order with process events', () => {
    const sys = pingPong();
    sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
    sys.scheduleAction(0.5, () => sys.crashNode('ns'));
    sys.stepForDuration(5);
    assert.equal(sys.stats().byProcess['server']!.delivered, 0, 'the PING due at 1.0 was dropped by the crash at 0.5');
    const crash = sys.trace().events.find((e) => e.kind === 'crash')!;
    assert.equal(crash.time, 0.5);
    assert.equal(crash.step, 2);
    assert.equal(sys.hasProcessEvents(), true); // the retry timer
    assert.deepEqual(sys.pendingEvents().map((e) => e.kind), ['timer']);
  });

  it('adds the delay hook to every network message', () => {
    const sys = pingPong();
    const seen: string[] = [];
    sys.setDelayHook((from, to) => {
      seen.push(`${from}->${to}`);
      return 2;
    });
    sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
    sys.stepUntilLocalMessage('client');
    assert.equal(sys.time(), 6);
    assert.deepEqual(seen, ['nc->ns', 'ns->nc']);
  });

  it('runs step hooks after every step and lets buggify decide ctx.buggify', () => {
    const sys = pingPong();
    let steps = 0;
    sys.addStepHook(() => steps++);
    sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
    sys.stepUntilNoEvents();
    assert.equal(steps, sys.stepCount());
  });
});
