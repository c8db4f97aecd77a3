import { strict as assert } from 'node:assert';
import {
  checkLinearizability, kvModel, registerModel, type KvInput, type KvOutput, type Model, type Operation, type RegisterInput, type RegisterOutput,
} from '../../src/index.js';

type KvOp = Operation<KvInput, KvOutput>;
const get = (client: number, key: string, out: string | null | undefined, call: number, ret: number | undefined): KvOp =>
  ({ client, input: { kind: 'get', key }, output: out, call, return: ret });
const put = (client: number, key: string, value: string, call: number, ret: number | undefined): KvOp =>
  ({ client, input: { kind: 'put', key, value }, output: null, call, return: ret });
const append = (client: number, key: string, value: string, call: number, ret: number | undefined): KvOp =>
  ({ client, input: { kind: 'append', key, value }, output: null, call, return: ret });
const del = (client: number, key: string, call: number, ret: number): KvOp =>
  ({ client, input: { kind: 'delete', key }, output: null, call, return: ret });

/** Porcupine's test register: an integer starting at 0 (a custom model, as a course would write one). */
type RegOp = Operation<{ put?: number }, number | null>;
const intRegister: Model<number, { put?: number }, number | null> = {
  name: 'int register',
  init: () => 0,
  step: (s, input, out) => (input.put !== undefined ? input.put : out === undefined || out === s ? s : undefined),
  key: (s) => s,
};
const rput = (client: number, v: number, call: number, ret: number): RegOp => ({ client, input: { put: v }, output: null, call, return: ret });
const rget = (client: number, v: number, call: number, ret: number): RegOp => ({ client, input: {}, output: v, call, return: ret });

