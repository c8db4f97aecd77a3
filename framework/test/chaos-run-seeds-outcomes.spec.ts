import assert from 'node:assert/strict';
import { CheckFailure, runSeeds, System, type Context, type Invariant, type Message, type Process } from '../src/index.js';

/** Sends `n` PINGs to its peer on a local message; the peer answers each. */
class Pinger implements Process {
  got = 0;
  constructor(private readonly peer: string) {}
  onLocalMessage(msg: Message, ctx: Context): void {
    for (let i = 0; i < (msg.data as number); i++) ctx.send({ type: 'PING', data: 'x'.repeat(i * 10) }, this.peer);
  }
  onMessage(msg: Message, from: string, ctx: Context): void {
    this.got++;
    if (msg.type === 'PING') ctx.send({ type: 'PONG', data: null }, from);
  }
  onTimer(): void {}
}

function pair(seed: number, o: { trace: boolean }): System {
  const sys = new System({ seed, trace: o.trace, network: { minDelay: 0.1, maxDelay: 1 } });
  sys.addNode('na');
  sys.addNode('nb');
  sys.addProcess('na', 'a', () => new Pinger('b'));
  sys.addProcess('nb', 'b', () => new Pinger('a'));
  return sys;
}

const ping = (n: number) => (sys: System) => {
  sys.sendLocalMessage('a', { type: 'GO', data: n });
  sys.stepUntilNoEvents(10_000);
};

describe('chaos: runSeeds outcomes, limits and per-run records', () => {
  it('gives every result an outcome, per-run counters and the last run', () => {
    const r = runSeeds(pair, ping(3), { seeds: 4 });
    assert.equal(r.kind, 'passed');
    assert.deepEqual(r.outcome, { status: 'passed' });
    assert.equal(r.totals.messages, 4 * 6, 'three PINGs and three PONGs per seed');
    assert.equal(r.last.seed, 3);
    assert.equal(r.last.messages, 6);
    assert.ok(r.last.trace !== null && r.last.trace.events.length > 0, 'runs are traced by default');
    const fast = runSeeds(pair, ping(3), { seeds: 4, traceFailuresOnly: true });
    assert.equal(fast.last.trace, null);
  });

  it('fails a run past a limit with a limit outcome naming it, its value and the step', () => {
    const r = runSeeds(pair, ping(5), { seeds: 2, limits: { maxMessages: 4 } });
    assert.equal(r.kind, 'failed');
    if (r.kind !== 'failed') return;
    assert.equal(r.first.kind, 'limit');
    assert.deepEqual(r.outcome, { status: 'limit', limit: 'maxMessages', value: 4, message: 'limit maxMessages = 4 reached: 5 network messages sent in total' });
    assert.equal(r.first.cause, 'limit maxMessages = 4 reached: 5 network messages sent in total');
    assert.ok(r.first.step >= 1);
    assert.equal(r.first.trace.events.at(-1)?.kind, 'check', 'the trace ends with why the run failed');
    const bytes = runSeeds(pair, ping(5), { seeds: 1, limits: { maxMessageBytes: 30 } });
    assert.equal(bytes.outcome.status === 'limit' && bytes.outcome.limit, 'maxMessageBytes');
    assert.throws(() => runSeeds(pair, ping(1), { seeds: 1, limits: { maxSteps: -1 } }), /^Error: runSeeds: limits.maxSteps must be a non-negative number/);
    assert.throws(() => runSeeds(pair, ping(1), { seeds: 1, limits: { steps: 3 } as never }), /^Error: runSeeds: limits.steps is not a limit; pass some of maxSteps/);
  });

  it('carries a CheckFailure\'s check name and source position into the outcome', () => {
    const at = { file: 'pp/tests/t.yaml', line: 7, column: 5 };
    const r = runSeeds(pair, (sys) => {
      ping(1)(sys);
      throw new CheckFailure('b got nothing', 'gotSomething', at);
    }, { seeds: 3, firstSeed: 10 });
    assert.equal(r.kind, 'failed');
    if (r.kind !== 'failed') return;
    assert.equal(r.first.kind, 'check');
    assert.deepEqual(r.outcome, { status: 'failed', check: 'gotSomething', message: 'b got nothing', at });
    assert.equal(r.first.seed, 10);
    assert.equal(r.first.run.seed, 10);
    assert.equal(r.first.run.messages, 2);
  });

  it('marks the traced rerun of the failing seed with onRerun, once, and only when it reruns', () => {
    const seen: number[] = [];
    const fail = (sys: System) => {
      ping(1)(sys);
      if (sys.random().next() < 2) throw new CheckFailure('always fails');
    };
    runSeeds(pair, fail, { seeds: 3, firstSeed: 4, traceFailuresOnly: true, onRerun: (s) => seen.push(s) });
    assert.deepEqual(seen, [4]);
    runSeeds(pair, fail, { seeds: 3, onRerun: (s) => seen.push(s) });
    assert.deepEqual(seen, [4], 'traced runs are not rerun');
  });

  it('checks each invariant at its own period', () => {
    const calls = { often: 0, rarely: 0 };
    const often: Invariant = { name: 'often', holds: () => ++calls.often > 0 };
    const rarely: Invariant = { name: 'rarely', every: 3, holds: () => ++calls.rarely > 0 };
    const r = runSeeds(pair, ping(4), { seed: 2, invariants: [often, rarely] });
    assert.equal(r.kind, 'passed');
    assert.equal(calls.often, r.totals.events + 1, 'every step, and once more at the end since one invariant is sparse');
    assert.equal(calls.rarely, Math.floor(r.totals.events / 3) + 1);
    assert.throws(() => runSeeds(pair, ping(1), { seed: 1, invariants: [{ ...rarely, every: 0 }] }), /invariants\[0\]\.every must be a positive integer/);
  });

  it('names every `sometimes` never reached in a failed outcome naming no seed', () => {
    const r = runSeeds(pair, (sys, run) => {
      ping(1)(sys);
      run.sometimes(false, 'never');
    }, { untilAllSometimesReached: 3 });
    assert.equal(r.kind, 'sometimesMissed');
    assert.deepEqual(r.outcome, { status: 'failed', check: 'never', message: 'sometimes-assertion(s) never reached in 3 seeds: never', at: null });
  });
});
