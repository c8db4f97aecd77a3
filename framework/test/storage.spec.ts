import assert from 'node:assert/strict';
import { ModelChecker, System, type Context, type Message, type Process, type StateView } from '../src/index.js';

/** Counts PUTs in a field and in durable storage; syncs when asked. */
class Counter implements Process {
  inMemory = 0;
  recovered: unknown;
  constructor(private readonly peer: string | null = null) {}
  onLocalMessage(msg: Message, ctx: Context): void {
    if (this.recovered === undefined) this.recovered = ctx.storage.get('count') ?? null;
    if (msg.type === 'SYNC') return ctx.storage.sync();
    if (msg.type === 'FORGET') return ctx.storage.delete('count');
    this.inMemory++;
    ctx.storage.put('count', ((ctx.storage.get('count') as number | undefined) ?? 0) + 1);
    if (this.peer !== null) ctx.send({ type: 'BUMP', data: null }, this.peer);
  }
  onMessage(_m: Message, _f: string, ctx: Context): void {
    ctx.storage.put('bumps', ((ctx.storage.get('bumps') as number | undefined) ?? 0) + 1);
  }
  onTimer(): void {}
}

function one(): System {
  const sys = new System({ seed: 1 });
  sys.addNode('n');
  sys.addProcess('n', 'c', () => new Counter());
  return sys;
}

const put = (sys: System, type = 'PUT') => sys.sendLocalMessage('c', { type, data: null });

describe('durable storage (ctx.storage)', () => {
  it('survives a crash and recover while process fields do not; the recovered process reads it', () => {
    const sys = one();
    put(sys);
    put(sys);
    sys.crashNode('n');
    assert.deepEqual(sys.processStorage('c'), { count: 2 }, 'kept while crashed');
    sys.recoverNode('n');
    assert.equal(sys.processState('c')!['inMemory'], 0);
    put(sys);
    assert.equal(sys.processState('c')!['recovered'], 2);
    assert.deepEqual(sys.processStorage('c'), { count: 3 });
    put(sys, 'FORGET');
    assert.deepEqual(sys.processStorage('c'), {});
  });

  it('writes are trace records; values are copied in and out', () => {
    const sys = one();
    put(sys);
    const recs = sys.trace().events.filter((e) => e.kind === 'storage');
    assert.deepEqual(recs.map((e) => [e.proc, e.type, e.data]), [['c', 'put', { key: 'count', value: 1 }]]);
    class Mutator implements Process {
      onLocalMessage(_m: Message, ctx: Context): void {
        const v = { list: [1] };
        ctx.storage.put('v', v);
        v.list.push(2);
        (ctx.storage.get('v') as { list: number[] }).list.push(3);
      }
      onMessage(): void {}
      onTimer(): void {}
    }
    const s2 = new System({ seed: 1 });
    s2.addNode('n');
    s2.addProcess('n', 'm', () => new Mutator());
    s2.sendLocalMessage('m', { type: 'GO', data: null });
    assert.deepEqual(s2.processStorage('m'), { v: { list: [1] } });
  });

  it('rejects bad keys and values with errors that say what to pass', () => {
    class Bad implements Process {
      constructor(private readonly what: string) {}
      onLocalMessage(_m: Message, ctx: Context): void {
        if (this.what === 'key') ctx.storage.put(7 as unknown as string, 1);
        if (this.what === 'undefined') ctx.storage.put('k', undefined);
        if (this.what === 'map') ctx.storage.put('k', new Map());
      }
      onMessage(): void {}
      onTimer(): void {}
    }
    for (const [what, pattern] of [['key', /ctx\.storage\.put: key must be a string, got number 7/], ['undefined', /use ctx\.storage\.delete to remove a key/], ['map', /ctx\.storage\.put/]] as const) {
      const sys = new System({ seed: 1 });
      sys.addNode('n');
      sys.addProcess('n', 'b', () => new Bad(what));
      assert.throws(() => sys.sendLocalMessage('b', { type: 'GO', data: null }), pattern);
    }
  });

  it('with loseUnsynced = 1 a crash loses exactly the writes since the last sync', () => {
    const sys = one();
    sys.setStorageFaults({ loseUnsynced: 1 });
    put(sys);
    put(sys, 'SYNC');
    put(sys);
    assert.deepEqual(sys.processStorage('c'), { count: 2 }, 'reads see unsynced writes');
    sys.crashNode('n');
    assert.deepEqual(sys.processStorage('c'), { count: 1 });
    const lost = sys.trace().events.find((e) => e.kind === 'storage' && e.type === 'lost');
    assert.deepEqual(lost?.data, { keys: ['count'] });
    assert.throws(() => sys.setStorageFaults({ loseUnsynced: 2 }), /setStorageFaults: loseUnsynced must be a probability in \[0, 1\], got 2/);
  });

  it('is part of snapshots and of the state hash', () => {
    const a = one();
    put(a);
    const snap = a.snapshot();
    const h = a.stateHash();
    put(a);
    assert.notEqual(a.stateHash(), h, 'a write changes the state');
    a.restore(snap);
    assert.deepEqual(a.processStorage('c'), { count: 1 });
    assert.equal(a.stateHash(), h);
  });

  it('the model checker hashes storage, keeps it through a crash, and a recovered process reads it', () => {
    const sys = new System({ seed: 1 });
    sys.addNode('na');
    sys.addNode('nb');
    sys.addProcess('na', 'a', () => new Counter('b'));
    sys.addProcess('nb', 'b', () => new Counter());
    sys.sendLocalMessage('a', { type: 'PUT', data: null });
    sys.sendLocalMessage('a', { type: 'PUT', data: null });
    const bumped = (n: number) => (s: StateView) => s.storage('b')['bumps'] === n;
    const mc = new ModelChecker(sys, { collect: bumped(2) });
    const r = mc.run();
    // {2 BUMPs pending} -> {1 pending, bumps 1} -> {none, bumps 2}: identical messages are one choice.
    assert.equal(r.stats.unique, 3);
    assert.equal(r.collected.length, 1);
    const survived = { name: 'b restarted fresh with its storage', test: (s: StateView) => s.process<Counter>('b')!.inMemory === 0 && s.storage('b')['count'] === 1 && s.storage('b')['bumps'] === 2 };
    const after = mc.runStage(r.collected, { collect: [], invariant: survived }, (p) => {
      p.sendLocalMessage('b', { type: 'PUT', data: null });
      p.crashNode('nb');
      p.recoverNode('nb');
    });
    assert.equal(after.status, 'exhausted');
    const lost = mc.runStage(r.collected, { collect: [], invariant: (s) => Object.keys(s.storage('b')).length === 0 }, (p) => p.crashNode('nb'));
    assert.equal(lost.status, 'invariantViolated', 'a crash does not empty the storage');
  });
});
