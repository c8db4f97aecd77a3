import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { PlainData } from '@dsgrade/framework';
import { openExplorer, type OpenExplorer } from '../src/explore/open-explorer.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = `${ROOT}grader/dist/src/cli.js`;
const RAFT = `${ROOT}assignments/raft`;
const TEST = 'mc-vote-persisted';

interface View {
  token: string;
  events: { choice: number; label: string; kind: string }[];
  processes: { id: string; crashed: boolean; fields: [string, PlainData][] }[];
}

async function api(ex: OpenExplorer, op: string, body?: unknown): Promise<View> {
  const res = await fetch(`${ex.url}api/${op}`, op === 'state' ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const a = (await res.json()) as { ok: boolean; error?: string; view: View };
  assert.equal(a.ok, true, `${op}: ${a.error}`);
  return a.view;
}

/** PlainData as the trace text prints a state (the trace viewer's JSON: Maps and Sets tagged). */
function asJson(v: PlainData): unknown {
  switch (v.kind) {
    case 'array':
      return v.items.map(asJson);
    case 'set':
      return { $Set: v.items.map(asJson) };
    case 'map':
      return { $Map: v.entries.map(([k, x]) => [asJson(k), asJson(x)]) };
    case 'object':
      return Object.fromEntries(v.fields.map(([k, x]) => [k, asJson(x)]));
    case 'number':
      return Number.isFinite(Number(v.text)) ? Number(v.text) : v.text;
    case 'boolean':
      return v.text === 'true';
    case 'null':
    case 'undefined':
      return null;
    default:
      return v.text;
  }
}

/** The "state at the end:" block of `dsgrade replay --trace`: process id -> what it says. */
function endStates(stdout: string): Map<string, string> {
  const at = stdout.indexOf('state at the end:\n');
  assert.ok(at >= 0, `replay --trace prints the state at the end:\n${stdout}`);
  const out = new Map<string, string>();
  for (const line of stdout.slice(at).split('\n').slice(1)) {
    const m = /^ {2}(\S+) +(.+)$/.exec(line);
    if (m === null) break;
    out.set(m[1]!, m[2]!);
  }
  return out;
}

/** `dsgrade replay --path TOKEN --trace`, asynchronously (the explorer's server lives in this process and must keep serving); exit 1 is a test that did not pass (this one ends unknown: its searches stop at their limits). */
async function replay(token: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await promisify(execFile)(process.execPath, [CLI, 'replay', RAFT, '--solution', `${RAFT}/reference`, '--test', TEST, '--path', token, '--trace'], { cwd: ROOT, encoding: 'utf8' });
  } catch (e) {
    const { code, stdout, stderr } = e as { code?: unknown; stdout: string; stderr: string };
    assert.equal(code, 1, `dsgrade replay failed: ${stderr}`);
    return { stdout, stderr };
  }
}

describe('a token copied from the explorer replays with dsgrade replay --path', function () {
  this.timeout(300_000);
  let ex: OpenExplorer;

  before(async () => {
    ex = await openExplorer({ assignmentDir: RAFT, solutionDir: `${RAFT}/reference`, test: TEST });
  });
  after(async () => {
    await ex?.close();
  });

  it('through a crash and a recovery, to the same process states', async () => {
    let v = await api(ex, 'state');
    // The test's stage crashes and recovers n1, so the explorer offers that at every step.
    assert.deepEqual(v.events.filter((e) => e.kind === 'crash').map((e) => e.label), ['crash n1']);
    v = await api(ex, 'apply', { choice: v.events.find((e) => e.label.includes('r2'))!.choice }); // a step of r2, which stays up
    const crashed = await api(ex, 'apply', { choice: v.events.find((e) => e.label === 'crash n1')!.choice });
    assert.equal(crashed.processes.find((p) => p.id === 'r1')!.crashed, true);
    v = await api(ex, 'apply', { choice: crashed.events.find((e) => e.label === 'recover n1')!.choice });
    const last = await api(ex, 'apply', { choice: 0 });
    assert.match(crashed.token, /^\d+\.c0-[0-9a-f]{8}$/);
    assert.match(last.token, /^\d+\.c0\.r0\.0-[0-9a-f]{8}$/);

    for (const view of [crashed, last]) {
      const r = await replay(view.token);
      assert.equal(r.stderr, '', r.stderr);
      assert.match(r.stdout, /mc-vote-persisted/);
      const states = endStates(r.stdout);
      let compared = 0;
      for (const p of view.processes) {
        const shown = states.get(p.id);
        if (p.crashed) {
          assert.equal(shown, 'crashed', `${p.id} after ${view.token}`);
          continue;
        }
        if (shown === 'no step recorded' || shown?.startsWith('recovered')) continue; // no step of it on the path: the trace has no state to show
        assert.deepEqual(JSON.parse(shown!), Object.fromEntries(p.fields.map(([k, x]) => [k, asJson(x)])), `${p.id} after ${view.token}`);
        compared++;
      }
      assert.ok(compared >= 1, `at least one live process's state is compared after ${view.token}`);
    }
    await api(ex, 'goto', { id: 0 });
    assert.equal((await api(ex, 'token', { token: last.token })).token, last.token, 'the token loads back into the explorer');
  });
});
