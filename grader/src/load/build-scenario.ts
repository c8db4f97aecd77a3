import type {
  ChaosSpec, CheckRef, DelaySpec, ExpectedMessage, ExpectMode, Invariant, JsonValue, Limits, McStage,
  NetworkSpec, NodeSpec, Scenario, SearchSpec, Step, TestMeta,
} from '../scenario/index.js';
import type { Plain } from './plain.js';
import { childPointer, type SourceMap } from './source-map.js';
import { sendMany } from './send-many.js';

/*
 * Builds the typed scenario from a value that passed the schema and the semantic checks, so
 * the casts below only restate what validation established. All defaults are filled in here.
 */

type Json = { [key: string]: JsonValue };

export function buildScenario(raw: Plain, map: SourceMap, meta: Omit<TestMeta, 'name' | 'description'>, limits: Limits): Scenario {
  const b = new Builder(map);
  const nodes = b.nodes(raw.nodes as Plain);
  const common = {
    ...meta,
    name: raw.name as string,
    description: (raw.description as string | undefined) ?? '',
    nodes,
    network: b.network(raw.network as Plain | undefined),
    seed: (raw.seed as number | undefined) ?? 1,
    invariants: ((raw.invariants as Plain[] | undefined) ?? []).map((inv, i) => b.invariant(inv, childPointer('/invariants', i))),
    limits,
  };
  if (raw.kind === 'sim') {
    const maxSeeds = raw.untilAllSometimesReached as number | undefined;
    return {
      kind: 'sim',
      ...common,
      seeds: maxSeeds !== undefined ? { kind: 'untilAllSometimesReached', maxSeeds } : { kind: 'fixed', count: (raw.seeds as number | undefined) ?? 1 },
      steps: b.steps(raw.steps, '/steps'),
      loseUnsynced: ((raw.storage as Plain | undefined)?.loseUnsynced as number | undefined) ?? 0,
    };
  }
  const stages: McStage[] = ((raw.stages as Plain[] | undefined) ?? []).map((stage, i) => {
    const p = childPointer('/stages', i);
    return { steps: b.steps(stage.steps, childPointer(p, 'steps')), search: b.search(stage.search as Plain, childPointer(p, 'search'), limits) };
  });
  return {
    kind: 'mc',
    ...common,
    setup: b.steps(raw.setup, '/setup'),
    search: b.search(raw.search as Plain, '/search', limits),
    stages,
    messagesFirst: (raw.messagesFirst as boolean | undefined) ?? false,
    maxDuplicates: (raw.maxDuplicates as number | undefined) ?? 2,
    symmetric: ((raw.symmetric as string[][] | undefined) ?? []).map((g) => g.slice()),
  };
}

class Builder {
  constructor(private readonly map: SourceMap) {}

  nodes(raw: Plain): NodeSpec[] {
    return Object.entries(raw).map(([name, list]) => ({
      name,
      processes: (list as Plain[]).map((p, i) => ({
        id: p.id as string,
        className: p.class as string,
        args: (p.args as JsonValue[] | undefined) ?? [],
        node: name,
        at: this.map.valueAt(childPointer(childPointer('/nodes', name), i)),
      })),
    }));
  }

  network(raw: Plain | undefined): NetworkSpec {
    const net = raw ?? {};
    const d = net.delay;
    const delay: DelaySpec =
      d === undefined ? { kind: 'fixed', seconds: 1 }
      : typeof d === 'number' ? { kind: 'fixed', seconds: d }
      : { kind: 'uniform', min: (d as Plain).min as number, max: (d as Plain).max as number };
    const c = (net.chaos as Plain | undefined) ?? {};
    const clog = c.clogLinks as Plain | undefined;
    const chaos: ChaosSpec = {
      buggify: (c.buggify as boolean | undefined) ?? false,
      swarm: (c.swarm as boolean | undefined) ?? false,
      extraDelay: (c.extraDelay as ChaosSpec['extraDelay'] | undefined) ?? null,
      clogLinks: clog === undefined ? null : { probability: (clog.probability as number | undefined) ?? 1, rate: clog.rate as number, duration: clog.duration as number },
      partitions: (c.partitions as ChaosSpec['partitions'] | undefined) ?? null,
      attrition: (c.attrition as ChaosSpec['attrition'] | undefined) ?? null,
    };
    return {
      delay,
      drop: (net.drop as number | undefined) ?? 0,
      duplicate: (net.duplicate as number | undefined) ?? 0,
      corrupt: (net.corrupt as number | undefined) ?? 0,
      drift: (net.drift as number | undefined) ?? 0,
      chaos,
    };
  }

