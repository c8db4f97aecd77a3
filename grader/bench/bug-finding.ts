// The bug-finding bench: how soon each bundled mutant's tests find it — seeds of a sim test
// until its first failing seed (with the scenario's chaos, and with swarm testing switched
// on), states of an mc test until its search fails. The project's measure of test strength.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSeeds } from '@dsgrade/framework';
import { materializeMutant, readMutants } from '../src/course/mutant-patch.js';
import { loadAssignment } from '../src/load/index.js';
import { runTest } from '../src/run/index.js';
import { simSeeds } from '../src/run/sim.js';
import type { McScenario, SimScenario } from '../src/scenario/index.js';
import type { RunEnv } from '../src/sandbox/index.js';
import { inProcessEnv } from '../test/in-process-env.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Most seeds tried per sim test and variant: a mutant not found by then is shown as ">CAP". */
const SEED_CAP = 100;

interface Row {
  assignment: string;
  mutant: string;
  test: string;
  kind: 'sim' | 'mc';
  /** Seeds (sim, scenario's own chaos) or unique states (mc) until the first failure; null when not found within the cap / search. */
  found: number | null;
  /** Seeds until the first failure with swarm testing on (sim only). */
  foundSwarm: number | null;
}

/** Seeds until the first failing seed of `s` (1 = its first seed), at most SEED_CAP; null when none failed. */
function seedsToFailure(s: SimScenario, env: RunEnv): number | null {
  const sim = simSeeds(s, env, {});
  const { seeds: _fixed, untilAllSometimesReached: _until, ...settings } = sim.options as typeof sim.options & { seeds?: number; untilAllSometimesReached?: number };
  const r = runSeeds(sim.build, sim.workload, { ...settings, seeds: SEED_CAP, traceFailuresOnly: true });
  return r.kind === 'failed' ? r.first.seed - s.seed + 1 : null;
}

function statesToFailure(s: McScenario, env: RunEnv): number | null {
  const r = runTest(s, env);
  return r.outcome.status === 'failed' || r.outcome.status === 'error' ? (r.mc?.unique ?? null) : null;
}

async function assignmentRows(dir: string, work: string): Promise<Row[]> {
  const loaded = loadAssignment(dir);
  if (!loaded.ok) throw new Error(`bug-finding bench: ${dir} does not load`);
  const a = loaded.assignment;
  if (a.entry === undefined || !a.entry.endsWith('.ts')) return [];
  const rows: Row[] = [];
  for (const m of readMutants(dir)) {
    const solution = materializeMutant(dir, m.name, path.join(work, a.name, m.name));
    const env = await inProcessEnv(path.join(solution, a.entry), path.join(dir, 'checks.ts'));
    for (const name of m.kills) {
      const t = a.tests.find((x) => x.name === name);
      if (t === undefined) continue;
      if (t.kind === 'mc') {
        rows.push({ assignment: a.name, mutant: m.name, test: t.name, kind: 'mc', found: statesToFailure(t, env), foundSwarm: null });
        continue;
      }
      const swarm: SimScenario = { ...t, network: { ...t.network, chaos: { ...t.network.chaos, swarm: true } } };
      rows.push({ assignment: a.name, mutant: m.name, test: t.name, kind: 'sim', found: seedsToFailure(t, env), foundSwarm: seedsToFailure(swarm, env) });
    }
  }
  return rows;
}

function cell(v: number | null, kind: 'sim' | 'mc'): string {
  if (v === null) return kind === 'sim' ? `>${SEED_CAP}` : 'not found';
  return String(v);
}

function table(rows: Row[]): string {
  const head = ['assignment', 'mutant', 'test', 'kind', 'seeds/states', 'with swarm'];
  const body = rows.map((r) => [r.assignment, r.mutant, r.test, r.kind, cell(r.found, r.kind), r.kind === 'sim' ? cell(r.foundSwarm, 'sim') : '-']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => (i >= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-bug-finding-'));
const started = performance.now();
try {
  const rows: Row[] = [];
  const dirs = fs.readdirSync(path.join(ROOT, 'assignments')).sort().map((d) => path.join(ROOT, 'assignments', d));
  for (const dir of dirs) if (fs.existsSync(path.join(dir, 'assignment.yaml'))) rows.push(...(await assignmentRows(dir, work)));
  console.log(table(rows));
  const sim = rows.filter((r) => r.kind === 'sim');
  const median = (xs: number[]) => (xs.length === 0 ? null : [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!);
  const found = (k: 'found' | 'foundSwarm') => sim.map((r) => r[k]).filter((x): x is number => x !== null);
  console.log(
    JSON.stringify(
      {
        bugFinding: {
          mutantTests: rows.length,
          simTests: sim.length,
          simFoundWithinCap: found('found').length,
          simFoundWithinCapSwarm: found('foundSwarm').length,
          simMedianSeeds: median(found('found')),
          simMedianSeedsSwarm: median(found('foundSwarm')),
          mcFound: rows.filter((r) => r.kind === 'mc' && r.found !== null).length,
          mcTests: rows.filter((r) => r.kind === 'mc').length,
          seedCap: SEED_CAP,
          wallMs: Math.round(performance.now() - started),
        },
      },
      null,
      2,
    ),
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
