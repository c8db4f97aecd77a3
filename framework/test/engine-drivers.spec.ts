import assert from 'node:assert/strict';
import { ModelChecker, Rng, System, type Context, type Message, type Process, type TraceEvent } from '../src/index.js';

// The simulator and the model checker are two drivers of one transition model. These tests
// pin that down: a simulated run, step by step, is a path of the checker's transition
// relation reaching the same process states (Sim ⊆ MC), and on a reliable network the
// checker's replay of that path writes the same trace, record for record.

interface Plan {
  /** Who each process tells on GO, and on each message it passes on. */
  peers: string[];
  timers: { name: string; delay: number }[];
  /** How often a timer re-arms itself before it stops. */
  rearm: number;
}

/** A small protocol driven by its plan: no ctx.random or ctx.time, so both drivers see the same handler inputs. */
class Node implements Process {
  log: string[] = [];
  seen: number[] = [];
  fired: Record<string, number> = {};
  constructor(private readonly plan: Plan) {}
  onLocalMessage(_m: Message, ctx: Context): void {
    for (const p of this.plan.peers) ctx.send({ type: 'HI', data: 0 }, p);
    for (const t of this.plan.timers) ctx.setTimer(t.name, t.delay);
  }
  onMessage(msg: Message, from: string, ctx: Context): void {
    const hops = msg.data as number;
    this.log.push(`${msg.type}:${from}:${hops}`);
    if (hops < 2 && !this.seen.includes(hops)) {
      this.seen.push(hops);
      const next = this.plan.peers[hops % this.plan.peers.length];
      if (next !== undefined) ctx.send({ type: 'FWD', data: hops + 1 }, next);
    }
    if (msg.type === 'FWD' && this.plan.timers.length > 0) ctx.cancelTimer(this.plan.timers[0]!.name);
  }
  onTimer(name: string, ctx: Context): void {
    this.log.push(`timer:${name}`);
    const n = (this.fired[name] = (this.fired[name] ?? 0) + 1);
    const t = this.plan.timers.find((x) => x.name === name)!;
    if (n <= this.plan.rearm) ctx.setTimer(name, t.delay);
    if (this.plan.peers.length > 0) ctx.send({ type: 'TICK', data: 5 }, this.plan.peers[n % this.plan.peers.length]!);
  }
}

interface RandomSystem {
  system: System;
  describe: string;
}

/** 2–4 processes, each on its own node, with random peers, timers, delays, drops and duplicates. */
function randomSystem(seed: number, lossy: boolean): RandomSystem {
  const rng = Rng.fromSeed(seed);
  const n = rng.int(2, 4);
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const minDelay = [0.1, 0.5, 1][rng.int(0, 2)]!;
  const network = lossy
    ? { minDelay, maxDelay: minDelay + rng.int(0, 3) * 0.5, dropRate: [0, 0.2, 0.4][rng.int(0, 2)]!, dupRate: [0, 0.3][rng.int(0, 1)]! }
    : { minDelay, maxDelay: minDelay };
  const system = new System({ seed, network, recordStates: true });
  const plans: Plan[] = ids.map((id) => ({
    peers: ids.filter((x) => x !== id && rng.next() < 0.6),
    timers: Array.from({ length: rng.int(0, 2) }, (_, k) => ({ name: `t${k}`, delay: [0.5, 1, 1.5, 2][rng.int(0, 3)]! })),
    rearm: rng.int(0, 2),
  }));
  ids.forEach((id, i) => {
    system.addNode(`n${i}`);
    system.addProcess(`n${i}`, id, () => new Node(plans[i]!));
  });
  for (const id of ids) system.sendLocalMessage(id, { type: 'GO', data: null });
  return { system, describe: `seed ${seed}: ${JSON.stringify(network)} plans ${JSON.stringify(plans)}` };
}

/** Runs the simulation on from its current state; returns the checker built there and what the simulator wrote after. */
function simulateFromHere(sys: System): { mc: ModelChecker; records: TraceEvent[] } {
  const mc = new ModelChecker(sys);
  const from = sys.traceLength();
  sys.stepUntilNoEvents();
  return { mc, records: sys.traceSince(from) };
}

