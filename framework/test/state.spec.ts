import assert from 'node:assert/strict';
import vm from 'node:vm';
import { hashFields, restoreFields, snapshotFields, StateError, System, type Context, type Message } from '../src/index.js';
import { Gossiper, PongServer, RetryingClient } from './fixtures.js';

const owner = { proc: 'p', className: 'Thing' };

class Thing {
  log: string[] = ['a'];
  byKey = new Map<string, { n: number }>([['k', { n: 1 }]]);
  members = new Set([1, 2]);
  nested = { deep: { list: [1, { x: 'y' }] } };
  missing: number | undefined = undefined;
  bump(): void {
    this.log.push('b');
  }
}

describe('process state', () => {
  it('snapshot → restore → hash round trip gives equal hashes and equal fields', () => {
    const t = new Thing();
    const h0 = hashFields(t, owner).value();
    const snap = snapshotFields(t, owner);
    t.bump();
    t.byKey.get('k')!.n = 5;
    t.members.add(3);
    assert.notEqual(hashFields(t, owner).value(), h0);
    restoreFields(t, snap, owner);
    assert.equal(hashFields(t, owner).value(), h0);
    assert.deepEqual({ ...t }, { ...new Thing() });
    t.bump(); // the class and its methods survive
    assert.deepEqual(t.log, ['a', 'b']);
    restoreFields(t, snap, owner); // the snapshot is reusable
    assert.deepEqual(t.log, ['a']);
  });

  it('hashes by content: equal states from different objects hash equal, a changed number does not', () => {
    const a = new Thing();
    const b = new Thing();
    assert.equal(hashFields(a, owner).value(), hashFields(b, owner).value());
    b.nested.deep.list[0] = 2;
    assert.notEqual(hashFields(a, owner).value(), hashFields(b, owner).value());
    const c = new Thing();
    c.missing = 0;
    assert.notEqual(hashFields(a, owner).value(), hashFields(c, owner).value());
  });

  it('preserves aliasing inside one snapshot', () => {
    const shared = { n: 1 };
    const obj = { a: shared, b: shared };
    const snap = snapshotFields(obj, owner);
    assert.equal(snap['a'], snap['b']);
    assert.notEqual(snap['a'], shared);
  });

  it('keeps the prototypes (the realm) of copied objects', () => {
    const ctx = vm.createContext({});
    const inst = vm.runInContext('({ list: [1], map: new Map([[1, {a: 1}]]), obj: {x: 1} })', ctx) as Record<string, unknown>;
    const snap = snapshotFields(inst, owner);
    assert.equal(Object.getPrototypeOf(snap['list']), Object.getPrototypeOf(inst['list']));
    assert.equal(Object.getPrototypeOf(snap['map']), Object.getPrototypeOf(inst['map']));
    assert.equal(Object.getPrototypeOf(snap['obj']), Object.getPrototypeOf(inst['obj']));
    assert.notEqual(Object.getPrototypeOf(snap['obj']), Object.prototype);
  });

  it('names the process, class and field that cannot be copied', () => {
    assert.throws(() => snapshotFields({ ok: 1, cb: () => 1 }, owner), (e: unknown) => e instanceof StateError && /process "p" \(class Thing\): field cb holds a function/.test(e.message));
    assert.throws(() => snapshotFields({ inner: { when: new Date(0) } }, owner), /field inner\.when holds an instance of Date/);
    assert.throws(() => hashFields({ w: new WeakMap() }, owner), /field w holds an instance of WeakMap/);
  });

  it('names the full path into arrays, maps and sets, and copies the next state cleanly after an error', () => {
    const fn = (): number => 1;
    const deep = { log: [{ op: 1 }, { op: { key: 'a', cb: fn } }] };
    assert.throws(() => snapshotFields(deep, owner), (e: unknown) => e instanceof Error && e.message.includes('field log[1].op.cb holds a function'));
    assert.throws(() => snapshotFields({ m: new Map<unknown, unknown>([['x', 1], ['k"1', [0, fn]]]) }, owner), (e: unknown) => e instanceof Error && e.message.includes('field m.get("k\\"1")[1] holds a function'));
    assert.throws(() => snapshotFields({ m: new Map([[fn, 1]]) }, owner), (e: unknown) => e instanceof Error && e.message.includes('field m.key holds a function'));
    assert.throws(() => snapshotFields({ s: new Set([1, [fn]]) }, owner), (e: unknown) => e instanceof Error && e.message.includes('field s.item[0] holds a function'));
    const getter = { list: [{}, Object.defineProperty({}, 'g', { get: () => 1, enumerable: true })] };
    assert.throws(() => snapshotFields(getter, owner), (e: unknown) => e instanceof Error && e.message.includes('field list[1].g is a getter'));
    // A copy that threw does not leave its path to the next one.
    assert.throws(() => snapshotFields({ other: [[fn]] }, owner), (e: unknown) => e instanceof Error && e.message.includes('field other[0][0] holds a function'));
    assert.deepEqual(snapshotFields({ fine: [1, { a: 2 }] }, owner), { fine: [1, { a: 2 }] });
  });
});

