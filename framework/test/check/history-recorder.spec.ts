import { strict as assert } from 'node:assert';
import { HistoryRecorder, linearizabilityVerdict, kvModel, ModelChecker, simView, System, type KvInput, type KvOutput, type Operation } from '../../src/index.js';
import { PongServer, RetryingClient } from '../fixtures.js';

/** A client that answers each local request with a PONG, over a server 1 s away. */
function pingSystem(seed = 1): System {
  const sys = new System({ seed, network: { minDelay: 1, maxDelay: 1 } });
  sys.addNode('n1');
  sys.addNode('n2');
  sys.addProcess('n1', 'server', () => new PongServer());
  sys.addProcess('n2', 'client', () => new RetryingClient('server'));
  return sys;
}

/** Runs the system to quiet, feeding the recorder after every step as a test's invariant does. */
function runRecorded(sys: System, rec: HistoryRecorder): void {
  const view = simView(sys);
  rec.record(view);
  while (sys.step()) assert.equal(rec.record(view), true);
}

describe('HistoryRecorder', () => {
  it('records when each request was sent and when each answer came, with its sender and data', () => {
    const rec = new HistoryRecorder();
    const sys = pingSystem();
    sys.sendLocalMessage('client', { type: 'GO', data: 'a' });
    runRecorded(sys, rec);
    const h = rec.history(simView(sys));
    assert.ok(h !== null);
    assert.deepEqual(h.requests, [0]);
    assert.deepEqual(h.answers, [{ proc: 'client', type: 'PONG', data: 'a', time: 2 }]);
    assert.equal(h.run, 1);
  });

  it('starts a new record when a new run begins (its counters go back), through any view object', () => {
    const rec = new HistoryRecorder();
    const first = pingSystem(1);
    first.sendLocalMessage('client', { type: 'GO', data: 'a' });
    runRecorded(first, rec);
    const second = pingSystem(2);
    second.sendLocalMessage('client', { type: 'GO', data: 'b' });
    assert.equal(rec.runNumber(simView(second)), 2);
    runRecorded(second, rec);
    const h = rec.history(simView(second));
    assert.deepEqual(h?.answers.map((a) => a.data), ['b']);
    assert.equal(h?.run, 2);
  });

  it('has no history for a run it did not see step by step', () => {
    const rec = new HistoryRecorder();
    const sys = pingSystem();
    rec.record(simView(sys));
    sys.sendLocalMessage('client', { type: 'GO', data: 'a' });
    sys.stepUntilNoEvents(100);
    assert.equal(rec.history(simView(sys)), null, 'a request arrived that the recorder never saw sent');
  });

  it('refuses model checking, which has no time, and a missing view', () => {
    const rec = new HistoryRecorder();
    const sys = pingSystem();
    sys.sendLocalMessage('client', { type: 'GO', data: 'a' });
    let said: string | true = true;
    new ModelChecker(sys, { invariant: (v) => (said = rec.record(v)), maxDepth: 2 }).run();
    assert.match(String(said), /only sim tests/);
    assert.equal(rec.runNumber(simView(pingSystem())), 1);
    assert.throws(() => rec.record(undefined as never), /^Error: HistoryRecorder\.record: pass the SystemView/);
  });
});

describe('linearizabilityVerdict', () => {
  type KvOp = Operation<KvInput, KvOutput>;
  const put = (client: string, value: string, call: number, ret: number | undefined): KvOp => ({ client, input: { kind: 'put', key: 'k', value }, output: null, call, return: ret });
  const get = (client: string, value: string | null, call: number, ret: number): KvOp => ({ client, input: { kind: 'get', key: 'k' }, output: value, call, return: ret });

  it('is true for a linearizable history', () => {
    assert.equal(linearizabilityVerdict(kvModel, [put('a', '1', 0, 1), get('b', '1', 2, 3)]), true);
  });

  it('explains a stale read: the order that works, what cannot come next, every operation on the key', () => {
    const msg = linearizabilityVerdict(kvModel, [put('a', '1', 0, 1), get('b', null, 2, 3), put('c', '2', 4, undefined)], { neverReturned: 'lost' });
    assert.equal(typeof msg, 'string');
    const lines = String(msg).split('\n');
    assert.match(lines[0]!, /^the answers are not linearizable: no order of the operations on key "k" fits their times/);
    assert.ok(lines.includes('after which none of these can come next:'), String(msg));
    assert.ok(lines.some((l) => /^ {2}b: .*\[2\.000, 3\.000\]$/.test(l)), String(msg));
    assert.ok(lines.some((l) => /^ {2}c: .*\[4\.000, lost\]$/.test(l)), 'an unanswered write shows the caller\'s label');
    assert.match(String(msg), /All 3 operations on key "k", by answer time:/);
  });

  it('says when the budget ran out instead of guessing', () => {
    const ops: KvOp[] = [];
    for (let i = 0; i < 12; i++) ops.push(put(`w${i}`, String(i), 0, 100));
    ops.push(get('r', 'none of them', 0, 100));
    assert.match(String(linearizabilityVerdict(kvModel, ops, { maxSteps: 10 })), /could not decide within its budget/);
  });

  it('checks its arguments', () => {
    assert.throws(() => linearizabilityVerdict(null as never, []), /^Error: linearizabilityVerdict: pass a model/);
    assert.throws(() => linearizabilityVerdict(kvModel, 'x' as never), /^Error: linearizabilityVerdict: pass the history as an array/);
  });
});