const withoutTime = (events: readonly TraceEvent[]) => events.map(({ time: _t, state: _s, ...rest }) => rest);

describe('one transition model under two drivers', () => {
  it('Sim ⊆ MC: 300 random simulated runs with timers, drops and duplicates are each a path of the checker', () => {
    let steps = 0;
    for (let seed = 0; seed < 300; seed++) {
      const { system, describe } = randomSystem(seed, true);
      const { mc, records } = simulateFromHere(system);
      const r = mc.follow(records);
      if (!r.followed) {
        const rec = records[r.record]!;
        assert.fail(`${describe}\nthe checker cannot follow step ${rec.step} (${rec.kind} ${rec.proc ?? ''} ${rec.timer ?? rec.type ?? ''}): ${r.reason}`);
      }
      const final = mc.replay(r.path).view;
      for (const id of system.processIds()) assert.deepEqual({ ...final.state(id) }, system.processState(id), `${describe}: final state of ${id}`);
      steps += r.path.length;
    }
    assert.ok(steps > 3000, `the runs exercised ${steps} steps`);
  });

  it('a timer armed later with a shorter delay may fire after an earlier one (the case the checker once missed)', () => {
    class P implements Process {
      log: string[] = [];
      onLocalMessage(_m: Message, ctx: Context): void {
        ctx.setTimer('long', 2);
      }
      onMessage(_m: Message, _f: string, ctx: Context): void {
        this.log.push('msg');
        ctx.setTimer('short', 1);
      }
      onTimer(name: string): void {
        this.log.push(name);
      }
    }
    class Q implements Process {
      onLocalMessage(_m: Message, ctx: Context): void {
        ctx.send({ type: 'X', data: null }, 'p');
      }
      onMessage(): void {}
      onTimer(): void {}
    }
    const sys = new System({ seed: 1, network: { minDelay: 1.5, maxDelay: 1.5 }, recordStates: true });
    sys.addNode('n1');
    sys.addNode('n2');
    sys.addProcess('n1', 'p', () => new P());
    sys.addProcess('n2', 'q', () => new Q());
    sys.sendLocalMessage('p', { type: 'GO', data: null });
    sys.sendLocalMessage('q', { type: 'GO', data: null });
    const { mc, records } = simulateFromHere(sys);
    const r = mc.follow(records);
    assert.equal(r.followed, true, r.followed ? '' : r.reason);
    assert.deepEqual(r.path.map((p) => p.label), ['deliver X q->p', 'timer p:long', 'timer p:short']);
  });

  it('reports the first step the checker cannot take', () => {
    const { system } = randomSystem(7, false);
    const { mc, records } = simulateFromHere(system);
    const firstFire = records.findIndex((e) => e.kind === 'timer-fire' || e.kind === 'deliver');
    const forged = records.slice();
    forged.splice(firstFire, 0, { kind: 'timer-fire', step: 0, time: 0, proc: 'p0', timer: 'no-such-timer' });
    const r = mc.follow(forged);
    assert.equal(r.followed, false);
    if (r.followed) return;
    assert.equal(r.record, firstFire);
    assert.match(r.reason, /^timer p0:no-such-timer is not enabled in the checker \(enabled: /);
  });

  it('on a reliable network the checker replays a simulated run to the same trace, record for record', () => {
    let compared = 0;
    for (let seed = 0; seed < 100; seed++) {
      const { system, describe } = randomSystem(seed, false);
      const before = system.traceLength();
      const { mc, records } = simulateFromHere(system);
      const r = mc.follow(records);
      assert.equal(r.followed, true, describe);
      const replayed = mc.replay(r.path).trace.events.slice(before);
      assert.deepEqual(withoutTime(replayed), withoutTime(records), describe);
      compared += records.length;
    }
    assert.ok(compared > 2000, `${compared} records compared`);
  });
});
