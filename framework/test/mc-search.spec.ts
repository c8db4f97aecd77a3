import assert from 'node:assert/strict';
import { ModelChecker, StateError, StudentError, System, type Context, type Message, type Process, type SearchProgress, type StateView } from '../src/index.js';
import { AmoClient, AmoServer, amoSystem, broadcastSystem, BuggyServer } from './mc/protocols.js';
import { Logger, pair } from './mc/tiny.js';

const clientDone = (id: number) => ({ name: `client done with ${id}`, test: (s: StateView) => s.process<AmoClient>('client')!.done && s.process<AmoClient>('client')!.id === id });
const executedOnce = (id: number) => ({
  name: `request ${id} executed at most once`,
  test: (s: StateView) => (s.process<AmoServer>('server')!.executed[String(id)] ?? 0) <= 1 || `executed ${JSON.stringify(s.process<AmoServer>('server')!.executed)}`,
});

class Thrower implements Process {
  onMessage(): void {
    throw new RangeError('boom');
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

class KeepsCallback implements Process {
  cb: unknown = null;
  onMessage(): void {
    this.cb = () => 1;
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

class Dice implements Process {
  rolls: number[] = [];
  onMessage(_m: Message, _f: string, ctx: Context): void {
    this.rolls.push(ctx.random());
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

describe('ModelChecker search', () => {
  describe('multi-stage search', () => {
    it('searches again from collected states after a prepare action', () => {
      const mc = new ModelChecker(amoSystem(() => new AmoServer(), { dropRate: 0, dupRate: 0.5 }), { goal: clientDone(1), collect: clientDone(1) });
      const stage1 = mc.run();
      assert.equal(stage1.status, 'exhausted');
      assert.ok(stage1.collected.length >= 1);
      assert.ok(stage1.collected.every((c) => clientDone(1).test(c.view)));
      const stage2 = mc.runStage(stage1.collected, { goal: clientDone(2), collect: [], invariant: executedOnce(2) }, (p) => p.sendLocalMessage('client', { type: 'START', data: 2 }));
      assert.equal(stage2.status, 'exhausted');
      assert.ok(stage2.stats.goalsReached >= 1);
      assert.ok(stage2.stats.unique > stage1.collected.length);
    });

    it('reports a later stage\'s failure with the full path, which replays', () => {
      const mc = new ModelChecker(amoSystem(() => new BuggyServer(), { dropRate: 0, dupRate: 0 }), { goal: clientDone(1), collect: clientDone(1) });
      const stage1 = mc.run();
      assert.equal(stage1.status, 'exhausted');
      assert.ok(stage1.collected.length >= 1);
      const stage2 = mc.runStage(stage1.collected, { goal: [], collect: [], invariant: executedOnce(2), maxDepth: 10 }, (p) => p.sendLocalMessage('client', { type: 'START', data: 2 }));
      assert.equal(stage2.status, 'invariantViolated');
      if (stage2.status !== 'invariantViolated') return;
      const path = stage2.counterexample.path;
      assert.ok(path.some((p) => 'prepare' in p), 'the path includes the prepare step');
      const kinds = stage2.counterexample.trace.events.map((e) => e.kind);
      assert.equal(kinds.filter((k) => k === 'local-in').length, 2);
      const replayed = mc.replay(path);
      assert.notEqual(executedOnce(2).test(replayed.view), true);
      const token = stage2.counterexample.token;
      assert.match(token, /^[0-9s.]*-[0-9a-f]{8}$/);
      assert.ok(token.split('-')[0]!.split('.').includes('s1'), `the token ${token} names the prepared stage`);
      const fromToken = mc.replayToken(token);
      assert.deepEqual(fromToken.trace, replayed.trace);
    });

    it('refuses a token that does not fit the system, saying the solution or test changed', () => {
      const mc = new ModelChecker(amoSystem(() => new AmoServer(), { dropRate: 0, dupRate: 0 }), { invariant: executedOnce(1), maxDepth: 10 });
      const r = mc.run();
      assert.equal(r.status, 'exhausted');
      assert.throws(() => mc.replayToken('0.0.0.0-00000000'), /replayToken: .*the solution or the test has changed since the path was recorded/);
      assert.throws(() => mc.replayToken('seven'), /decodeReplayToken: "seven" is not a path token/);
      assert.throws(() => mc.replayToken('99-00000000'), /replayToken: step 0 chooses 99 but only \d+ action\(s\) are enabled/);
    });

    it('can crash a node before the next stage; the goal then becomes unreachable', () => {
      const mc = new ModelChecker(amoSystem(() => new AmoServer(), { dropRate: 0, dupRate: 0 }), { goal: clientDone(1), collect: clientDone(1) });
      const stage1 = mc.run();
      const stage2 = mc.runStage(stage1.collected, { goal: clientDone(2), collect: [] }, (p) => {
        p.crashNode('n-server');
        p.sendLocalMessage('client', { type: 'START', data: 2 });
      });
      assert.equal(stage2.status, 'goalUnreachable');
      if (stage2.status !== 'goalUnreachable') return;
      assert.equal(stage2.message, 'no events left and goal not reached');
      const kinds = stage2.counterexample!.trace.events.map((e) => e.kind);
      assert.ok(kinds.includes('crash'));
    });

    it('rejects states that were not collected by the same checker', () => {
      const a = new ModelChecker(pair(() => new AmoServer(), []));
      const b = new ModelChecker(pair(() => new AmoServer(), []));
      assert.throws(() => b.runStage([a.initialState()]), /^Error: runStage: pass a non-empty array of states collected by this model checker/);
    });
  });

  describe('limits', () => {
    it('reports the depth limit', () => {
      const r = new ModelChecker(amoSystem(() => new AmoServer()), { maxDepth: 2 }).run();
      assert.equal(r.status, 'limitReached');
      if (r.status === 'limitReached') {
        assert.equal(r.limit, 'depth');
        assert.equal(r.value, 2);
      }
      assert.equal(r.stats.maxDepth, 2);
    });

    it('reports the state limit', () => {
      const r = new ModelChecker(amoSystem(() => new AmoServer()), { maxStates: 5 }).run();
      assert.equal(r.status, 'limitReached');
      if (r.status === 'limitReached') assert.deepEqual([r.limit, r.value], ['states', 5]);
      assert.ok(r.stats.unique <= 6);
    });

    it('reports the time limit', () => {
      const r = new ModelChecker(broadcastSystem(3, 3), { timeLimitMs: 30 }).run();
      assert.equal(r.status, 'limitReached');
      if (r.status === 'limitReached') assert.deepEqual([r.limit, r.value], ['time', 30]);
      assert.ok(r.stats.elapsedMs < 5000, `stopped after ${r.stats.elapsedMs} ms`);
    });

    it('reports random walks that found nothing as the walks limit, never as a pass', () => {
      const r = new ModelChecker(amoSystem(() => new AmoServer()), { strategy: 'random', walks: 20 }).run();
      assert.equal(r.status, 'limitReached');
      if (r.status === 'limitReached') assert.deepEqual([r.limit, r.value], ['walks', 20]);
    });

    it('reports a DFS depth bound', () => {
      const r = new ModelChecker(amoSystem(() => new AmoServer()), { strategy: 'dfs', maxDepth: 3 }).run();
      assert.equal(r.status, 'limitReached');
      if (r.status === 'limitReached') assert.deepEqual([r.limit, r.value], ['depth', 3]);
    });
  });

  it('calls the progress callback at most every N states', () => {
    const seen: SearchProgress[] = [];
    const r = new ModelChecker(broadcastSystem(3, 2), { progress: (p) => seen.push(p), progressEvery: 20_000 }).run();
    assert.equal(r.status, 'exhausted');
    assert.ok(seen.length >= 5, `called ${seen.length} times`);
    assert.ok(seen.length <= Math.ceil(r.stats.explored / 20_000));
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.states - seen[i - 1]!.states >= 20_000);
    assert.ok(seen.every((p) => p.unique <= p.states && p.exploredPerSec > 0 && p.depth > 0));
  });

  it('prunes, stops at a goal with goalReached, and keeps predicates in order', () => {
    const pruned = new ModelChecker(amoSystem(() => new AmoServer()), { prune: (s) => s.depth >= 1 }).run();
    assert.equal(pruned.status, 'exhausted');
    assert.equal(pruned.stats.maxDepth, 1);
    assert.ok(pruned.stats.pruned > 0);
    const found = new ModelChecker(amoSystem(() => new AmoServer()), { goal: clientDone(1), stopAtGoal: true }).run();
    assert.equal(found.status, 'goalReached');
    if (found.status === 'goalReached') {
      assert.equal(found.goal, 'client done with 1');
      assert.equal(found.counterexample.length, 2); // deliver REQ, deliver REPLY
    }
  });

  describe('state model', () => {
    it('shares the processes a transition did not touch and leaves the system alone', () => {
      const sys = pair(() => new Logger(), [1, 2]);
      const before = JSON.stringify(sys.processState('b'));
      const r = new ModelChecker(sys, { collect: (s) => s.pending().length === 0 }).run();
      assert.equal(r.collected.length, 2);
      const [x, y] = r.collected;
      assert.equal(x!.view.process('a'), y!.view.process('a'), 'the sender is one shared object');
      assert.notEqual(x!.view.process('b'), y!.view.process('b'));
      assert.equal(JSON.stringify(sys.processState('b')), before);
      assert.equal(sys.pendingEvents().length, 2);
    });

    it('is deterministic: the same options give the same result and path', () => {
      const run = () => new ModelChecker(amoSystem(() => new BuggyServer()), { strategy: 'random', walks: 50, seed: 9, invariant: executedOnce(1) }).run();
      const a = run();
      const b = run();
      assert.equal(a.status, 'invariantViolated');
      if (a.status !== 'invariantViolated' || b.status !== 'invariantViolated') return assert.fail('both runs must fail');
      assert.deepEqual(a.counterexample.path, b.counterexample.path);
      assert.equal(JSON.stringify(a.counterexample.trace), JSON.stringify(b.counterexample.trace));
      assert.equal(a.stats.explored, b.stats.explored);
    });

    it('keeps the visited set under 100 bytes per state', () => {
      const r = new ModelChecker(broadcastSystem(3, 2)).run();
      assert.equal(r.status, 'exhausted');
      assert.ok(r.stats.unique > 20_000);
      assert.ok(r.stats.bytesPerState > 0 && r.stats.bytesPerState <= 100, `${r.stats.bytesPerState} bytes per state`);
    });
  });

  describe('student code', () => {
    it('turns a handler throw into studentError with the trace leading to it', () => {
      const r = new ModelChecker(pair(() => new Thrower(), ['x'])).run();
      assert.equal(r.status, 'studentError');
      if (r.status !== 'studentError') return;
      assert.equal(r.proc, 'b');
      assert.equal(r.handler, 'onMessage');
      assert.ok(r.error instanceof StudentError);
      assert.match(r.message, /RangeError: boom/);
      assert.equal(r.counterexample.length, 1);
      assert.ok(r.counterexample.trace.events.some((e) => e.kind === 'deliver' && e.to === 'b'));
    });

    it('names the process, class and field that cannot be copied', () => {
      const r = new ModelChecker(pair(() => new KeepsCallback(), ['x', 'y'])).run();
      assert.equal(r.status, 'studentError');
      if (r.status !== 'studentError') return;
      assert.ok(r.error instanceof StateError);
      assert.match(r.message, /process "b" \(class KeepsCallback\): field cb holds a function/);
    });

    it('throws the StateError at construction when the initial state cannot be copied', () => {
      const sys = new System({ seed: 1 });
      sys.addNode('n');
      sys.addProcess('n', 'p', () => Object.assign(new Thrower(), { when: new Date(0) }));
      assert.throws(() => new ModelChecker(sys), (e: unknown) => e instanceof StateError && /field when holds an instance of Date/.test(e.message));
    });

    it('seeds ctx.random() per transition: same seed same numbers, another seed other numbers', () => {
      const rolls = (seed: number) => {
        const r = new ModelChecker(pair(() => new Dice(), [1, 2]), { seed, collect: (s) => s.pending().length === 0 }).run();
        return r.collected.map((c) => c.view.process<Dice>('b')!.rolls.join(',')).sort().join(' ');
      };
      assert.equal(rolls(1), rolls(1));
      assert.notEqual(rolls(1), rolls(2));
      assert.equal(rolls(1).split(' ').length, 2);
    });
  });

  describe('options', () => {
    it('rejects bad options naming the function and what to pass', () => {
      const sys = pair(() => new AmoServer(), []);
      assert.throws(() => new ModelChecker(sys, { strategy: 'astar' as 'bfs' }), /^Error: new ModelChecker: strategy must be 'bfs', 'dfs' or 'random'/);
      assert.throws(() => new ModelChecker(sys, { maxDepth: -1 }), /^Error: new ModelChecker: maxDepth must be a positive integer/);
      assert.throws(() => new ModelChecker(sys, { invariant: 3 as unknown as () => boolean }), /^Error: new ModelChecker: invariant must be a function/);
      assert.throws(() => new ModelChecker(sys, { maxDepht: 3 } as never), /unknown option "maxDepht"/);
      assert.throws(() => new ModelChecker({} as System), /^Error: new ModelChecker: pass a System/);
    });

    it('refuses a replay path that does not fit', () => {
      const mc = new ModelChecker(amoSystem(() => new AmoServer()));
      assert.throws(() => mc.replay([{ choice: 0, label: 'deliver PONG server->client' }]), /^Error: replay: step 0 expected "deliver PONG server->client"/);
    });
  });
});