  checkRef(raw: Plain, pointer: string, nameKey: 'check' | 'name' = 'check'): CheckRef {
    return { check: raw[nameKey] as string, params: (raw.params as Json | undefined) ?? {}, at: this.map.valueAt(pointer) };
  }

  invariant(raw: Plain, pointer: string): Invariant {
    return { check: this.checkRef(raw, pointer), every: (raw.every as number | undefined) ?? 1 };
  }

  optionalRef(raw: unknown, pointer: string): CheckRef | null {
    return raw === undefined ? null : this.checkRef(raw as Plain, pointer);
  }

  search(raw: Plain, pointer: string, limits: Limits): SearchSpec {
    const strategy = raw.strategy as SearchSpec['strategy'];
    return {
      strategy,
      maxDepth: raw.maxDepth as number,
      maxStates: raw.maxStates as number,
      timeLimit: (raw.timeLimit as number | undefined) ?? limits.wallTime,
      walks: strategy === 'random' ? ((raw.walks as number | undefined) ?? 100) : null,
      invariant: this.optionalRef(raw.invariant, childPointer(pointer, 'invariant')),
      goal: this.optionalRef(raw.goal, childPointer(pointer, 'goal')),
      prune: this.optionalRef(raw.prune, childPointer(pointer, 'prune')),
      collect: this.optionalRef(raw.collect, childPointer(pointer, 'collect')),
      passOnLimit: (raw.passOnLimit as boolean | undefined) ?? false,
      at: this.map.valueAt(pointer),
    };
  }

  steps(raw: unknown, pointer: string): Step[] {
    return ((raw as Plain[] | undefined) ?? []).flatMap((step, i) => {
      const p = childPointer(pointer, i);
      return Object.keys(step)[0] === 'sendMany' ? sendMany(step.sendMany as Plain, this.map.valueAt(p)) : [this.step(step, p)];
    });
  }

  step(raw: Plain, pointer: string): Step {
    const at = this.map.valueAt(pointer);
    const [kind, body] = Object.entries(raw)[0];
    const o = (body ?? {}) as Plain;
    switch (kind) {
      case 'send':
        return { kind, to: o.to as string, msg: { type: o.type as string, data: (o.data as JsonValue | undefined) ?? null }, at };
      case 'runUntilQuiet':
      case 'heal':
        return { kind, at };
      case 'runUntilLocal':
        return { kind, proc: o.proc as string, at };
      case 'runFor':
        return { kind, seconds: body as number, at };
      case 'crash':
      case 'recover':
      case 'disconnect':
      case 'connect':
        return { kind, node: body as string, at };
      case 'partition':
        return { kind, groups: body as string[][], at };
      case 'disableLink':
      case 'enableLink':
        return { kind, from: o.from as string, to: o.to as string, at };
      case 'expect':
        return this.expect(o, at);
      case 'check':
        return { kind, check: this.checkRef(o, childPointer(pointer, 'check'), 'name'), at };
      default:
        throw new Error(`buildScenario: step kind "${kind}" passed validation but has no builder; add one`);
    }
  }

  expect(o: Plain, at: Step['at']): Step {
    if (o.count !== undefined) {
      return { kind: 'expectCount', proc: o.proc as string, count: o.count as number, type: (o.type as string | undefined) ?? null, at };
    }
    const messages = (o.messages as Plain[]).map((m): ExpectedMessage =>
      Object.prototype.hasOwnProperty.call(m, 'data') ? { type: m.type as string, data: m.data as JsonValue } : { type: m.type as string },
    );
    return { kind: 'expectMessages', proc: o.proc as string, messages, mode: (o.mode as ExpectMode | undefined) ?? 'exact', at };
  }
}
