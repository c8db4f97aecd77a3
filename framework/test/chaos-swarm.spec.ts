import assert from 'node:assert/strict';
import { runSeeds, System, type ChaosConfig, type Context, type Message, type Process } from '../src/index.js';
import { swarmSubset } from '../src/chaos/swarm.js';

/** Passes a counter back and forth; mishandles a duplicate of the last hop (the bug). */
class Relay implements Process {
  finals = 0;
  constructor(private readonly peer: string) {}
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.send({ type: 'HOP', data: 1 }, this.peer);
  }
  onMessage(msg: Message, _f: string, ctx: Context): void {
    const n = msg.data as number;
    if (n === 10 && ++this.finals > 1) throw new Error('the last hop arrived twice');
    if (n < 10) ctx.send({ type: 'HOP', data: n + 1 }, this.peer);
  }
  onTimer(): void {}
}

function build(seed: number, o: { trace: boolean }): System {
  const sys = new System({ seed, trace: o.trace });
  sys.addNode('na');
  sys.addNode('nb');
  sys.addProcess('na', 'a', () => new Relay('b'));
  sys.addProcess('nb', 'b', () => new Relay('a'));
  return sys;
}

const workload = (sys: System): void => {
  sys.sendLocalMessage('a', { type: 'GO', data: null });
  sys.stepUntilNoEvents();
};

const ALL: ChaosConfig = { dropRate: 0.5, dupRate: 0.3, partitions: { interval: [1, 2], duration: [1, 3] }, attrition: { interval: [2, 4], duration: [1, 2] } };

describe('swarm testing', () => {
  it('keeps a subset of the configured fault families that depends on the seed alone', () => {
    const subsets = new Set<string>();
    let kept = 0;
    for (let seed = 0; seed < 64; seed++) {
      const a = swarmSubset(seed, { ...ALL, swarm: true });
      assert.deepEqual(swarmSubset(seed, { ...ALL, swarm: true }), a, 'same seed, same subset');
      assert.ok(a.families.every((f) => ['drops', 'duplicates', 'partitions', 'crashes'].includes(f)));
      assert.equal(a.config.dropRate, a.families.includes('drops') ? 0.5 : 0);
      assert.equal('partitions' in a.config, a.families.includes('partitions'));
      assert.equal('swarm' in a.config, false);
      subsets.add(a.families.join());
      kept += a.families.length;
    }
    assert.equal(subsets.size, 16, 'every subset of the four families occurs');
    assert.ok(kept > 64 * 4 * 0.35 && kept < 64 * 4 * 0.65, `${kept} of ${64 * 4} families kept`);
  });

  it('finds a bug that all faults at once mask, and the failure names the seed\'s faults and replays', () => {
    const everything = runSeeds(build, workload, { seeds: 40, chaos: ALL });
    assert.equal(everything.kind, 'passed', 'with drops always on, the tenth hop almost never gets through');
    const swarm = runSeeds(build, workload, { seeds: 40, chaos: { ...ALL, swarm: true } });
    assert.equal(swarm.kind, 'failed');
    if (swarm.kind !== 'failed') return;
    const f = swarm.first;
    assert.ok(f.swarm !== null && f.swarm.includes('duplicates') && !f.swarm.includes('drops'), JSON.stringify(f.swarm));
    assert.match(f.message, new RegExp(`the last hop arrived twice .*\\(seed ${f.seed}, swarm faults: ${f.swarm.join(', ')}; replay: `));
    const again = runSeeds(build, workload, { seed: f.seed, chaos: { ...ALL, swarm: true } });
    assert.equal(again.kind, 'failed');
    if (again.kind === 'failed') assert.deepEqual(again.first.trace, f.trace);
  });
});
