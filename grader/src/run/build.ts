import { System } from '@dsgrade/framework';
import type { NetworkSpec, Scenario } from '../scenario/index.js';
import type { RunEnv } from '../sandbox/index.js';

function networkConfig(n: NetworkSpec) {
  const [minDelay, maxDelay] = n.delay.kind === 'fixed' ? [n.delay.seconds, n.delay.seconds] : [n.delay.min, n.delay.max];
  return { minDelay, maxDelay, dropRate: n.drop, dupRate: n.duplicate, corruptRate: n.corrupt, maxDrift: n.drift };
}

/** Builds the scenario's nodes and processes in a fresh System seeded with `seed`. */
export function buildSystem(scenario: Scenario, seed: number, env: RunEnv, opts: { trace: boolean; recordStates: boolean }): System {
  const sys = new System({ seed, network: networkConfig(scenario.network), trace: opts.trace, recordStates: opts.recordStates });
  const maker = env.loadStudent({ random: () => sys.random().next(), nowMs: () => sys.time() * 1000 });
  for (const node of scenario.nodes) {
    sys.addNode(node.name);
    for (const p of node.processes) sys.addProcess(node.name, p.id, () => maker.create(p.className, p.args));
  }
  if (scenario.kind === 'sim' && scenario.loseUnsynced > 0) sys.setStorageFaults({ loseUnsynced: scenario.loseUnsynced });
  return sys;
}

export function procsOf(scenario: Scenario): { id: string; node: string }[] {
  return scenario.nodes.flatMap((n) => n.processes.map((p) => ({ id: p.id, node: n.name })));
}
