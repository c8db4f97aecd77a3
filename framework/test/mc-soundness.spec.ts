import assert from 'node:assert/strict';
import { ModelChecker, System, type Context, type Message, type Process, type StateView } from '../src/index.js';

// Cases where the checker once answered "exhausted" or "goal unreachable" for runs the
// simulator can make: each system here is one the simulator drives into the state in question.

/** Arms `long` (2 s) on GO; a message later makes it arm `short` (1 s). Logs what happens. */
class LongThenShort implements Process {
  log: string[] = [];
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.setTimer('long', 2);
  }
  onMessage(_m: Message, _f: string, ctx: Context): void {
    this.log.push('msg');
    ctx.setTimer('short', 1);
  }
  onTimer(name: string): void {
    this.log.push(name);
  }
}

class SendsX implements Process {
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.send({ type: 'X', data: null }, 'p');
  }
  onMessage(): void {}
  onTimer(): void {}
}

function timerRace(delay: number): System {
  const sys = new System({ seed: 1, network: { minDelay: delay, maxDelay: delay } });
  sys.addNode('n1');
  sys.addNode('n2');
  sys.addProcess('n1', 'p', () => new LongThenShort());
  sys.addProcess('n2', 'q', () => new SendsX());
  sys.sendLocalMessage('p', { type: 'GO', data: null });
  sys.sendLocalMessage('q', { type: 'GO', data: null });
  return sys;
}

const logOf = (s: StateView) => s.process<LongThenShort>('p')!.log.join(',');
const notMsgLongShort = { name: 'log is not msg,long,short', test: (s: StateView) => logOf(s) !== 'msg,long,short' || `log is ${logOf(s)}` };

/** Sends two identical messages on GO. */
class SendsTwice implements Process {
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.send({ type: 'X', data: 1 }, 'r');
    ctx.send({ type: 'X', data: 1 }, 'r');
  }
  onMessage(): void {}
  onTimer(): void {}
}