describe('checkLinearizability: hand-built histories', () => {
  it('a read concurrent with a write may see the old or the new value (Porcupine case 1)', () => {
    const r = checkLinearizability(intRegister, [rput(0, 100, 0, 100), rget(1, 100, 25, 75), rget(2, 0, 30, 60)]);
    assert.equal(r.kind, 'linearizable');
  });

  it('a read that starts after another read saw the new value cannot see the old one (case 2)', () => {
    const r = checkLinearizability(intRegister, [rput(0, 200, 0, 100), rget(1, 200, 10, 30), rget(2, 0, 40, 90)]);
    assert.equal(r.kind, 'notLinearizable');
  });

  it('zero-duration operations overlap whatever has the same time (cases 4 and 5)', () => {
    const ok = [rput(0, 100, 0, 100), rget(1, 100, 25, 75), rget(2, 0, 30, 30), rget(3, 0, 30, 30)];
    assert.equal(checkLinearizability(intRegister, ok).kind, 'linearizable');
    const bad = [rput(0, 200, 0, 100), rget(1, 200, 10, 10), rget(2, 200, 10, 10), rget(3, 0, 40, 90)];
    assert.equal(checkLinearizability(intRegister, bad).kind, 'notLinearizable');
    // A call at the very time of another's return counts as concurrent with it.
    assert.equal(checkLinearizability(intRegister, [rput(0, 1, 0, 5), rget(1, 0, 5, 6)]).kind, 'linearizable');
  });

  it('an empty history is linearizable (no partitions at all)', () => {
    const r = checkLinearizability(kvModel, []);
    assert.deepEqual(r, { kind: 'linearizable', stats: { partitions: 0, operations: 0, steps: 0 } });
  });

  it('a stale read: a get after a completed put returns the older value', () => {
    const h = [put(0, 'x', '1', 0, 1), put(0, 'x', '2', 2, 3), get(1, 'x', '1', 4, 5)];
    const r = checkLinearizability(kvModel, h);
    assert.equal(r.kind, 'notLinearizable');
    if (r.kind !== 'notLinearizable') return;
    assert.equal(r.evidence.partition, 'key "x"');
    assert.deepEqual(r.evidence.longestPrefix, [h[0], h[1]]);
    assert.deepEqual(r.evidence.cannotOrder, [h[2]]);
    assert.match(r.evidence.description, /client 1: get\("x"\) -> "1"  \[4, 5\]/);
  });

  it('a lost update: of two concurrent appends, only one is ever seen', () => {
    const both = [append(0, 'x', 'a', 0, 2), append(1, 'x', 'b', 1, 3)];
    assert.equal(checkLinearizability(kvModel, [...both, get(2, 'x', 'b', 4, 5)]).kind, 'notLinearizable');
    assert.equal(checkLinearizability(kvModel, [...both, get(2, 'x', 'ba', 4, 5)]).kind, 'linearizable');
    assert.equal(checkLinearizability(kvModel, [...both, get(2, 'x', 'ab', 4, 5)]).kind, 'linearizable');
  });

  it('a delete makes the key absent; a read of a value never written is illegal (case 8)', () => {
    assert.equal(checkLinearizability(kvModel, [put(0, 'x', 'a', 0, 1), del(0, 'x', 2, 3), get(1, 'x', null, 4, 5)]).kind, 'linearizable');
    assert.equal(checkLinearizability(kvModel, [put(0, 'x', 'a', 0, 1), del(0, 'x', 2, 3), get(1, 'x', 'a', 4, 5)]).kind, 'notLinearizable');
    assert.equal(checkLinearizability(kvModel, [put(0, 'x', 'a', 0, 100), get(1, 'x', 'b', 10, 110)]).kind, 'notLinearizable');
  });

  it('an operation that never returned may take effect at any time after its call, or never', () => {
    const pending = put(0, 'x', '1', 0, undefined);
    assert.equal(checkLinearizability(kvModel, [pending, get(1, 'x', null, 10, 11)]).kind, 'linearizable');
    assert.equal(checkLinearizability(kvModel, [pending, get(1, 'x', null, 1, 2), get(1, 'x', '1', 3, 4)]).kind, 'linearizable');
    assert.equal(checkLinearizability(kvModel, [pending, get(1, 'x', '1', 1, 2), get(1, 'x', null, 3, 4)]).kind, 'notLinearizable');
    // Not before its call, though.
    assert.equal(checkLinearizability(kvModel, [get(1, 'x', '1', 0, 1), put(0, 'x', '1', 2, undefined)]).kind, 'notLinearizable');
  });

  it('a read with an unknown output (timed out) is legal anywhere in its interval', () => {
    const h = [put(0, 'x', '1', 0, 1), get(1, 'x', undefined, 2, 3), get(2, 'x', '1', 4, 5)];
    assert.equal(checkLinearizability(kvModel, h).kind, 'linearizable');
  });

  it('checks keys independently and names the illegal one (case 7)', () => {
    const h = [
      get(0, 'x', 'w', 0, 100), put(1, 'x', 'y', 5, 10), put(2, 'x', 'z', 0, 10), get(1, 'x', 'y', 20, 30),
      put(1, 'x', 'w', 35, 45), get(5, 'x', 'z', 25, 35), get(3, 'x', 'y', 30, 40),
      get(4, 'y', 'a', 50, 90), put(2, 'y', 'a', 55, 85),
    ];
    const r = checkLinearizability(kvModel, h);
    assert.equal(r.kind, 'notLinearizable');
    assert.equal(r.kind === 'notLinearizable' && r.evidence.partition, 'key "x"');
    assert.equal(r.stats.partitions, 2);
  });

  it('answers unknown, naming the undecided partitions, when the step budget runs out', () => {
    const h = [put(0, 'x', '1', 0, 10), put(1, 'x', '2', 0, 10), get(2, 'x', '2', 11, 12), put(0, 'y', '1', 0, 1)];
    const r = checkLinearizability(kvModel, h, { maxSteps: 2 });
    assert.equal(r.kind, 'unknown');
    assert.deepEqual(r.kind === 'unknown' && [r.reason, r.undecided], ['maxSteps', ['key "x"']]);
    assert.equal(checkLinearizability(kvModel, h, { maxSteps: 100 }).kind, 'linearizable');
  });

  it('an illegal partition wins over an undecided one', () => {
    const h = [put(0, 'x', '1', 0, 10), put(1, 'x', '2', 0, 10), get(2, 'x', '2', 11, 12), get(3, 'y', 'never', 0, 1)];
    assert.equal(checkLinearizability(kvModel, h, { maxSteps: 2 }).kind, 'notLinearizable');
  });

  it('rejects malformed input, saying what to pass', () => {
    assert.throws(() => checkLinearizability({} as typeof kvModel, []), /^Error: checkLinearizability: model must be an object with init, step and key/);
    assert.throws(() => checkLinearizability(kvModel, {} as KvOp[]), /^Error: checkLinearizability: history must be an array/);
    assert.throws(() => checkLinearizability(kvModel, [get(0, 'x', null, 5, 4)]), /history\[0\]\.return must be a number >= call \(5\)/);
    assert.throws(() => checkLinearizability(kvModel, [get(0, 'x', null, NaN, 4)]), /history\[0\]\.call must be a finite number/);
    assert.throws(() => checkLinearizability(kvModel, [], { maxSteps: 0 }), /options\.maxSteps must be a positive integer/);
    assert.throws(() => checkLinearizability(kvModel, [], { timeLimitMs: -1 }), /options\.timeLimitMs must be a number/);
  });
});

