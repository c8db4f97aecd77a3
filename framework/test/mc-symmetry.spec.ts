import assert from 'node:assert/strict';
import { ModelChecker, System, type Context, type Message, type Process, type StateView } from '../src/index.js';
import { broadcastSystem, Rebroadcaster } from './mc/protocols.js';

/** On GO, tells every peer; counts what it hears and from whom. */
class Greeter implements Process {
  heard: string[] = [];
  constructor(readonly peers: string[]) {}
  onLocalMessage(_m: Message, ctx: Context): void {
    for (const p of this.peers) if (p !== ctx.self) ctx.send({ type: 'HELLO', data: ctx.self }, p);
  }
  onMessage(msg: Message): void {
    this.heard.push(msg.data as string);
  }
  onTimer(): void {}
}

function greeters(network: Record<string, number> = {}): System {
  const ids = ['p0', 'p1', 'p2'];
  const sys = new System({ seed: 1 });
  for (const id of ids) {
    sys.addNode(`n-${id}`);
    sys.addProcess(`n-${id}`, id, () => new Greeter(ids));
  }
  for (const id of ids) sys.sendLocalMessage(id, { type: 'GO', data: null });
  sys.setNetwork(network);
  return sys;
}

const ALL = [['p0', 'p1', 'p2']];

describe('ModelChecker symmetry reduction', () => {
  it('three interchangeable greeters: far fewer states, the same terminal outcomes', () => {
    // Hand count without symmetry: 6 pending HELLOs, each delivered in any order; every process
    // has a log of 2 entries in some order. With symmetry, states equal up to renaming merge.
    const full = new ModelChecker(greeters(), { collect: (s) => s.pending().length === 0 }).run();
    const reduced = new ModelChecker(greeters(), { symmetric: ALL, collect: (s) => s.pending().length === 0 }).run();
    assert.equal(full.status, 'exhausted');
    assert.equal(reduced.status, 'exhausted');
    assert.ok(reduced.stats.unique * 3 < full.stats.unique, `${reduced.stats.unique} vs ${full.stats.unique} states`);
    // Every terminal state of the reduced search is one of the full search's (each hears both others).
    const sizes = (r: typeof full) => new Set(r.collected.map((c) => ['p0', 'p1', 'p2'].map((p) => c.view.process<Greeter>(p)!.heard.length).join()));
    assert.deepEqual([...sizes(reduced)], ['2,2,2']);
    assert.deepEqual([...sizes(full)], ['2,2,2']);
  });

  it('finds the same violation of a symmetric invariant, in as few steps', () => {
    // "Nobody hears p-anything twice" holds; "nobody has heard both others" is violated.
    const heardBoth = { name: 'nobody has heard both others', test: (s: StateView) => ['p0', 'p1', 'p2'].every((p) => s.process<Greeter>(p)!.heard.length < 2) };
    const full = new ModelChecker(greeters(), { invariant: heardBoth }).run();
    const reduced = new ModelChecker(greeters(), { symmetric: ALL, invariant: heardBoth }).run();
    assert.equal(full.status, 'invariantViolated');
    assert.equal(reduced.status, 'invariantViolated');
    if (full.status !== 'invariantViolated' || reduced.status !== 'invariantViolated') return;
    assert.equal(reduced.counterexample.length, full.counterexample.length);
    // The counterexample is a real path of the unreduced system: it replays.
    const mc = new ModelChecker(greeters(), { symmetric: ALL });
    assert.equal(heardBoth.test(mc.replayToken(reduced.counterexample.token).view), false);
  });

  it('on the lossy broadcast, a peer list common to all members is configuration, not renamed', () => {
    const full = new ModelChecker(broadcastSystem(3, 1, { dropRate: 0.1 })).run();
    const reduced = new ModelChecker(broadcastSystem(3, 1, { dropRate: 0.1 }), { symmetric: [['p1', 'p2']] }).run();
    assert.equal(reduced.status, 'exhausted');
    assert.ok(reduced.stats.unique < full.stats.unique, `${reduced.stats.unique} vs ${full.stats.unique}`);
    const seenAll = { name: 'every live value seen', test: (s: StateView) => s.process<Rebroadcaster>('p0')!.seen.length <= 1 };
    assert.equal(new ModelChecker(broadcastSystem(3, 1), { symmetric: [['p1', 'p2']], invariant: seenAll }).run().status, 'exhausted');
  });

  it('rejects sets that name unknown processes, overlap, or have one member', () => {
    assert.throws(() => new ModelChecker(greeters(), { symmetric: [['p0', 'px']] }), /unknown process "px"/);
    assert.throws(() => new ModelChecker(greeters(), { symmetric: [['p0', 'p1'], ['p1', 'p2']] }), /"p1" appears in more than one symmetric set/);
    assert.throws(() => new ModelChecker(greeters(), { symmetric: [['p0']] }), /at least two interchangeable process ids/);
    assert.throws(() => new ModelChecker(greeters(), { symmetric: 'p0' as unknown as string[][] }), /symmetric must be a list of sets of process ids/);
  });
});
