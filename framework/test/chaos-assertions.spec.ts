import assert from 'node:assert/strict';
import { always, AssertionFailure, Assertions, runSeeds, sometimes, System, type Context, type Message, type Process } from '../src/index.js';

/** Counts ticks; asserts through the global `always` / `sometimes` from inside its handler. */
class Ticker implements Process {
  ticks = 0;
  constructor(
    private readonly failAt: number,
    private readonly swallow: boolean,
  ) {}
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.setTimer('tick', 1);
  }
  onMessage(): void {}
  onTimer(_n: string, ctx: Context): void {
    this.ticks++;
    sometimes(ctx.random() < 0.1, 'rare tick');
    try {
      always(this.ticks !== this.failAt, 'tick limit', { ticks: this.ticks });
    } catch (e) {
      if (!this.swallow) throw e;
    }
    if (this.ticks < 10) ctx.setTimer('tick', 1);
  }
}

function ticker(failAt: number, swallow = false) {
  return (seed: number) => {
    const sys = new System({ seed });
    sys.addNode('n');
    sys.addProcess('n', 't', () => new Ticker(failAt, swallow));
    return sys;
  };
}

const start = (sys: System): void => {
  sys.sendLocalMessage('t', { type: 'GO', data: null });
  sys.stepUntilNoEvents();
};

describe('chaos: always / sometimes', () => {
  it('fails the run at once when an always is false, with its name, details and step', () => {
    const r = runSeeds(ticker(4), start, { seed: 3 });
    assert.equal(r.kind, 'failed');
    if (r.kind !== 'failed') return;
    assert.equal(r.first.kind, 'assertion');
    assert.match(r.first.message, /^always "tick limit" failed at step 5: \{"ticks":4\} \(in process "t", onTimer\) \(seed 3; replay: runSeeds\(build, workload, \{ seed: 3 \}\)\)$/);
    assert.equal(r.first.step, 5);
    const fires = r.first.trace.events.filter((e) => e.kind === 'timer-fire').length;
    assert.equal(fires, 4, 'nothing ran after the failing step');
    assert.equal(r.coverage.always[0]!.failures, 1);
  });

  it('still fails the run when the code under test catches the AssertionFailure', () => {
    const r = runSeeds(ticker(4, true), start, { seed: 3 });
    assert.equal(r.kind, 'failed');
    if (r.kind !== 'failed') return;
    assert.equal(r.first.step, 5);
    assert.match(r.first.message, /^always "tick limit" failed at step 5/);
    assert.equal(r.first.trace.events.filter((e) => e.kind === 'timer-fire').length, 10, 'the run went on, but failed');
  });

  it('fails through run.always from the workload too', () => {
    const r = runSeeds(ticker(0), (sys, run) => {
      start(sys);
      run.always((sys.processState('t')!.ticks as number) > 10, 'more than 10 ticks', `got ${String(sys.processState('t')!.ticks)}`);
    }, { seeds: 5 });
    assert.equal(r.kind === 'failed' && r.first.message, 'always "more than 10 ticks" failed at step 11: got 10 (seed 0; replay: runSeeds(build, workload, { seed: 0 }))');
  });

  it('accumulates sometimes coverage across seeds and lists the never-true and never-executed ones', () => {
    const assertions = new Assertions({ sometimes: ['never reached', 'rare tick'] });
    const r = runSeeds(ticker(0), (sys, run) => {
      start(sys);
      run.sometimes(false, 'never true');
      run.sometimes(sys.seed === 2, 'seed two');
    }, { seeds: 20, assertions });
    assert.equal(r.kind, 'sometimesMissed');
    if (r.kind !== 'sometimesMissed') return;
    assert.deepEqual(r.missed, ['never true', 'never reached']);
    assert.deepEqual(r.coverage.neverTrue, ['never true']);
    assert.deepEqual(r.coverage.neverExecuted, ['never reached']);
    const byName = new Map(r.coverage.sometimes.map((s) => [s.name, s]));
    const rare = byName.get('rare tick')!;
    assert.equal(rare.evaluations, 200, 'counted over all seeds, not reset per seed');
    assert.ok(rare.hits > 5 && rare.hits < 40, `rare hits ${rare.hits}`);
    assert.ok(rare.seedsHit > 1 && rare.seedsHit <= rare.hits);
    assert.deepEqual(byName.get('seed two'), { name: 'seed two', evaluations: 20, hits: 1, seedsHit: 1, firstSeed: 2 });
    assert.equal(byName.get('never reached')!.evaluations, 0);
  });

  it('passes when every sometimes was true in some seed', () => {
    const r = runSeeds(ticker(0), (sys, run) => {
      start(sys);
      run.sometimes(sys.seed % 3 === 0, 'every third seed');
    }, { seeds: 5 });
    assert.equal(r.kind, 'passed');
  });

  it('stops untilAllSometimesReached as soon as every sometimes was true', () => {
    const assertions = new Assertions({ sometimes: ['rare tick', 'seed seven'] });
    const r = runSeeds(ticker(0), (sys, run) => {
      start(sys);
      run.sometimes(sys.seed === 7, 'seed seven');
    }, { untilAllSometimesReached: 50, assertions });
    assert.equal(r.kind, 'passed');
    assert.equal(r.totals.runs, 8);
    assert.deepEqual(r.seeds, [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('runs all seeds of untilAllSometimesReached and reports the missed ones when one is never reached', () => {
    const progress: number[] = [];
    const r = runSeeds(ticker(0), (sys, run) => {
      start(sys);
      run.sometimes(sys.seed < 0, 'impossible');
    }, { untilAllSometimesReached: 12, firstSeed: 40, onProgress: (_d, total) => progress.push(total) });
    assert.equal(r.kind === 'sometimesMissed' && r.missed.join(), 'impossible');
    assert.equal(r.totals.runs, 12);
    assert.ok(progress.every((t) => t === 12));
  });

  it('throws from the global always outside a run and ignores sometimes there', () => {
    assert.doesNotThrow(() => always(true, 'fine'));
    assert.throws(() => always(false, 'outside', 42), (e: unknown) => e instanceof AssertionFailure && e.assertion === 'outside' && e.step === null && e.details === 42 && e.message === 'always "outside" failed: 42');
    assert.doesNotThrow(() => sometimes(false, 'outside'));
  });

  it('rejects a missing assertion name', () => {
    const a = new Assertions();
    assert.throws(() => a.always(true, ''), /^Error: always: pass a non-empty assertion name/);
    assert.throws(() => a.sometimes(true, undefined as unknown as string), /^Error: sometimes: pass a non-empty assertion name/);
    assert.throws(() => new Assertions({ sometimes: [''] }), /^Error: declareSometimes: pass a non-empty assertion name/);
    assert.throws(() => sometimes(true, ''), /^Error: sometimes: pass a non-empty assertion name/);
  });
});
