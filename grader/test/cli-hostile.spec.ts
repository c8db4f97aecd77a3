import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sweepStaleWorkDirs } from '../src/grade/work-dir.js';
import { prepareOutputs } from '../src/output/prepare-outputs.js';
import { CLI, ECHO, ROOT, dsgrade } from './runners/cli.js';

/**
 * The grader's own faults that used to lose or corrupt results: outputs checked only after all
 * the grading, a stale results.json left as if current, a child left spinning after the grader
 * was killed, temp folders leaked, a results file cut by a kill in the middle of its write.
 */

const BUSY = path.join(ROOT, 'grader/fixtures/hostile-grade/busy-timers');

/** Pids whose parent is `ppid`, from /proc. */
function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, ms: number, ok: () => boolean): Promise<void> {
  const until = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > until) assert.fail(`${what}: not within ${ms} ms`);
    await sleep(20);
  }
}

describe('dsgrade grade against its own failure modes', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-hostile-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bad output paths are one-line errors before any test runs, never a stack trace or a hang', () => {
    fs.writeFileSync(path.join(dir, 'afile'), 'x');
    fs.mkdirSync(path.join(dir, 'adir'));
    const cases: [string[], string][] = [
      [['--out', 'afile'], 'dsgrade: --out afile: is a file\n'],
      [['--out', 'afile/x'], `dsgrade: --out afile/x: ${path.join(fs.realpathSync(dir), 'afile')} is a file, not a folder\n`],
      [['--json', 'adir'], 'dsgrade: --json adir: is a folder; name a file\n'],
      [['--junit', 'adir'], 'dsgrade: --junit adir: is a folder; name a file\n'],
      [['--json', 'same.json', '--junit', 'same.json'], 'dsgrade: --junit same.json: the same file as --json same.json; give each output its own file\n'],
      [['--out', '/proc/x'], 'dsgrade: --out /proc/x: cannot create folder /proc/x: no such file or folder (ENOENT)\n'],
    ];
    for (const [args, stderr] of cases) {
      // The solution folder does not exist: only a check made before grading starts can answer first.
      const r = dsgrade(['grade', ECHO, '--solution', 'no-such-solution', ...args], { cwd: fs.realpathSync(dir), timeout: 60_000 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, stderr);
      assert.equal(r.stdout, '');
    }
  });

  it('a previous results.json is deleted before grading starts, so a failed run leaves none', () => {
    const json = path.join(dir, 'results.json');
    fs.writeFileSync(json, '{"score": 100}');
    const r = dsgrade(['grade', ECHO, '--solution', path.join(dir, 'missing'), '--json', json, '--out', path.join(dir, 'out')], { cwd: dir, timeout: 60_000 });
    assert.equal(r.code, 2);
    assert.equal(fs.existsSync(json), false);
  });

  it('SIGKILL of the grader mid-test: its child dies too, the temp folder is swept on the next start, no stale results stay', async () => {
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const json = path.join(dir, 'results.json');
    fs.writeFileSync(json, '{"score": 100}');
    const grader = spawn(process.execPath, [CLI, 'grade', ECHO, '--solution', BUSY, '--json', json, '--out', path.join(dir, 'out')], {
      cwd: dir,
      env: { ...process.env, TMPDIR: tmp },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => grader.once('exit', r));
    try {
      let child = 0;
      await waitFor('the sandbox child starts', 60_000, () => {
        child = childrenOf(grader.pid!).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('child.js')) ?? 0;
        return child !== 0;
      });
      // Into the attack test, whose timers keep the child busy until the wall-time limit.
      await sleep(2_500);
      assert.ok(alive(child), 'the child is running');
      const work = fs.readdirSync(tmp).filter((n) => n.startsWith(`dsgrade-${grader.pid}-`));
      assert.equal(work.length, 1, `temp folders: ${fs.readdirSync(tmp).join(', ')}`);
      assert.equal(fs.existsSync(json), false, 'the old results.json is gone at the start');
      grader.kill('SIGKILL');
      await exited;
      await waitFor('the orphaned child ends', 3_000, () => !alive(child));
      assert.deepEqual(sweepStaleWorkDirs(tmp), [path.join(tmp, work[0]!)]);
      assert.deepEqual(fs.readdirSync(tmp), []);
    } finally {
      grader.kill('SIGKILL');
    }
  });

  it('a kill in the middle of writing results leaves the old file or none, never a cut one; the next run removes the leftover', async () => {
    const file = path.join(dir, 'results.json');
    fs.writeFileSync(file, '{"old":true}');
    const writer = pathToFileURL(path.join(ROOT, 'grader/dist/src/output/write-atomic.js')).href;
    const script = `import { writeAtomic } from ${JSON.stringify(writer)}; writeAtomic(${JSON.stringify(file)}, JSON.stringify({ big: 'x'.repeat(400_000_000) }));`;
    const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise((r) => proc.once('exit', r));
    const temp = path.join(dir, `.results.json.${proc.pid}.tmp`);
    await waitFor('the write starts', 30_000, () => fs.existsSync(temp) && fs.statSync(temp).size > 0);
    proc.kill('SIGKILL');
    await exited;
    assert.equal(fs.readFileSync(file, 'utf8'), '{"old":true}');
    assert.ok(fs.existsSync(temp), 'the cut write is in the temp file only');
    prepareOutputs([{ label: '--json results.json', file }]);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
