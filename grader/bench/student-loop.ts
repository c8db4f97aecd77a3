import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAssignment } from '../src/load/index.js';

/**
 * The student's loop: `dsgrade test` run as a student runs it, cold (no compile cache) and warm
 * (the cache holds the unchanged solution), for one test and for the visible suite. Reported as
 * wall time and CPU time of the whole command (parent and sandbox child), and the warm/cold ratio
 * of each, since the machine is shared and absolute times vary with its load.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'grader/dist/src/cli.js');
const REPEATS = 3;
const HAS_TIME = fs.existsSync('/usr/bin/time');

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function run(args: string[], cache: string | null): Timing {
  const t0 = performance.now();
  // CPU time of the command and its sandbox child, where /usr/bin/time exists; wall time always.
  const timed = HAS_TIME ? ['/usr/bin/time', ['-f', '%U %S', process.execPath, CLI, ...args]] as const : [process.execPath, [CLI, ...args]] as const;
  const r = spawnSync(timed[0], timed[1], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DSGRADE_CACHE: cache ?? 'off' },
  });
  const wallMs = performance.now() - t0;
  const times = r.stderr.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  const cpuMs = ((times[0] ?? NaN) + (times[1] ?? NaN)) * 1000;
  return { wallMs, cpuMs };
}

/** The best of a few runs: the least disturbed by the machine's other load. */
function best(args: string[], cache: string | null): Timing {
  let b: Timing = { wallMs: Infinity, cpuMs: Infinity };
  for (let i = 0; i < REPEATS; i++) {
    const t = run(args, cache);
    b = { wallMs: Math.min(b.wallMs, t.wallMs), cpuMs: Math.min(b.cpuMs, t.cpuMs) };
  }
  return b;
}

function firstVisibleTest(assignment: string): string {
  const loaded = loadAssignment(path.join(ROOT, 'assignments', assignment));
  const first = loaded.ok ? loaded.assignment.tests.find((t) => t.visibility === 'visible') : undefined;
  if (first === undefined) throw new Error(`bench: ${assignment} does not load or has no visible test`);
  return first.name;
}

const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-bench-cache-'));
const rows = [];
for (const assignment of ['ping-pong', 'guarantees']) {
  const dir = path.join('assignments', assignment);
  const solution = path.join(dir, 'reference');
  for (const [what, extra] of [
    [`one test (${firstVisibleTest(assignment)})`, ['--test', firstVisibleTest(assignment)]],
    ['visible suite', []],
  ] as const) {
    const args = ['test', dir, '--solution', solution, ...extra];
    const cold = best(args, null);
    run(args, cache); // fills the cache
    const warm = best(args, cache);
    rows.push({
      assignment,
      what,
      coldWallMs: Math.round(cold.wallMs),
      warmWallMs: Math.round(warm.wallMs),
      coldCpuMs: Math.round(cold.cpuMs),
      warmCpuMs: Math.round(warm.cpuMs),
      warmOverColdCpu: Number((warm.cpuMs / cold.cpuMs).toFixed(2)),
      goalWarmWallMsOneTest: what.startsWith('one') ? 1500 : null,
    });
  }
}
fs.rmSync(cache, { recursive: true, force: true });
console.log(JSON.stringify({ studentLoop: rows, loadAverage: os.loadavg()[0] }, null, 2));
