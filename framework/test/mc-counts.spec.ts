import assert from 'node:assert/strict';
import { ModelChecker, System, type CollectedState, type StateView } from '../src/index.js';
import { Flag, Logger, pair, TwoTimers } from './mc/tiny.js';

const logOf = (s: StateView) => (s.process<Logger>('b')!.log as unknown[]).join(',');
const terminal = { name: 'terminal', test: (s: StateView) => s.pending().length === 0 };
const collectedLogs = (c: CollectedState[]) => c.map((x) => logOf(x.view)).sort();

describe('ModelChecker state counts (computed by hand)', () => {
  it('two distinct messages, reliable network: 5 states', () => {
    // {X1,X2 | []} -> {X2 | [1]}, {X1 | [2]} -> {| [1,2]}, {| [2,1]}: 5 distinct states;
    // explored counts the initial state and 4 transitions.
    const r = new ModelChecker(pair(() => new Logger(), [1, 2])).run();
    assert.equal(r.status, 'exhausted');
    assert.equal(r.stats.unique, 5);
    assert.equal(r.stats.explored, 5);
    assert.equal(r.stats.maxDepth, 2);
  });

  it('two distinct messages with drops: 10 states', () => {
    // Initial {X1,X2 | []}; each message is delivered or dropped. Depth 1: {X2|[1]}, {X2|[]},
    // {X1|[2]}, {X1|[]} (4). Depth 2 with nothing pending: logs [1,2], [1], [2], [], [2,1] (5).
    // 1 + 4 + 5 = 10 distinct; explored = 1 + 4 + 4×2 = 13.
    const r = new ModelChecker(pair(() => new Logger(), [1, 2], { dropRate: 0.5 }), { collect: terminal }).run();
    assert.equal(r.status, 'exhausted');
    assert.equal(r.stats.unique, 10);
    assert.equal(r.stats.explored, 13);
    assert.deepEqual(collectedLogs(r.collected), ['', '1', '1,2', '2', '2,1']);
  });

  it('identical copies count as one choice (multiset): 3 states, not 4', () => {
    // {X,X | []} -> {X | [7]} -> {| [7,7]}; delivering "the first" or "the second" X is one choice.
    const mc = new ModelChecker(pair(() => new Logger(), [7, 7]));
    assert.deepEqual(mc.initialState().view.pending().map((p) => p.count), [2]);
    const r = mc.run();
    assert.equal(r.status, 'exhausted');
    assert.equal(r.stats.unique, 3);
    assert.equal(r.stats.explored, 3);
  });

  it('duplication is a branch that delivers and keeps the message, at most twice: 4 states', () => {
    // The pending copy carries how many more duplications the network may make (default 2).
    // {X² | false} -> deliver {| true}, duplicate {X¹ | true}; {X¹ | true} -> deliver {| true}
    // (seen), duplicate {X⁰ | true}; {X⁰ | true} -> deliver {| true} (seen). 4 distinct;
    // explored = 1 + 2 + 2 + 1 = 6. (Before the bound, a copy stayed pending forever: 3 states
    // with a self-loop, and a search with a duplicated retry loop could never end.)
    const r = new ModelChecker(pair(() => new Flag(), ['x'], { dupRate: 0.5 })).run();
    assert.equal(r.status, 'exhausted');
    assert.equal(r.stats.unique, 4);
    assert.equal(r.stats.explored, 6);
    // maxDuplicates 1: {X¹|f} -> {|t}, {X⁰|t} -> {|t}: 3 distinct; 0 turns duplication off: 2.
    assert.equal(new ModelChecker(pair(() => new Flag(), ['x'], { dupRate: 0.5 }), { maxDuplicates: 1 }).run().stats.unique, 3);
    assert.equal(new ModelChecker(pair(() => new Flag(), ['x'], { dupRate: 0.5 }), { maxDuplicates: 0 }).run().stats.unique, 2);
  });

  it('corruption is a branch that delivers with strings replaced deterministically', () => {
    // {X | []} -> deliver {| ["hello"]}, corrupt {| [garbage]}: 3 states, the same garbage every run.
    const run = () => new ModelChecker(pair(() => new Logger(), ['hello'], { corruptRate: 0.5 }), { collect: terminal }).run();
    const r = run();
    assert.equal(r.stats.unique, 3);
    const logs = collectedLogs(r.collected);
    assert.equal(logs.length, 2);
    assert.ok(logs.includes('hello'));
    const garbage = logs.find((l) => l !== 'hello')!;
    assert.equal(garbage.length, 5);
    assert.deepEqual(collectedLogs(run().collected), logs);
  });

  it('fires one process\'s timers in deadline order only: 3 states', () => {
    // {fast, slow armed} -> fire fast -> fire slow; the slow timer is never enabled first.
    const sys = new System({ seed: 1 });
    sys.addNode('n');
    sys.addProcess('n', 't', () => new TwoTimers());
    sys.sendLocalMessage('t', { type: 'GO', data: null });
    const r = new ModelChecker(sys, { collect: (s) => s.timers('t').length === 0 }).run();
    assert.equal(r.status, 'exhausted');
    assert.equal(r.stats.unique, 3);
    assert.equal(r.collected.length, 1);
    assert.deepEqual(r.collected[0]!.view.process<TwoTimers>('t')!.fired, ['fast', 'slow']);
    assert.equal(r.collected[0]!.view.clock('t'), 2);
  });

  it('gives crashed nodes\' processes nothing and drops what is sent to them', () => {
    const sys = pair(() => new Logger(), [1, 2]);
    sys.crashNode('nb');
    const r = new ModelChecker(sys).run();
    assert.equal(r.status, 'exhausted');
    assert.equal(r.stats.unique, 1);
  });
});
