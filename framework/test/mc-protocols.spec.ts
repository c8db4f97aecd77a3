import assert from 'node:assert/strict';
import { ModelChecker, type NamedPredicate, type StateView, type TraceEvent } from '../src/index.js';
import { AmoServer, amoSystem, atomic, BuggyServer, twoPhaseCommit, type Participant } from './mc/protocols.js';

const atMostOnce: NamedPredicate = {
  name: 'at-most-once',
  test: (s: StateView) => {
    const executed = s.process<AmoServer>('server')!.executed;
    return Object.values(executed).every((n) => n <= 1) || `server executed ${JSON.stringify(executed)}`;
  },
};

const atomicity: NamedPredicate = {
  name: 'atomicity',
  test: (s: StateView) => {
    const outcomes = ['p1', 'p2'].map((p) => s.process<Participant>(p)!.outcome);
    return atomic(outcomes) || `participants decided ${outcomes.join(' / ')}`;
  },
};

const steps = (events: TraceEvent[]) => events.filter((e) => e.kind === 'deliver' || e.kind === 'timer-fire' || e.kind === 'drop');

describe('ModelChecker on protocols', () => {
  describe('at-most-once requests under drops and duplicates', () => {
    it('exhausts the state space of the correct server without a violation', () => {
      const r = new ModelChecker(amoSystem(() => new AmoServer()), { invariant: atMostOnce }).run();
      assert.equal(r.status, 'exhausted');
      assert.ok(r.stats.unique > 10, `only ${r.stats.unique} states`);
    });

    it('finds the buggy server executing a request twice, with a trace', () => {
      const r = new ModelChecker(amoSystem(() => new BuggyServer()), { invariant: atMostOnce }).run();
      assert.equal(r.status, 'invariantViolated');
      if (r.status !== 'invariantViolated') return;
      assert.equal(r.predicate, 'at-most-once');
      assert.equal(r.message, 'server executed {"1":2}');
      const delivered = r.counterexample.trace.events.filter((e) => e.kind === 'deliver' && e.to === 'server');
      assert.equal(delivered.length, 2);
      assert.equal(r.counterexample.trace.events.at(-1)!.kind, 'check');
    });

    it('under BFS returns a shortest counterexample: 2 steps (duplicate, then deliver the kept copy)', () => {
      // One delivery executes once; the second execution needs a second copy, and the only
      // one-step way to get one is the duplicate branch. Fewer than 2 steps cannot violate.
      const r = new ModelChecker(amoSystem(() => new BuggyServer()), { invariant: atMostOnce, strategy: 'bfs' }).run();
      assert.equal(r.status, 'invariantViolated');
      if (r.status !== 'invariantViolated') return;
      assert.equal(r.counterexample.length, 2);
      assert.equal(r.counterexample.rawLength, 2);
      assert.deepEqual(r.counterexample.path.map((p) => p.label), ['duplicate REQ client->server', 'deliver REQ client->server']);
    });

    it('under DFS shrinks the counterexample, which still violates when replayed', () => {
      const mc = new ModelChecker(amoSystem(() => new BuggyServer()), { invariant: atMostOnce, strategy: 'dfs', maxDepth: 30 });
      const raw = new ModelChecker(amoSystem(() => new BuggyServer()), { invariant: atMostOnce, strategy: 'dfs', maxDepth: 30, shrink: false }).run();
      const r = mc.run();
      assert.equal(r.status, 'invariantViolated');
      assert.equal(raw.status, 'invariantViolated');
      if (r.status !== 'invariantViolated' || raw.status !== 'invariantViolated') return;
      assert.equal(r.counterexample.rawLength, raw.counterexample.length);
      assert.ok(r.counterexample.length <= r.counterexample.rawLength);
      assert.ok(r.counterexample.length >= 2);
      const replayed = mc.replay(r.counterexample.path);
      assert.notEqual(atMostOnce.test(replayed.view), true);
      assert.equal(replayed.view.depth, r.counterexample.length);
    });

    it('random walks find the bug too', () => {
      const r = new ModelChecker(amoSystem(() => new BuggyServer()), { invariant: atMostOnce, strategy: 'random', walks: 200, seed: 5 }).run();
      assert.equal(r.status, 'invariantViolated');
    });
  });

  describe('two-phase commit with a timeout bug', () => {
    it('is missed by 100 seeded simulations with random delays', () => {
      for (let seed = 0; seed < 100; seed++) {
        const sys = twoPhaseCommit(seed, { minDelay: 0.1, maxDelay: 1 });
        const ids = ['p1', 'p2'];
        let violated = false;
        sys.addStepHook((s) => {
          if (!atomic(ids.map((p) => (s.processInstance(p) as Participant).outcome))) violated = true;
        });
        sys.stepUntilNoEvents();
        assert.equal(violated, false, `seed ${seed} violated`);
        assert.deepEqual(ids.map((p) => (sys.processInstance(p) as Participant).outcome), ['commit', 'commit']);
      }
    });

    it('is found by the model checker: a timeout fires before the decision arrives', () => {
      const r = new ModelChecker(twoPhaseCommit(1), { invariant: atomicity }).run();
      assert.equal(r.status, 'invariantViolated');
      if (r.status !== 'invariantViolated') return;
      assert.match(r.message, /^participants decided (commit \/ abort|abort \/ commit)$/);
      const events = r.counterexample.trace.events;
      const fire = events.findIndex((e) => e.kind === 'timer-fire' && e.timer === 'timeout');
      assert.ok(fire >= 0, 'the trace fires a timeout');
      const proc = events[fire]!.proc;
      assert.ok(!events.slice(0, fire).some((e) => e.kind === 'deliver' && e.type === 'DECIDE' && e.to === proc), 'the timeout fires before its decision is delivered');
      assert.equal(steps(events.filter((e) => e.step > 1)).length, r.counterexample.length);
      for (const d of events.filter((e) => e.kind === 'deliver')) {
        const send = events.find((e) => e.kind === 'send' && e.id === d.id);
        assert.ok(send !== undefined && send.step < d.step && send.type === d.type && send.to === d.to, `deliver #${d.id} answers an earlier send`);
      }
      assert.equal(events.at(-1)!.detail, `invariant "atomicity": ${r.message}`);
    });
  });
});
