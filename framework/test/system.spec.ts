import assert from 'node:assert/strict';
import { System, StepLimitError, StudentError, type Context, type Message, type Process } from '../src/index.js';
import { Gossiper, PongServer, RetryingClient } from './fixtures.js';

function pingPong(seed: number, network = {}): System {
  const sys = new System({ seed, network });
  sys.addNode('ns');
  sys.addNode('nc');
  sys.addProcess('ns', 'server', () => new PongServer());
  sys.addProcess('nc', 'client', () => new RetryingClient('server'));
  return sys;
}

function gossip(seed: number): System {
  const sys = new System({ seed, network: { minDelay: 0.1, maxDelay: 2, dropRate: 0.2, dupRate: 0.2, corruptRate: 0.05, maxDrift: 0.05 } });
  const ids = ['a', 'b', 'c', 'd'];
  for (const id of ids) {
    sys.addNode(`n-${id}`);
    sys.addProcess(`n-${id}`, id, () => new Gossiper(ids));
  }
  for (const id of ids) sys.sendLocalMessage(id, { type: 'START', data: null });
  sys.stepUntilNoEvents();
  return sys;
}

describe('System', () => {
  describe('determinism', () => {
    it('gives byte-identical traces for the same seed over 1000 seeds of a chatty lossy workload', () => {
      for (let seed = 0; seed < 1000; seed++) {
        const a = JSON.stringify(gossip(seed).trace());
        const b = JSON.stringify(gossip(seed).trace());
        assert.equal(a, b, `seed ${seed} differs`);
      }
    });

    it('gives different traces for different seeds', () => {
      const traces = new Set<string>();
      for (let seed = 0; seed < 50; seed++) traces.add(JSON.stringify(gossip(seed).trace().events));
      assert.equal(traces.size, 50);
    });
  });

  describe('delivery', () => {
    it('delivers over a reliable network after the fixed delay', () => {
      const sys = pingPong(1);
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      assert.deepEqual(sys.stepUntilLocalMessage('client'), [{ type: 'PONG', data: 'x' }]);
      assert.equal(sys.time(), 2);
      const kinds = sys.trace().events.map((e) => e.kind);
      assert.deepEqual(kinds, ['local-in', 'send', 'timer-set', 'deliver', 'send', 'deliver', 'timer-cancel', 'local-out']);
    });

    it('draws delays uniformly within [minDelay, maxDelay]', () => {
      const sys = pingPong(7, { minDelay: 0.5, maxDelay: 1.5 });
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      sys.step();
      assert.ok(sys.time() >= 0.5 && sys.time() <= 1.5, `time ${sys.time()}`);
    });

    it('copies message data at send so later mutation by the sender changes nothing in flight', () => {
      let received: unknown = null;
      const sys = new System({ seed: 1 });
      sys.addNode('n1');
      sys.addNode('n2');
      const payload = { list: [1, 2] };
      sys.addProcess('n1', 'p', () => ({
        onLocalMessage(_m: Message, ctx: Context) {
          ctx.send({ type: 'X', data: payload }, 'q');
          payload.list.push(3);
        },
        onMessage() {},
        onTimer() {},
      }));
      sys.addProcess('n2', 'q', () => ({ onMessage(m: Message) { received = m.data; }, onLocalMessage() {}, onTimer() {} }));
      sys.sendLocalMessage('p', { type: 'GO', data: null });
      sys.stepUntilNoEvents();
      assert.deepEqual(received, { list: [1, 2] });
    });

    it('delivers between processes of one node immediately even when the node is disconnected', () => {
      const sys = new System({ seed: 1, network: { dropRate: 1 } });
      sys.addNode('n');
      sys.addProcess('n', 'server', () => new PongServer());
      sys.addProcess('n', 'client', () => new RetryingClient('server'));
      sys.disconnectNode('n');
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      assert.deepEqual(sys.stepUntilLocalMessage('client'), [{ type: 'PONG', data: 'x' }]);
      assert.equal(sys.time(), 0);
    });

    it('drops, duplicates and corrupts at the configured rates and counts them', () => {
      const sys = new System({ seed: 3, network: { dropRate: 0.3, dupRate: 0.2, corruptRate: 0.1 } });
      sys.addNode('a');
      sys.addNode('b');
      let got = 0;
      const strings: string[] = [];
      sys.addProcess('a', 'src', () => ({
        onLocalMessage(_m: Message, ctx: Context) {
          for (let i = 0; i < 2000; i++) ctx.send({ type: 'M', data: 'hello' }, 'dst');
        },
        onMessage() {},
        onTimer() {},
      }));
      sys.addProcess('b', 'dst', () => ({ onMessage(m: Message) { got++; strings.push(m.data as string); }, onLocalMessage() {}, onTimer() {} }));
      sys.sendLocalMessage('src', { type: 'GO', data: null });
      sys.stepUntilNoEvents();
      const s = sys.stats();
      assert.equal(s.total.sent, 2000);
      assert.ok(Math.abs(s.total.dropped / 2000 - 0.3) < 0.05, `dropped ${s.total.dropped}`);
      assert.ok(Math.abs(s.total.duplicated / (2000 - s.total.dropped) - 0.2) < 0.05, `duplicated ${s.total.duplicated}`);
      assert.equal(got, 2000 - s.total.dropped + s.total.duplicated);
      assert.equal(s.total.delivered, got);
      const corrupted = strings.filter((x) => x !== 'hello').length;
      assert.ok(corrupted > 0 && corrupted >= s.total.corrupted);
      assert.equal(s.byProcess['src']!.sent, 2000);
      assert.equal(s.byType['M']!.bytesSent, 2000 * JSON.stringify({ type: 'M', data: 'hello' }).length);
    });

    it('counts a message\'s bytes as the length of its JSON, for numbers of every shape', () => {
      const numbers = [0, -0, 7, -7, 9, 10, 99, 100, -100, 123456789, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e20 - 65536, 1e20, 1e21, 1e21 - 131072, -1e21, 0.5, -0.25, 1 / 3, 1e-7, 123.456, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE];
      for (const data of [...numbers, numbers, { a: numbers, b: { c: -12, d: 3.5e30 } }]) {
        const sys = new System({ seed: 1 });
        sys.addNode('a');
        sys.addProcess('a', 'src', () => ({ onLocalMessage(_m: Message, ctx: Context) { ctx.send({ type: 'N', data }, 'dst'); }, onMessage() {}, onTimer() {} }));
        sys.addProcess('a', 'dst', () => ({ onMessage() {}, onLocalMessage() {}, onTimer() {} }));
        sys.sendLocalMessage('src', { type: 'GO', data: null });
        assert.equal(sys.stats().total.bytesSent, Buffer.byteLength(JSON.stringify({ type: 'N', data })), `data ${JSON.stringify(data)}`);
      }
    });
  });

  describe('timers', () => {
    function timerSystem(body: (ctx: Context) => void): { sys: System; fired: string[] } {
      const fired: string[] = [];
      const sys = new System({ seed: 1 });
      sys.addNode('n');
      sys.addProcess('n', 'p', () => ({
        onLocalMessage(_m: Message, ctx: Context) { body(ctx); },
        onMessage() {},
        onTimer(name: string, ctx: Context) { fired.push(`${name}@${ctx.time()}`); },
      }));
      sys.sendLocalMessage('p', { type: 'GO', data: null });
      sys.stepUntilNoEvents();
      return { sys, fired };
    }

    it('setTimer re-arms an armed timer', () => {
      assert.deepEqual(timerSystem((c) => { c.setTimer('t', 1); c.setTimer('t', 5); }).fired, ['t@5']);
    });
    it('setTimerOnce keeps an armed timer', () => {
      assert.deepEqual(timerSystem((c) => { c.setTimer('t', 1); c.setTimerOnce('t', 5); }).fired, ['t@1']);
    });
    it('cancelTimer stops it; other timers still fire in deadline order', () => {
      assert.deepEqual(timerSystem((c) => { c.setTimer('a', 2); c.setTimer('b', 1); c.cancelTimer('a'); c.setTimer('c', 3); }).fired, ['b@1', 'c@3']);
    });
    it('rejects a negative delay with a message that says what to pass', () => {
      assert.throws(() => timerSystem((c) => c.setTimer('t', -1)), (e: unknown) => e instanceof StudentError && /ctx\.setTimer: delay must be a finite number of seconds >= 0, got number -1/.test(e.message));
    });
  });

  describe('crash and recover', () => {
    it('drops timers and pending deliveries, disconnects, and restarts from a fresh instance', () => {
      const sys = pingPong(1);
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      sys.step(); // server gets the PING and replies
      assert.equal((sys.processState('server') as { served: number }).served, 1);
      sys.crashNode('nc');
      assert.equal(sys.processState('client'), null);
      assert.deepEqual(sys.pendingEvents(), []);
      const drops = sys.trace().events.filter((e) => e.kind === 'drop');
      assert.equal(drops.length, 1);
      assert.equal(drops[0]!.detail, 'receiver crashed');
      sys.recoverNode('nc');
      assert.deepEqual(sys.processState('client'), { server: 'server', retry: 3, pending: null, got: [] });
      assert.equal(sys.stepUntilNoEvents(), 0);
    });

    it('drops messages sent to a crashed node and ignores local messages to it', () => {
      const sys = pingPong(1);
      sys.crashNode('ns');
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      sys.stepForDuration(10);
      assert.ok(sys.stats().byProcess['client']!.dropped >= 3);
      assert.equal(sys.stats().byProcess['server']!.delivered, 0);
      assert.throws(() => sys.crashNode('ns'), /already crashed/);
    });
  });

  describe('links and partitions', () => {
    it('a disabled link blocks one direction only', () => {
      const sys = pingPong(1);
      sys.disableLink('ns', 'nc');
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      sys.stepForDuration(4);
      const s = sys.stats();
      assert.equal(s.byProcess['server']!.delivered, 2); // PINGs arrive
      assert.equal(s.byProcess['client']!.delivered, 0); // PONGs do not
      sys.enableLink('ns', 'nc');
      assert.deepEqual(sys.stepUntilLocalMessage('client'), [{ type: 'PONG', data: 'x' }]);
    });

    it('a partition blocks both ways and heals with resetNetwork', () => {
      const sys = pingPong(1);
      sys.makePartition(['ns'], ['nc']);
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      sys.stepForDuration(10);
      assert.equal(sys.stats().byProcess['server']!.delivered, 0);
      sys.resetNetwork();
      assert.deepEqual(sys.stepUntilLocalMessage('client'), [{ type: 'PONG', data: 'x' }]);
    });

    it('disconnectNode / connectNode isolate and rejoin a node', () => {
      const sys = pingPong(1);
      sys.disconnectNode('ns');
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      sys.stepForDuration(5);
      assert.equal(sys.stats().byProcess['server']!.delivered, 0);
      sys.connectNode('ns');
      assert.deepEqual(sys.stepUntilLocalMessage('client'), [{ type: 'PONG', data: 'x' }]);
    });
  });

  describe('clock drift', () => {
    it('changes what ctx.time() returns on a node, not when events happen', () => {
      const times: Record<string, number> = {};
      const build = (maxDrift: number) => {
        const sys = new System({ seed: 11, network: { maxDrift } });
        for (const id of ['a', 'b']) {
          sys.addNode(id);
          sys.addProcess(id, id, () => ({
            onLocalMessage(_m: Message, ctx: Context) { ctx.setTimer('t', 10); },
            onMessage() {},
            onTimer(_n: string, ctx: Context) { times[`${maxDrift}-${ctx.self}`] = ctx.time(); },
          }));
          sys.sendLocalMessage(id, { type: 'GO', data: null });
        }
        sys.stepUntilNoEvents();
        return sys.time();
      };
      assert.equal(build(0), 10);
      assert.equal(build(0.1), 10);
      assert.equal(times['0-a'], 10);
      assert.notEqual(times['0.1-a'], 10);
      assert.notEqual(times['0.1-a'], times['0.1-b']);
      assert.ok(Math.abs(times['0.1-a']! - 10) <= 1 && Math.abs(times['0.1-b']! - 10) <= 1);
    });
  });

  describe('stepping limits', () => {
    class Ticker implements Process {
      onLocalMessage(_m: Message, ctx: Context): void { ctx.setTimer('t', 1); }
      onMessage(): void {}
      onTimer(_n: string, ctx: Context): void { ctx.setTimer('t', 1); }
    }
    it('stepUntilNoEvents raises a clear error instead of looping forever', () => {
      const sys = new System({ seed: 1, stepLimit: 100 });
      sys.addNode('n');
      sys.addProcess('n', 'p', () => new Ticker());
      sys.sendLocalMessage('p', { type: 'GO', data: null });
      assert.throws(() => sys.stepUntilNoEvents(), (e: unknown) => e instanceof StepLimitError && /stepUntilNoEvents: still running after 100 steps/.test(e.message));
      assert.throws(() => sys.stepUntilLocalMessage('p', 50), /stepUntilLocalMessage: still running after 50 steps/);
      assert.equal(sys.stepForDuration(10), 10);
      assert.equal(sys.steps(5), 5);
    });
  });

  describe('inspection', () => {
    it('lists pending events in processing order with their contents', () => {
      const sys = pingPong(1);
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      assert.deepEqual(sys.pendingEvents(), [
        { kind: 'deliver', time: 1, to: 'server', from: 'client', id: 1, type: 'PING', data: 'x' },
        { kind: 'timer', time: 3, to: 'client', timer: 'retry' },
      ]);
      assert.deepEqual(sys.activeTimers('client'), ['retry']);
    });

    it('copies a process state once per step: every read in the step shares it, any change of the process makes a new one', () => {
      const sys = pingPong(1);
      const served = (s: unknown) => (s as { served: number }).served;
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      const first = sys.processState('server');
      assert.equal(sys.processState('server'), first, 'the same step: the same copy');
      assert.equal(served(first), 0);
      const before = sys.snapshot();
      sys.step();
      const after = sys.processState('server');
      assert.notEqual(after, first);
      assert.equal(served(after), 1, 'a step: a fresh copy');
      assert.equal(served(first), 0, 'an older copy is not changed');
      sys.restore(before);
      assert.equal(served(sys.processState('server')), 0, 'restore: a fresh copy, though the step count is the same');
      (sys.processInstance('server') as unknown as { served: number }).served = 5;
      assert.equal(served(sys.processState('server')), 5, 'the live instance handed out and changed: a fresh copy');
      sys.crashNode('ns');
      assert.equal(sys.processState('server'), null);
      sys.recoverNode('ns');
      assert.equal(served(sys.processState('server')), 0, 'recovered: the new instance');
    });

    it('with states recorded, a step\'s trace record holds the very copy the checks of that step read', () => {
      const sys = new System({ seed: 1, recordStates: true });
      sys.addNode('ns');
      sys.addNode('nc');
      sys.addProcess('ns', 'server', () => new PongServer());
      sys.addProcess('nc', 'client', () => new RetryingClient('server'));
      sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
      sys.step();
      const last = sys.trace().events.filter((e) => e.state !== undefined).at(-1)!;
      assert.equal(last.proc, 'server');
      assert.equal(sys.processState('server'), last.state);
    });
  });

  describe('bad input', () => {
    const cases: [string, (ctx: Context) => void, RegExp][] = [
      ['unknown process id in send', (c) => c.send({ type: 'X', data: 1 }, 'nobody'), /ctx\.send: unknown process "nobody"; processes are: p/],
      ['non-JSON message data', (c) => c.send({ type: 'X', data: { f: () => 1 } }, 'p'), /message data must be JSON-compatible.*found a function at data\.f/],
      ['NaN in message data', (c) => c.send({ type: 'X', data: [NaN] }, 'p'), /found NaN at data\[0\]/],
      ['a Map in message data', (c) => c.send({ type: 'X', data: new Map() }, 'p'), /found an instance of Map at data/],
      ['message without a type', (c) => c.send({ data: 1 } as unknown as Message, 'p'), /ctx\.send: pass a message object \{ type: string/],
    ];
    for (const [name, act, re] of cases) {
      it(`reports ${name} as a StudentError that says what to fix`, () => {
        const sys = new System({ seed: 1 });
        sys.addNode('n');
        sys.addProcess('n', 'p', () => ({ onLocalMessage(_m: Message, ctx: Context) { act(ctx); }, onMessage() {}, onTimer() {} }));
        assert.throws(() => sys.sendLocalMessage('p', { type: 'GO', data: null }), (e: unknown) => e instanceof StudentError && e.proc === 'p' && re.test(e.message));
      });
    }

    it('rejects duplicate process ids, unknown nodes and bad network options', () => {
      const sys = new System({ seed: 1 });
      sys.addNode('n');
      sys.addProcess('n', 'p', () => new PongServer());
      assert.throws(() => sys.addProcess('n', 'p', () => new PongServer()), /addProcess: process id "p" is already used/);
      assert.throws(() => sys.addProcess('x', 'q', () => new PongServer()), /addProcess: unknown node "x"/);
      assert.throws(() => sys.addNode('n'), /addNode: node "n" already exists/);
      assert.throws(() => sys.setNetwork({ dropRate: 2 }), /setNetwork: dropRate must be a probability in \[0, 1\], got 2/);
      assert.throws(() => sys.setNetwork({ minDelay: 2, maxDelay: 1 }), /maxDelay must be a finite number >= minDelay/);
      assert.throws(() => new System({ seed: -1 }), /seed must be an integer/);
      assert.throws(() => sys.crashNode('zz'), /crashNode: unknown node "zz"; nodes are: n/);
    });
  });
});

describe('Rng', () => {
  it('starts unrelated sequences for neighbouring seeds', async () => {
    const { Rng } = await import('../src/index.js');
    const firsts = Array.from({ length: 64 }, (_, s) => Rng.fromSeed(s).next());
    const mean = firsts.reduce((a, b) => a + b, 0) / firsts.length;
    assert.ok(mean > 0.35 && mean < 0.65, `mean of first draws ${mean}`);
    assert.ok(Math.min(...firsts) < 0.2 && Math.max(...firsts) > 0.8);
    const again = Rng.fromSeed(7);
    const state = again.getState();
    const a = [again.next(), again.next()];
    const b = Rng.fromState(state);
    assert.deepEqual([b.next(), b.next()], a);
  });
});