class Counts implements Process {
  got = 0;
  onMessage(): void {
    this.got++;
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

function twoIdentical(network: Record<string, number>): System {
  const sys = new System({ seed: 2 });
  sys.addNode('n1');
  sys.addNode('n2');
  sys.addProcess('n1', 's', () => new SendsTwice());
  sys.addProcess('n2', 'r', () => new Counts());
  sys.sendLocalMessage('s', { type: 'GO', data: null });
  sys.setNetwork(network);
  return sys;
}

const gotTwo = { name: 'r got both', test: (s: StateView) => s.process<Counts>('r')!.got >= 2 };

/** Pings its peer on GO and on every tick; counts what it received. */
class Ticker implements Process {
  got = 0;
  constructor(private readonly peer: string) {}
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.send({ type: 'PING', data: null }, this.peer);
    ctx.setTimer('tick', 1);
  }
  onMessage(): void {
    this.got++;
  }
  onTimer(_n: string, ctx: Context): void {
    ctx.send({ type: 'PING', data: null }, this.peer);
    ctx.setTimer('tick', 1);
  }
}

function tickers(): System {
  const sys = new System({ seed: 4 });
  sys.addNode('na');
  sys.addNode('nb');
  sys.addProcess('na', 'a', () => new Ticker('b'));
  sys.addProcess('nb', 'b', () => new Ticker('a'));
  sys.sendLocalMessage('a', { type: 'GO', data: null });
  sys.sendLocalMessage('b', { type: 'GO', data: null });
  return sys;
}

describe('ModelChecker soundness (every run the simulator makes is a path the checker explores)', () => {
  describe('timer order', () => {
    it('the simulator reaches msg,long,short with a 1.5 s delay', () => {
      const sys = timerRace(1.5);
      sys.stepUntilNoEvents();
      assert.equal((sys.processState('p')!['log'] as string[]).join(','), 'msg,long,short');
    });

    for (const strategy of ['bfs', 'dfs'] as const) {
      it(`${strategy} finds msg,long,short too: a timer armed later with a shorter delay does not block an earlier one`, () => {
        const r = new ModelChecker(timerRace(0.5), { strategy, invariant: notMsgLongShort }).run();
        assert.equal(r.status, 'invariantViolated');
        if (r.status !== 'invariantViolated') return;
        assert.equal(r.message, 'log is msg,long,short');
        const labels = r.counterexample.path.map((p) => p.label);
        assert.deepEqual(labels.slice(-2), ['timer p:long', 'timer p:short']);
      });
    }

    it('still never fires a timer before one armed earlier with a delay no longer than its own', () => {
      // short (1 s) armed in the same run as long (2 s) must fire first, whatever else happens.
      class Both implements Process {
        log: string[] = [];
        onLocalMessage(_m: Message, ctx: Context): void {
          ctx.setTimer('long', 2);
          ctx.setTimer('short', 1);
        }
        onMessage(): void {}
        onTimer(name: string): void {
          this.log.push(name);
        }
      }
      const sys = new System({ seed: 1 });
      sys.addNode('n');
      sys.addProcess('n', 'p', () => new Both());
      sys.sendLocalMessage('p', { type: 'GO', data: null });
      const r = new ModelChecker(sys, { invariant: (s) => s.process<Both>('p')!.log[0] !== 'long' }).run();
      assert.equal(r.status, 'exhausted');
      assert.equal(r.stats.unique, 3);
    });
  });

  describe('identical messages', () => {
    it('two identical sends on a network that never drops are both delivered, with or without duplication', () => {
      for (const network of [{ dupRate: 0 }, { dupRate: 0.5 }]) {
        const r = new ModelChecker(twoIdentical(network), { goal: gotTwo }).run();
        assert.equal(r.status, 'exhausted', `with ${JSON.stringify(network)}: ${r.status}`);
        assert.ok(r.stats.goalsReached >= 1);
      }
    });

    it('counts identical copies in the view', () => {
      const mc = new ModelChecker(twoIdentical({ dupRate: 0.5 }));
      assert.deepEqual(mc.initialState().view.pending().map((p) => p.count), [2]);
    });

    it('a retry loop on a duplicating, dropping network ends: duplication is bounded', () => {
      const sys = new System({ seed: 5 });
      sys.addNode('n1');
      sys.addNode('n2');
      sys.addProcess('n1', 's', () => new SendsTwice());
      sys.addProcess('n2', 'r', () => new Counts());
      sys.sendLocalMessage('s', { type: 'GO', data: null });
      sys.setNetwork({ dupRate: 0.5, dropRate: 0.5 });
      const r = new ModelChecker(sys, { maxStates: 10_000 }).run();
      assert.equal(r.status, 'exhausted');
      // r.got counts 0..6 deliveries (2 copies, each duplicated up to twice) with copies pending or not.
      assert.ok(r.stats.unique < 200, `${r.stats.unique} states`);
    });
  });

  describe('messages first', () => {
    it('fires no timer while a message can be delivered', () => {
      const free = new ModelChecker(tickers(), { maxDepth: 6 }).run();
      const fast = new ModelChecker(tickers(), { maxDepth: 6, messagesFirst: true }).run();
      assert.ok(fast.stats.unique < free.stats.unique, `messages-first ${fast.stats.unique} vs ${free.stats.unique} states`);
      // Every path of length 3: the two PINGs first (only they are offered), then a tick.
      const r = new ModelChecker(tickers(), { messagesFirst: true, maxDepth: 3, collect: (s) => s.depth === 3 }).run();
      assert.ok(r.collected.length > 0);
      for (const c of r.collected) {
        const labels = c.path().map((p) => p.label);
        assert.deepEqual(labels.slice(0, 2).map((l) => l.split(' ')[0]), ['deliver', 'deliver'], labels.join('; '));
        assert.match(labels[2]!, /^timer /);
      }
      const unordered = new ModelChecker(tickers(), { maxDepth: 1, collect: (s) => s.depth === 1 }).run();
      assert.ok(unordered.collected.some((c) => c.path()[0]!.label.startsWith('timer')), 'without messages-first a tick may come first');
    });
  });

  describe('per-path counters', () => {
    it('prunes on messages sent per process without adding counters to process state', () => {
      const sentAtMost = (n: number) => ({ name: `a sent more than ${n}`, test: (s: StateView) => s.stats().byProcess['a']!.sent > n });
      const r2 = new ModelChecker(tickers(), { prune: sentAtMost(2), maxDepth: 40 }).run();
      const r3 = new ModelChecker(tickers(), { prune: sentAtMost(3), maxDepth: 40 }).run();
      assert.ok(r2.stats.pruned > 0);
      assert.ok(r2.stats.unique < r3.stats.unique);
      const counted = new ModelChecker(tickers(), { maxDepth: 3, collect: (s) => s.depth === 3 }).run();
      for (const c of counted.collected) {
        const st = c.view.stats();
        const fired = st.timerFires['a']! + st.timerFires['b']!;
        const delivered = st.byProcess['a']!.delivered + st.byProcess['b']!.delivered;
        assert.equal(fired + delivered, 3, 'every step is a delivery or a timer firing');
        assert.equal(st.total.sent, fired, 'each tick sends one PING (the first PINGs were sent before the search began)');
        assert.equal(st.steps, 3);
      }
    });

    it('counts drops and duplicates of the path', () => {
      const r = new ModelChecker(twoIdentical({ dropRate: 0.5, dupRate: 0.5 }), { collect: (s) => s.pending().length === 0 }).run();
      const drops = new Set(r.collected.map((c) => c.view.stats().total.dropped));
      assert.deepEqual([...drops].sort(), [0, 1, 2]);
      assert.ok(r.collected.some((c) => c.view.stats().total.duplicated > 0));
    });
  });
});