class Sender {
  onLocalMessage(m: Message, ctx: Context): void {
    for (const t of m.data as string[]) ctx.send({ type: t, data: null }, 'q');
  }
  onMessage(): void {}
  onTimer(): void {}
}

describe('system snapshot and restore', () => {
  function build(seed: number): System {
    const sys = new System({ seed, network: { minDelay: 0.1, maxDelay: 1, dropRate: 0.2, dupRate: 0.1 } });
    const ids = ['a', 'b', 'c'];
    for (const id of ids) {
      sys.addNode(`n-${id}`);
      sys.addProcess(`n-${id}`, id, () => new Gossiper(ids));
    }
    for (const id of ids) sys.sendLocalMessage(id, { type: 'START', data: null });
    return sys;
  }

  it('continuing from a restored snapshot reproduces the original continuation exactly', () => {
    const sys = build(5);
    sys.steps(15);
    const snap = sys.snapshot();
    const hash = sys.stateHash();
    const mark = sys.traceLength();
    sys.stepUntilNoEvents();
    const first = JSON.stringify(sys.traceSince(mark));
    const endHash = sys.stateHash();
    sys.restore(snap);
    assert.equal(sys.stateHash(), hash);
    const mark2 = sys.traceLength();
    sys.stepUntilNoEvents();
    assert.equal(JSON.stringify(sys.traceSince(mark2)), first);
    assert.equal(sys.stateHash(), endHash);
  });

  it('restores crashed nodes and their fresh instances', () => {
    const sys = new System({ seed: 1 });
    sys.addNode('ns');
    sys.addNode('nc');
    sys.addProcess('ns', 'server', () => new PongServer());
    sys.addProcess('nc', 'client', () => new RetryingClient('server'));
    sys.sendLocalMessage('client', { type: 'PING', data: 'x' });
    const before = sys.snapshot();
    sys.crashNode('nc');
    const crashed = sys.snapshot();
    sys.restore(before);
    assert.equal(sys.isCrashed('nc'), false);
    assert.deepEqual(sys.stepUntilLocalMessage('client'), [{ type: 'PONG', data: 'x' }]);
    sys.restore(crashed);
    assert.equal(sys.isCrashed('nc'), true);
    assert.equal(sys.processState('client'), null);
  });

  it('hashes pending events as a multiset: the same events scheduled in another order give the same hash', () => {
    const make = (order: string[]) => {
      const sys = new System({ seed: 1 });
      sys.addNode('n1');
      sys.addNode('n2');
      sys.addProcess('n1', 'p', () => new Sender());
      sys.addProcess('n2', 'q', () => new PongServer());
      sys.sendLocalMessage('p', { type: 'GO', data: order });
      return sys.stateHash();
    };
    assert.equal(make(['A', 'B']), make(['B', 'A']));
    assert.notEqual(make(['A', 'B']), make(['A', 'A']));
  });
});