describe('registerModel', () => {
  type Op = Operation<RegisterInput, RegisterOutput>;
  const op = (client: number, input: RegisterInput, output: RegisterOutput | undefined, call: number, ret: number | undefined): Op =>
    ({ client, input, output, call, return: ret });
  const check = (h: Op[]) => checkLinearizability(registerModel, h).kind;

  it('a read of a register never written returns null, which differs from every value', () => {
    assert.equal(check([op(0, { kind: 'read' }, null, 0, 1)]), 'linearizable');
    assert.equal(check([op(0, { kind: 'read' }, 0, 0, 1)]), 'notLinearizable');
    assert.equal(check([op(0, { kind: 'write', value: 0 }, null, 0, 1), op(1, { kind: 'read' }, '0', 2, 3)]), 'notLinearizable');
  });

  it('a cas succeeds only on the expected value, and fails only on another one', () => {
    const w = op(0, { kind: 'write', value: 1 }, null, 0, 1);
    assert.equal(check([w, op(1, { kind: 'cas', from: 1, to: 2 }, true, 2, 3), op(2, { kind: 'read' }, 2, 4, 5)]), 'linearizable');
    assert.equal(check([w, op(1, { kind: 'cas', from: 3, to: 2 }, true, 2, 3)]), 'notLinearizable');
    assert.equal(check([w, op(1, { kind: 'cas', from: 3, to: 2 }, false, 2, 3), op(2, { kind: 'read' }, 1, 4, 5)]), 'linearizable');
    // A failed cas whose expected value is the register's value cannot have happened.
    assert.equal(check([w, op(1, { kind: 'cas', from: 1, to: 2 }, false, 2, 3)]), 'notLinearizable');
  });

  it('a cas with an unknown outcome that never returned may have applied, or not', () => {
    const w = op(0, { kind: 'write', value: 1 }, null, 0, 1);
    const pending = op(1, { kind: 'cas', from: 1, to: 2 }, undefined, 2, undefined);
    assert.equal(check([w, pending, op(2, { kind: 'read' }, 2, 4, 5)]), 'linearizable');
    assert.equal(check([w, pending, op(2, { kind: 'read' }, 1, 4, 5)]), 'linearizable');
    assert.equal(check([w, pending, op(2, { kind: 'read' }, 2, 4, 5), op(2, { kind: 'read' }, 1, 6, 7)]), 'notLinearizable');
  });

  it('describes operations for evidence', () => {
    assert.equal(registerModel.describe!({ kind: 'cas', from: 1, to: 2 }, false), 'cas(1, 2) -> false');
    assert.equal(registerModel.describe!({ kind: 'read' }, undefined), 'read() -> ? (unknown)');
  });
});
