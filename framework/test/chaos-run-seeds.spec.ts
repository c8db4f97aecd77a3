import assert from 'node:assert/strict';
import { Assertions, runSeeds, System, type ChaosConfig, type Context, type Invariant, type Message, type Process } from '../src/index.js';

/** Keeps the last written value in memory only: a crash after the ACK loses an acknowledged write. */
class ForgetfulStore implements Process {
  value: string | null = null;
  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type === 'WRITE') {
      this.value = msg.data as string;
      ctx.send({ type: 'ACK', data: null }, from);
    } else if (msg.type === 'READ') {
      ctx.send({ type: 'VALUE', data: this.value }, from);
    }
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

/** Writes, waits for the ACK (retrying), then after 20 s reads back (retrying). */
class WriteThenRead implements Process {
  phase: 'idle' | 'writing' | 'waiting' | 'reading' | 'done' = 'idle';
  value = '';
  onLocalMessage(msg: Message, ctx: Context): void {
    this.value = msg.data as string;
    this.phase = 'writing';
    this.resend(ctx);
  }
  onMessage(msg: Message, _from: string, ctx: Context): void {
    if (msg.type === 'ACK' && this.phase === 'writing') {
      this.phase = 'waiting';
      ctx.sendLocal({ type: 'ACKED', data: this.value });
      ctx.setTimer('retry', 20);
    } else if (msg.type === 'VALUE' && this.phase === 'reading') {
      this.phase = 'done';
      ctx.cancelTimer('retry');
      ctx.sendLocal({ type: 'READ', data: msg.data });
    }
  }
  onTimer(_name: string, ctx: Context): void {
    if (this.phase === 'waiting') this.phase = 'reading';
    this.resend(ctx);
  }
  private resend(ctx: Context): void {
    if (this.phase === 'writing') ctx.send({ type: 'WRITE', data: this.value }, 'store');
    else if (this.phase === 'reading') ctx.send({ type: 'READ', data: null }, 'store');
    else return;
    ctx.setTimer('retry', 3);
  }
}

function storeSystem(seed: number, options: { trace: boolean }): System {
  const sys = new System({ seed, trace: options.trace, network: { minDelay: 0.5, maxDelay: 1.5 } });
  sys.addNode('ns');
  sys.addNode('nc');
  sys.addProcess('ns', 'store', () => new ForgetfulStore());
  sys.addProcess('nc', 'client', () => new WriteThenRead());
  return sys;
}

const storeWorkload = (sys: System, run: { always(c: boolean, n: string, d?: unknown): void }): void => {
  sys.sendLocalMessage('client', { type: 'WRITE', data: 'x' });
  sys.stepForDuration(120);
  const out = sys.readLocalMessages('client');
  const read = out.find((m) => m.type === 'READ');
  run.always(read !== undefined, 'the client finishes', out);
  run.always(read!.data === 'x', 'a read returns the acknowledged write', { read: read!.data });
};

const crashStore: ChaosConfig = { attrition: { interval: [1, 10], duration: [1, 5] }, nodes: ['ns'] };

/** Each process thinks it is primary when no lower-ranked process was heard from for 3 s. */
class Bully implements Process {
  primary = false;
  heard: Record<string, number> = {};
  constructor(private readonly ranks: string[]) {}
  onLocalMessage(_m: Message, ctx: Context): void {
    for (const p of this.ranks) this.heard[p] = ctx.time();
    this.primary = this.ranks[0] === ctx.self;
    ctx.setTimer('tick', 1);
  }
  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type === 'HB') this.heard[from] = ctx.time();
  }
  onTimer(_n: string, ctx: Context): void {
    const lower = this.ranks.slice(0, this.ranks.indexOf(ctx.self));
    this.primary = lower.every((p) => ctx.time() - this.heard[p]! > 3);
    for (const p of this.ranks) if (p !== ctx.self) ctx.send({ type: 'HB', data: null }, p);
    ctx.setTimer('tick', 1);
  }
}

function bullySystem(seed: number, options: { trace: boolean }): { system: System } {
  const ranks = ['a', 'b', 'c'];
  const system = new System({ seed, trace: options.trace, network: { minDelay: 0.1, maxDelay: 0.5 } });
  for (const p of ranks) {
    system.addNode(`n${p}`);
    system.addProcess(`n${p}`, p, () => new Bully(ranks));
  }
  return { system };
}

const bullyWorkload = ({ system }: { system: System }): void => {
  for (const p of system.processIds()) system.sendLocalMessage(p, { type: 'START', data: null });
  system.stepForDuration(60);
};

const onePrimary: Invariant = {
  name: 'at most one primary',
  holds: (sys) => sys.processIds().filter((p) => sys.processState(p)?.primary === true).length <= 1,
  describe: (sys) => `primaries: ${sys.processIds().filter((p) => sys.processState(p)?.primary === true).join(', ')}`,
};

