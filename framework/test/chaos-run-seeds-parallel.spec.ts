import assert from 'node:assert/strict';
import {
  always,
  reportSeed,
  runSeeds,
  runSeedsParallel,
  sometimes,
  System,
  type Context,
  type Message,
  type Process,
  type RunSeedsOptions,
  type RunSeedsResult,
  type SeedPool,
  type SeedReport,
} from '../src/index.js';

/** Rolls one seeded die: `always` fails below `failBelow`, `sometimes` notes rare rolls. */
class Roller implements Process {
  roll = -1;
  constructor(private readonly failBelow: number) {}
  onLocalMessage(_m: Message, ctx: Context): void {
    this.roll = ctx.random();
    sometimes(this.roll > 0.9, 'high roll');
    sometimes(this.roll < 0.1, 'low roll');
    always(this.roll >= this.failBelow, 'roll high enough', { roll: this.roll });
    ctx.setTimer('done', 1);
  }
  onMessage(): void {}
  onTimer(): void {}
}

function build(failBelow: number) {
  return (seed: number, { trace }: { trace: boolean }) => {
    const sys = new System({ seed, trace });
    sys.addNode('n');
    sys.addProcess('n', 'r', () => new Roller(failBelow));
    return sys;
  };
}

const workload = (sys: System): void => {
  sys.sendLocalMessage('r', { type: 'ROLL', data: null });
  sys.stepUntilNoEvents();
};

/** The first roll of each seed, as the Roller sees it. */
function rollOf(seed: number): number {
  const sys = build(-1)(seed, { trace: false });
  workload(sys);
  return (sys.processInstance('r') as Roller).roll;
}

/** A pool that runs seeds in this process but answers after `delay(seed)` ms; it records each request with the lowest failure it knew of. */
function fakePool(failBelow: number, options: RunSeedsOptions, delay: (seed: number) => number, size = 3, refuse: (seed: number) => boolean = () => false) {
  const requests: { seed: number; knownFailure: number }[] = [];
  const arrivals: number[] = [];
  let knownFailure = Infinity;
  const pool: SeedPool = {
    size,
    run: (seed) => {
      requests.push({ seed, knownFailure });
      const report = reportSeed(seed, build(failBelow), workload, options);
      return new Promise<SeedReport | null>((resolve) =>
        setTimeout(() => {
          arrivals.push(seed);
          if (report.failure !== null) knownFailure = Math.min(knownFailure, seed);
          resolve(refuse(seed) ? null : report);
        }, delay(seed)),
      );
    },
  };
  return { pool, requests, arrivals };
}

/** The result with its wall times zeroed: everything else must match byte for byte. */
function stable(r: RunSeedsResult): string {
  return JSON.stringify(r, (k, v: unknown) => (k === 'wallTimeMs' ? 0 : v));
}

describe('runSeedsParallel', () => {
  it('gives the result of runSeeds on a passing run, coverage included, whichever seed finished first', async () => {
    const options: RunSeedsOptions = { seeds: 24, traceFailuresOnly: true };
    const serial = runSeeds(build(0), workload, options);
    const { pool, requests } = fakePool(0, options, (s) => (24 - s) * 3);
    const parallel = await runSeedsParallel(build(0), workload, options, { pool });
    assert.equal(serial.coverage.sometimes.length, 2);
    assert.ok(serial.coverage.sometimes.some((c) => c.hits > 1 && c.seedsHit > 1));
    assert.equal(stable(parallel), stable(serial));
    assert.equal(requests.length, 24);
  });

  it('reports the lowest failing seed when a higher one fails first, and starts no seed above a known failure', async () => {
    const seeds = Array.from({ length: 30 }, (_, i) => i);
    const failing = seeds.filter((s) => rollOf(s) < 0.3);
    assert.ok(failing.length >= 3, `the fixture needs several failing seeds, got ${failing.join(', ')}`);
    const options: RunSeedsOptions = { seeds: 30, traceFailuresOnly: true };
    const serial = runSeeds(build(0.3), workload, options);
    // The lowest failing seed answers last of all; every other seed at once.
    const { pool, requests, arrivals } = fakePool(0.3, options, (s) => (s === failing[0] ? 60 : 1));
    const parallel = await runSeedsParallel(build(0.3), workload, options, { pool });
    assert.equal(parallel.kind, 'failed');
    assert.equal(parallel.kind === 'failed' && parallel.first.seed, failing[0]);
    assert.equal(stable(parallel), stable(serial));
    assert.ok(arrivals.indexOf(failing[1]!) >= 0 && arrivals.indexOf(failing[1]!) < arrivals.indexOf(failing[0]!), 'a higher failing seed answered before the lowest');
    for (const r of requests) assert.ok(r.seed < r.knownFailure, `seed ${r.seed} was started after seed ${r.knownFailure} had failed`);
  });

  it('stops where runSeeds stops when every sometimes was reached, and ignores seeds run past it', async () => {
    const options: RunSeedsOptions = { untilAllSometimesReached: 200, traceFailuresOnly: true };
    const serial = runSeeds(build(0), workload, options);
    assert.ok(serial.seeds.length > 3 && serial.seeds.length < 200);
    const { pool } = fakePool(0, options, (s) => (s % 4) * 2, 4);
    assert.equal(stable(await runSeedsParallel(build(0), workload, options, { pool })), stable(serial));
  });

  it('runs a seed the pool could not run on this thread, in its turn', async () => {
    const options: RunSeedsOptions = { seeds: 30, traceFailuresOnly: true };
    const serial = runSeeds(build(0.3), workload, options);
    const here: number[] = [];
    const counted: (number | null)[] = [];
    const { pool } = fakePool(0.3, options, () => 1, 3, (s) => s % 2 === 0);
    const withHere: SeedPool = { ...pool, run: pool.run, here: (fn) => { here.push(1); return fn(); } };
    const parallel = await runSeedsParallel(build(0.3), workload, options, { pool: withHere, onCounted: (s, r) => counted.push(r === null ? -s - 1 : s) });
    assert.equal(stable(parallel), stable(serial));
    assert.deepEqual(counted.map((c) => (c! < 0 ? -c! - 1 : c)), serial.seeds);
    assert.ok(counted.some((c) => c! < 0) && here.length > 0);
  });

  it('is runSeeds for one worker, one seed or traced runs', async () => {
    const requested: number[] = [];
    const pool: SeedPool = { size: 1, run: (s) => (requested.push(s), Promise.resolve(null)) };
    const r = await runSeedsParallel(build(0.3), workload, { seeds: 10, traceFailuresOnly: true }, { pool });
    assert.equal(stable(r), stable(runSeeds(build(0.3), workload, { seeds: 10, traceFailuresOnly: true })));
    const wide: SeedPool = { size: 4, run: pool.run };
    await runSeedsParallel(build(0.3), workload, { seeds: 10 }, { pool: wide });
    await runSeedsParallel(build(0.3), workload, { seed: 3, traceFailuresOnly: true }, { pool: wide });
    assert.deepEqual(requested, []);
  });

  it('checks its pool', async () => {
    await assert.rejects(runSeedsParallel(build(0), workload, { seeds: 2 }, {} as never), /runSeedsParallel: pass \{ pool \}/);
  });
});
