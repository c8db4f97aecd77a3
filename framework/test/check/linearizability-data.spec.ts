import { strict as assert } from 'node:assert';
import { checkLinearizability, kvModel, registerModel } from '../../src/index.js';
import { KV_FILES, PORCUPINE_DIR, etcdFiles, parseEtcd, parseKv, porcupineAvailable } from './porcupine-data.js';

describe('checkLinearizability: recorded Porcupine histories (shared/data/porcupine)', function () {
  before(function () {
    if (!porcupineAvailable()) {
      console.log(`  skipped: the recorded histories are not at ${PORCUPINE_DIR} (expected ../shared/data/porcupine beside the repository)`);
      this.skip();
    }
  });

  for (const { file, linearizable } of KV_FILES) {
    it(`kv/${file} is ${linearizable ? '' : 'not '}linearizable`, () => {
      const r = checkLinearizability(kvModel, parseKv(file));
      assert.equal(r.kind, linearizable ? 'linearizable' : 'notLinearizable', `kv/${file}: ${r.kind}`);
    });
  }

  it('kv/c01-bad.txt: the evidence is key "7", a get that misses an append of the same client', () => {
    const r = checkLinearizability(kvModel, parseKv('c01-bad.txt'));
    assert.equal(r.kind, 'notLinearizable');
    if (r.kind !== 'notLinearizable') return;
    assert.equal(r.evidence.partition, 'key "7"');
    assert.equal(r.evidence.longestPrefix.length, 3);
    assert.deepEqual(r.evidence.cannotOrder.map((op) => op.output), ['x 0 0 y']);
  });

  it('all 102 etcd histories get their recorded verdict (23 linearizable, 79 not)', () => {
    const wrong: string[] = [];
    let ok = 0;
    for (const { file, linearizable } of etcdFiles()) {
      const r = checkLinearizability(registerModel, parseEtcd(file));
      if (r.kind === 'linearizable') ok++;
      if (r.kind !== (linearizable ? 'linearizable' : 'notLinearizable')) wrong.push(`${file}: expected ${linearizable}, got ${r.kind}`);
    }
    assert.deepEqual(wrong, []);
    assert.equal(ok, 23);
  });

  it('etcd evidence: a linearizable prefix shorter than the history, and operations that cannot follow it', () => {
    const ops = parseEtcd('etcd_070.log');
    const r = checkLinearizability(registerModel, ops);
    assert.equal(r.kind, 'notLinearizable');
    if (r.kind !== 'notLinearizable') return;
    assert.ok(r.evidence.longestPrefix.length < ops.length);
    assert.ok(r.evidence.cannotOrder.length > 0);
    // Replaying the prefix on the model is legal: it is a real partial linearization.
    let s = registerModel.init();
    for (const op of r.evidence.longestPrefix) {
      const next = registerModel.step(s, op.input, op.output);
      assert.notEqual(next, undefined);
      s = next as typeof s;
    }
  });

  it('stops at the first illegal partition: c50-bad costs fewer steps than deciding every key', () => {
    const ops = parseKv('c50-bad.txt');
    const r = checkLinearizability(kvModel, ops);
    assert.equal(r.kind, 'notLinearizable');
    const oneBig = ops.filter((op) => op.input.key === '0');
    assert.equal(checkLinearizability(kvModel, oneBig, { maxSteps: r.stats.steps }).kind, 'unknown');
  });

  it('a time limit of 0 ms ends a long check as unknown (timeLimit)', () => {
    const r = checkLinearizability(kvModel, parseKv('c50-ok.txt'), { timeLimitMs: 0 });
    assert.equal(r.kind, 'unknown');
    assert.equal(r.kind === 'unknown' && r.reason, 'timeLimit');
  });
});
