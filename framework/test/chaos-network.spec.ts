import assert from 'node:assert/strict';
import { applyChaos, System, type ChaosConfig, type Context, type Message, type Process, type TraceEvent } from '../src/index.js';

/** Pings every peer once per second for `rounds` seconds; answers pings with pongs. */
class Chatter implements Process {
  round = 0;
  clock: number[] = [];
  constructor(
    private readonly peers: string[],
    private readonly rounds: number,
  ) {}
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.setTimer('tick', 1);
  }
  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type === 'PING') ctx.send({ type: 'PONG', data: msg.data }, from);
  }
  onTimer(_n: string, ctx: Context): void {
    this.round++;
    this.clock.push(ctx.time());
    for (const p of this.peers) if (p !== ctx.self) ctx.send({ type: 'PING', data: this.round }, p);
    if (this.round < this.rounds) ctx.setTimer('tick', 1);
  }
}

function chatter(seed: number, n = 4, rounds = 60) {
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const sys = new System({ seed, network: { minDelay: 0.2, maxDelay: 1 } });
  for (const id of ids) {
    sys.addNode(`n-${id}`);
    sys.addProcess(`n-${id}`, id, () => new Chatter(ids, rounds));
  }
  return sys;
}

function start(sys: System): void {
  for (const p of sys.processIds()) sys.sendLocalMessage(p, { type: 'START', data: null });
}

const everything: ChaosConfig = {
  dropRate: 0.05,
  dupRate: 0.05,
  corruptRate: 0.01,
  maxDrift: 0.05,
  delays: { probability: 0.1, max: 3 },
  clogging: { interval: [2, 6], duration: [1, 4] },
  partitions: { interval: [5, 15], duration: [2, 6] },
  attrition: { interval: [5, 15], duration: [1, 5], maxDown: 1 },
};

const notes = (events: TraceEvent[], prefix: string): TraceEvent[] => events.filter((e) => e.detail?.startsWith(prefix));

