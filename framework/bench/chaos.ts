import { runSeeds, System, type ChaosConfig, type Context, type Message, type Process } from '../src/index.js';
import { bestRate } from './measure.js';

const SEEDS = 100;
const EVENTS_PER_SEED = 1000;
const IDS = ['a', 'b', 'c'];

/** What the grader's compiler turns `ctx.buggify(p)` into: the call's site id as a second argument. */
type CompiledContext = Context & { buggify(probability: number, site: string): boolean };

/** Ticks every 0.1 s sending to a random peer; any message re-arms a stopped tick (after a recover). */
class Ticker implements Process {
  constructor(private readonly compiledSites: boolean) {}
  sent = 0;
  got = 0;
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.setTimer('tick', 0.1);
  }
  onMessage(_m: Message, _from: string, ctx: Context): void {
    this.got++;
    ctx.setTimerOnce('tick', 0.1);
  }
  onTimer(_n: string, ctx: Context): void {
    const peers = IDS.filter((p) => p !== ctx.self);
    const skip = this.compiledSites ? (ctx as CompiledContext).buggify(0.1, 'ticker.ts:27:13') : ctx.buggify(0.1);
    if (!skip) ctx.send({ type: 'T', data: ++this.sent }, peers[Math.floor(ctx.random() * peers.length)]!);
    ctx.setTimer('tick', 0.1);
  }
}

let compiledSites = true;

function build(seed: number, options: { trace: boolean }): System {
  const sys = new System({ seed, trace: options.trace, network: { minDelay: 0.05, maxDelay: 0.3 } });
  for (const id of IDS) {
    sys.addNode(`n-${id}`);
    sys.addProcess(`n-${id}`, id, () => new Ticker(compiledSites));
  }
  return sys;
}

function workload(sys: System): void {
  for (const id of IDS) sys.sendLocalMessage(id, { type: 'START', data: null });
  sys.steps(EVENTS_PER_SEED);
}

const CHAOS: ChaosConfig = {
  dropRate: 0.05,
  dupRate: 0.02,
  delays: { probability: 0.1, max: 1 },
  clogging: { interval: [1, 3], duration: [0.5, 2] },
  partitions: { interval: [2, 6], duration: [1, 3] },
  attrition: { interval: [2, 6], duration: [0.5, 2], maxDown: 1 },
};

function seedsPerSec(options: { chaos?: ChaosConfig; traceFailuresOnly: boolean }): number {
  return bestRate(SEEDS, () => {
    const r = runSeeds(build, workload, { seeds: SEEDS, ...options });
    if (r.kind === 'failed') throw new Error(`benchChaos: the workload failed: ${r.first.message}`);
  }, 3);
}

/** Seeds per second of runSeeds on a 3-process workload of 1,000 events per seed. */
export function benchChaos(): Record<string, number> {
  const plain = seedsPerSec({ traceFailuresOnly: true });
  const chaos = seedsPerSec({ chaos: CHAOS, traceFailuresOnly: true });
  const chaosTraced = seedsPerSec({ chaos: CHAOS, traceFailuresOnly: false });
  const buggify = seedsPerSec({ chaos: { ...CHAOS, buggify: true }, traceFailuresOnly: true });
  // Code the grader did not compile (a framework user's own processes) finds its sites from a stack trace.
  compiledSites = false;
  const buggifyStack = seedsPerSec({ chaos: { ...CHAOS, buggify: true }, traceFailuresOnly: true });
  compiledSites = true;
  return {
    eventsPerSeed: EVENTS_PER_SEED,
    seedsPerSecNoChaos: Math.round(plain),
    seedsPerSecChaosTraceOff: Math.round(chaos),
    seedsPerSecChaosTraceOn: Math.round(chaosTraced),
    seedsPerSecChaosBuggify: Math.round(buggify),
    seedsPerSecChaosBuggifyStackCapture: Math.round(buggifyStack),
    ratioBuggifyToChaos: Number((buggify / chaos).toFixed(3)),
    goalRatioBuggifyToChaos: 0.8,
    eventsPerSecChaosTraceOff: Math.round(chaos * EVENTS_PER_SEED),
    ratioChaosToNoChaos: Number((chaos / plain).toFixed(3)),
  };
}
