import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { checkLinearizability, kvModel, type KvInput, type KvOutput, type Operation } from '../../src/index.js';

interface Planned { client: number; input: KvInput; call: number; point: number; ret: number | undefined; applied: boolean }

/**
 * Operations of a store that applies each one atomically at a point inside its interval:
 * the outputs are what a sequential store gives in the order of those points. An operation
 * that never returned was applied at its point, or not at all.
 */
const plannedOp = fc.record({
  client: fc.nat(4),
  kind: fc.constantFrom('get', 'put', 'append', 'delete'),
  key: fc.constantFrom('a', 'b'),
  value: fc.constantFrom('1', '2', '3'),
  call: fc.integer({ min: 0, max: 50 }),
  toPoint: fc.integer({ min: 0, max: 10 }),
  toReturn: fc.integer({ min: 0, max: 10 }),
  returned: fc.boolean(),
  applied: fc.boolean(),
}).map(({ client, kind, key, value, call, toPoint, toReturn, returned, applied }): Planned => ({
  client,
  input: kind === 'get' || kind === 'delete' ? { kind, key } : { kind, key, value },
  call,
  point: call + toPoint,
  ret: returned ? call + toPoint + toReturn : undefined,
  applied: returned || applied,
}));

function runSequentially(plan: Planned[]): Operation<KvInput, KvOutput>[] {
  const store = new Map<string, string>();
  const byPoint = plan.map((p, i) => ({ p, i })).sort((x, y) => x.p.point - y.p.point || x.i - y.i);
  const outputs: KvOutput[] = new Array<KvOutput>(plan.length).fill(null);
  for (const { p, i } of byPoint) {
    if (!p.applied) continue;
    const k = p.input.key;
    if (p.input.kind === 'get') outputs[i] = store.get(k) ?? null;
    else if (p.input.kind === 'put') store.set(k, p.input.value);
    else if (p.input.kind === 'append') store.set(k, (store.get(k) ?? '') + p.input.value);
    else store.delete(k);
  }
  return plan.map((p, i) => ({
    client: p.client, input: p.input, call: p.call, return: p.ret,
    output: p.ret === undefined ? undefined : outputs[i],
  }));
}

describe('checkLinearizability: property', () => {
  it('every history of a sequential store is linearizable', () => {
    fc.assert(fc.property(fc.array(plannedOp, { maxLength: 40 }), (plan) => {
      const r = checkLinearizability(kvModel, runSequentially(plan));
      assert.equal(r.kind, 'linearizable');
    }), { seed: 1, numRuns: 300 });
  });

  it('the same history with one returned get changed to a value never written is not', () => {
    fc.assert(fc.property(fc.array(plannedOp, { minLength: 1, maxLength: 40 }), fc.nat(), (plan, pick) => {
      const ops = runSequentially(plan);
      const gets = ops.map((op, i) => ({ op, i })).filter(({ op }) => op.input.kind === 'get' && op.return !== undefined);
      fc.pre(gets.length > 0);
      const { i } = gets[pick % gets.length];
      ops[i] = { ...ops[i], output: 'never-written' };
      assert.equal(checkLinearizability(kvModel, ops).kind, 'notLinearizable');
    }), { seed: 2, numRuns: 300 });
  });
});