describe('chaos: network faults', () => {
  it('writes every fault to the trace and counts it', () => {
    const sys = chatter(4);
    const report = applyChaos(sys, everything);
    start(sys);
    sys.stepUntilNoEvents();
    const ev = sys.trace().events;
    const f = report.faults();
    assert.equal(notes(ev, 'config ').length, 1);
    assert.equal(notes(ev, 'chaos: link').filter((e) => e.detail!.endsWith('s')).length, f.clogs);
    assert.equal(notes(ev, 'chaos: link').filter((e) => e.detail!.endsWith('unclogged')).length, f.clogs);
    assert.equal(notes(ev, 'chaos: message').filter((e) => e.detail!.includes('clogged link')).length, f.cloggedMessages);
    assert.equal(notes(ev, 'chaos: message').filter((e) => e.detail!.includes('extra')).length, f.delayedMessages);
    assert.equal(notes(ev, 'partition [').length, f.partitions);
    assert.equal(notes(ev, 'chaos: partition [').length, f.partitions, 'every partition healed');
    assert.equal(ev.filter((e) => e.kind === 'crash').length, f.crashes);
    assert.equal(ev.filter((e) => e.kind === 'recover').length, f.recoveries);
    for (const k of ['clogs', 'cloggedMessages', 'delayedMessages', 'partitions', 'crashes'] as const) assert.ok(f[k] > 0, `${k} happened`);
    assert.ok(ev.some((e) => e.kind === 'drop' && e.detail === 'network drop'));
    assert.ok(ev.some((e) => e.kind === 'duplicate'));
    assert.match(notes(ev, 'chaos: message')[0]!.detail!, /^chaos: message #\d+ /);
  });

  it('gives byte-identical traces for the same seed and different ones for different seeds', () => {
    const traces = new Set<string>();
    for (let seed = 0; seed < 15; seed++) {
      const runs = [0, 1].map(() => {
        const sys = chatter(seed, 4, 30);
        applyChaos(sys, everything);
        start(sys);
        sys.stepUntilNoEvents();
        return JSON.stringify(sys.trace());
      });
      assert.equal(runs[0], runs[1], `seed ${seed}`);
      traces.add(runs[0]!);
    }
    assert.equal(traces.size, 15);
  });

  it('ends every fault: once the processes are quiet no node is down, no link cut or clogged', () => {
    for (let seed = 0; seed < 10; seed++) {
      const sys = chatter(seed);
      applyChaos(sys, everything);
      start(sys);
      sys.stepUntilNoEvents();
      assert.ok(sys.nodeNames().every((n) => !sys.isCrashed(n)));
      assert.deepEqual(sys.snapshot().links, { disabled: [], disconnected: [] });
      const ev = sys.trace().events;
      const lastFault = [...ev].reverse().find((e) => e.detail?.startsWith('chaos:') && !e.detail.includes('unclogged') && !e.detail.includes('healed'));
      const lastEnd = [...ev].reverse().find((e) => e.detail?.includes('unclogged') || e.detail?.includes('healed') || e.kind === 'recover');
      assert.ok(lastFault === undefined || lastEnd === undefined || lastEnd.step >= lastFault.step);
    }
  });

  it('keeps at most maxDown nodes down at once and crashes only the allowed nodes', () => {
    let maxSeen = 0;
    const crashed = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      const sys = chatter(seed, 5);
      applyChaos(sys, { attrition: { interval: [0.5, 2], duration: [2, 8], maxDown: 2 }, nodes: ['n-p0', 'n-p1', 'n-p2'] });
      sys.addStepHook((s) => {
        const down = s.nodeNames().filter((n) => s.isCrashed(n));
        down.forEach((n) => crashed.add(n));
        maxSeen = Math.max(maxSeen, down.length);
      });
      start(sys);
      sys.stepUntilNoEvents();
    }
    assert.equal(maxSeen, 2);
    assert.deepEqual([...crashed].sort(), ['n-p0', 'n-p1', 'n-p2']);
  });

  it('holds messages on a clogged link instead of dropping them', () => {
    const sys = chatter(6);
    const report = applyChaos(sys, { clogging: { interval: [1, 3], duration: [2, 5] } });
    start(sys);
    sys.stepUntilNoEvents();
    const stats = sys.stats();
    assert.equal(stats.total.dropped, 0);
    assert.equal(stats.total.delivered, stats.total.sent);
    const ev = sys.trace().events;
    const sentAt = new Map(ev.filter((e) => e.kind === 'send').map((e) => [e.id, e.time]));
    const late = ev.filter((e) => e.kind === 'deliver' && e.time - sentAt.get(e.id)! > 1 + 1e-9);
    const held = new Map<number, number>();
    for (const e of ev) {
      const m = /^chaos: message #(\d+) held by clogged link .* until t=([\d.]+)$/.exec(e.detail ?? '');
      if (m !== null) held.set(Number(m[1]), Number(m[2]));
    }
    assert.equal(held.size, report.faults().cloggedMessages);
    assert.ok(held.size > 0);
    assert.ok(late.length > 0 && late.every((e) => held.has(e.id!)), 'only held messages arrive late');
    for (const e of ev) if (e.kind === 'deliver' && held.has(e.id!)) assert.ok(e.time >= held.get(e.id!)! - 0.001, `message #${e.id} left before the link unclogged`);
  });

  it('starts no fault after `until` and none while the system is quiet', () => {
    const sys = chatter(2);
    applyChaos(sys, { ...everything, until: 20 });
    start(sys);
    sys.stepUntilNoEvents();
    const starts = sys.trace().events.filter((e) => e.kind === 'crash' || e.detail?.startsWith('partition [') || /clogged for/.test(e.detail ?? ''));
    assert.ok(starts.length > 0);
    assert.ok(starts.every((e) => e.time <= 20));

    const quiet = chatter(2);
    applyChaos(quiet, everything);
    const steps = quiet.stepUntilNoEvents();
    assert.ok(steps <= 3, `a quiet system stops after the first chaos ticks (${steps} steps)`);
    start(quiet);
    quiet.stepUntilNoEvents();
    assert.ok(quiet.trace().events.some((e) => e.kind === 'crash'), 'chaos wakes up when the processes do');
  });

  it('applies clock drift to the nodes', () => {
    const sys = chatter(3, 3, 5);
    applyChaos(sys, { maxDrift: 0.2 });
    start(sys);
    sys.stepUntilNoEvents();
    const readings = sys.processIds().map((p) => (sys.processInstance(p) as Chatter).clock[4]);
    assert.ok(new Set(readings).size === 3 && readings.some((t) => t !== 5), `clocks ${readings.join(', ')}`);
  });

  it('rejects bad configs with the function name and the field', () => {
    const sys = chatter(1);
    assert.throws(() => applyChaos(sys, { delays: { probability: 2, max: 1 } }), /^Error: applyChaos: delays.probability must be a probability in \[0, 1\]/);
    assert.throws(() => applyChaos(sys, { clogging: { interval: [3, 1] } }), /^Error: applyChaos: clogging.interval must be \[min, max\] seconds/);
    assert.throws(() => applyChaos(sys, { attrition: { maxDown: 0 } }), /^Error: applyChaos: attrition.maxDown must be a positive integer/);
    assert.throws(() => applyChaos(sys, { partitions: { interval: [0, 0] } }), /^Error: applyChaos: partitions.interval must allow a positive time/);
    assert.throws(() => applyChaos(sys, { dropRate: -1 }), /^Error: applyChaos: dropRate must be a probability/);
    assert.throws(() => applyChaos(null as unknown as System, {}), /^Error: applyChaos: pass the System/);
  });
});