describe('chaos: runSeeds', () => {
  it('passes the forgetful store on every seed without chaos', () => {
    const r = runSeeds(storeSystem, storeWorkload, { seeds: 30 });
    assert.equal(r.kind, 'passed');
    assert.equal(r.totals.runs, 30);
    assert.deepEqual(r.seeds, Array.from({ length: 30 }, (_, i) => i));
  });

  it('finds the lost acknowledged write with crash + recover within 30 seeds, and replays it to the same trace', () => {
    const r = runSeeds(storeSystem, storeWorkload, { seeds: 30, chaos: crashStore });
    assert.equal(r.kind, 'failed');
    if (r.kind !== 'failed') return;
    const f = r.first;
    assert.equal(f.kind, 'assertion');
    assert.equal(r.failures.length, 1, 'stops at the first failing seed');
    assert.equal(r.totals.runs, f.seed + 1);
    assert.match(f.message, /^always "a read returns the acknowledged write" failed at step \d+: \{"read":null\}/);
    assert.ok(f.message.endsWith(`(seed ${f.seed}; replay: runSeeds(build, workload, { seed: ${f.seed}, chaos }))`), f.message);
    const kinds = f.trace.events.map((e) => e.kind);
    assert.ok(kinds.includes('crash') && kinds.includes('recover'));
    assert.ok(r.totals.faults.crashes > 0);

    const again = runSeeds(storeSystem, storeWorkload, { seed: f.seed, chaos: crashStore });
    assert.equal(again.kind, 'failed');
    if (again.kind !== 'failed') return;
    assert.equal(again.first.message, f.message);
    assert.equal(JSON.stringify(again.first.trace), JSON.stringify(f.trace));
  });

  it('with continueOnFailure lists every failing seed, and each replays to the same failure', () => {
    const r = runSeeds(storeSystem, storeWorkload, { seeds: 20, chaos: crashStore, continueOnFailure: true });
    assert.equal(r.kind, 'failed');
    if (r.kind !== 'failed') return;
    assert.equal(r.totals.runs, 20);
    assert.ok(r.failures.length >= 3, `${r.failures.length} of 20 seeds fail`);
    assert.deepEqual(r.failures.map((f) => f.seed), [...new Set(r.failures.map((f) => f.seed))].sort((a, b) => a - b));
    for (const f of r.failures) {
      const again = runSeeds(storeSystem, storeWorkload, { seed: f.seed, chaos: crashStore });
      assert.equal(again.kind === 'failed' && again.first.message, f.message);
    }
  });

  it('finds a split brain with random partitions through an invariant, naming the step, and replays it', () => {
    const quiet = runSeeds(bullySystem, bullyWorkload, { seeds: 10, invariants: [onePrimary] });
    assert.equal(quiet.kind, 'passed');
    const chaos: ChaosConfig = { partitions: { interval: [1, 8], duration: [2, 10] } };
    const r = runSeeds(bullySystem, bullyWorkload, { seeds: 20, invariants: [onePrimary], chaos });
    assert.equal(r.kind, 'failed');
    if (r.kind !== 'failed') return;
    assert.equal(r.first.kind, 'invariant');
    assert.match(r.first.message, new RegExp(`^invariant "at most one primary" violated at step ${r.first.step}: primaries: a, [bc]`));
    const last = r.first.trace.events[r.first.trace.events.length - 1]!;
    assert.equal(last.step, r.first.step);
    assert.equal(last.kind, 'check');
    assert.ok(r.first.trace.events.some((e) => e.kind === 'network' && e.detail?.startsWith('partition')));
    const again = runSeeds(bullySystem, bullyWorkload, { seed: r.first.seed, invariants: [onePrimary], chaos });
    assert.equal(again.kind === 'failed' && JSON.stringify(again.first.trace), JSON.stringify(r.first.trace));
  });

  it('checks invariants every N steps and once more at the end', () => {
    let calls = 0;
    const counting: Invariant = { name: 'counted', holds: () => ++calls > 0 };
    const r = runSeeds(bullySystem, bullyWorkload, { seed: 1, invariants: [counting], invariantEvery: 10 });
    assert.equal(r.kind, 'passed');
    assert.equal(calls, Math.floor(r.totals.events / 10) + 1);
  });

  it('makes a StudentError a failure of its seed, and continues over seeds when told to', () => {
    const build = (seed: number): System => {
      const sys = new System({ seed });
      sys.addNode('n');
      sys.addProcess('n', 'p', () => ({
        onLocalMessage(_m: Message, ctx: Context) {
          if (ctx.random() < 2) throw new TypeError('boom');
        },
        onMessage() {},
        onTimer() {},
      }));
      return sys;
    };
    const progress: number[][] = [];
    const r = runSeeds(build, (sys) => sys.sendLocalMessage('p', { type: 'GO', data: null }), {
      seeds: 4,
      firstSeed: 100,
      continueOnFailure: true,
      onProgress: (done, total, failures) => progress.push([done, total, failures]),
      replayCommand: (seed) => `dsgrade replay kv --test t --seed ${seed}`,
    });
    assert.equal(r.kind, 'failed');
    if (r.kind !== 'failed') return;
    assert.deepEqual(r.failures.map((f) => f.seed), [100, 101, 102, 103]);
    assert.ok(r.failures.every((f) => f.kind === 'studentError'));
    assert.equal(r.first.message, 'process "p" threw in onLocalMessage at step 1: TypeError: boom (seed 100; replay: dsgrade replay kv --test t --seed 100)');
    assert.equal(r.first.replay, 'dsgrade replay kv --test t --seed 100');
    assert.deepEqual(progress, [[1, 4, 1], [2, 4, 2], [3, 4, 3], [4, 4, 4]]);
  });

  it('makes a throwing constructor a failure of its seed', () => {
    const build = (seed: number): System => {
      const sys = new System({ seed });
      sys.addNode('n');
      sys.addProcess('n', 'p', () => {
        throw new Error('no');
      });
      return sys;
    };
    const r = runSeeds(build, () => {}, { seeds: 3 });
    assert.equal(r.kind === 'failed' && r.first.kind, 'studentError');
    assert.equal(r.kind === 'failed' && r.first.trace.events.length, 0);
  });

  it('runs without traces and reruns the failing seed with one when traceFailuresOnly is set', () => {
    const full = runSeeds(storeSystem, storeWorkload, { seeds: 30, chaos: crashStore });
    const fast = runSeeds(storeSystem, storeWorkload, { seeds: 30, chaos: crashStore, traceFailuresOnly: true });
    assert.ok(full.kind === 'failed' && fast.kind === 'failed');
    if (full.kind !== 'failed' || fast.kind !== 'failed') return;
    assert.equal(fast.first.reproduced, true);
    assert.equal(fast.first.seed, full.first.seed);
    assert.equal(JSON.stringify(fast.first.trace), JSON.stringify(full.first.trace));
    assert.deepEqual(fast.coverage, full.coverage, 'the rerun does not count twice');
  });

  it('reports a workload that throws as a failure with the workload message', () => {
    const r = runSeeds(storeSystem, () => {
      throw new Error('expected 3 replies, got 2');
    }, { seed: 9 });
    assert.equal(r.kind === 'failed' && r.first.message, 'expected 3 replies, got 2 (seed 9; replay: runSeeds(build, workload, { seed: 9 }))');
  });

  it('reports totals: runs, events, simulated time, wall time', () => {
    const r = runSeeds(bullySystem, bullyWorkload, { seeds: 3 });
    assert.equal(r.totals.runs, 3);
    assert.ok(r.totals.events > 3 * 100);
    assert.equal(r.totals.simulatedTime, 180);
    assert.ok(r.totals.wallTimeMs > 0);
  });

  it('rejects bad options with the function name and what to pass', () => {
    const w = (): void => {};
    assert.throws(() => runSeeds(storeSystem, w, {} as never), /^Error: runSeeds: pass exactly one of seeds, untilAllSometimesReached or seed; got none/);
    assert.throws(() => runSeeds(storeSystem, w, { seeds: 2, seed: 1 } as never), /got seeds and seed/);
    assert.throws(() => runSeeds(storeSystem, w, { seeds: 0 }), /^Error: runSeeds: seeds must be a positive integer/);
    assert.throws(() => runSeeds(storeSystem, w, { seed: -1 }), /^Error: runSeeds: seed must be an integer seed/);
    assert.throws(() => runSeeds(storeSystem, w, { seeds: 1, chaos: { partitons: {} } as never }), /^Error: runSeeds: unknown chaos option "partitons"/);
    assert.throws(() => runSeeds(storeSystem, w, { seeds: 1, chaos: { nodes: ['nx'] } }), /^Error: applyChaos: chaos.nodes names unknown node\(s\) nx/);
    assert.throws(() => runSeeds(storeSystem, w, { seeds: 1, invariants: [{ name: 'x' }] as never }), /^Error: runSeeds: invariants\[0\] must be/);
    assert.throws(() => runSeeds(() => ({}) as never, w, { seeds: 1 }), /^Error: runSeeds: build\(seed\) must return a System/);
    assert.throws(() => runSeeds(storeSystem, w, { seeds: 1, assertions: {} as Assertions }), /^Error: runSeeds: assertions must be an Assertions object/);
  });
});
