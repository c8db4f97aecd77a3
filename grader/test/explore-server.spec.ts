import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { isLoopback } from '../src/explore/server.js';
import { openExplorer, type OpenExplorer } from '../src/explore/open-explorer.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PING_PONG = `${ROOT}assignments/ping-pong`;

interface Answer {
  ok: boolean;
  error?: string;
  note?: string | null;
  diagram?: string;
  view: { step: number; token: string; events: { choice: number; label: string }[]; invariants: { name: string; ok: boolean; message: string | null }[]; processes: { id: string; changed: string[] }[] };
}

async function api(ex: OpenExplorer, op: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${ex.url}api/${op}`, op === 'state' ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  assert.equal(res.status, 200, `${op} answered ${res.status}`);
  return (await res.json()) as Answer;
}

/** A raw request with a chosen Host header (fetch does not let us set it). */
function rawGet(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    http.get({ host: u.hostname, port: u.port, path: '/api/state', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('dsgrade explore: the HTTP server over the sandbox child', function () {
  this.timeout(120_000);
  let ex: OpenExplorer;

  before(async () => {
    ex = await openExplorer({ assignmentDir: PING_PONG, solutionDir: materializeMutant(PING_PONG, 'no-dedup', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-explore-')), 'no-dedup')), test: 'mc-exactly-once' });
  });
  after(async () => {
    await ex?.close();
  });

  it('listens on 127.0.0.1 and serves one page that loads nothing from the network', async () => {
    assert.match(ex.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(ex.url);
    const html = await res.text();
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html, /dsgradeTraceViewer/);
    assert.doesNotMatch(html, /(src|href)="https?:/);
  });

  it('answers enabled events, applies one (new events, a diagram), goes back to the same events', async () => {
    const s0 = await api(ex, 'state');
    assert.equal(s0.ok, true);
    assert.deepEqual(s0.view.events.map((e) => e.label), ['deliver PING client->server', 'drop PING client->server', 'duplicate PING client->server', 'timer client:retry']);
    const s1 = await api(ex, 'apply', { choice: 0 });
    assert.equal(s1.view.step, 1);
    assert.match(s1.diagram!, /class="tv"/);
    const s2 = await api(ex, 'back');
    assert.equal(s2.view.step, 0);
    assert.deepEqual(s2.view.events, s0.view.events);
    const bad = await api(ex, 'apply', { choice: 99 });
    assert.equal(bad.ok, false);
    assert.match(bad.error!, /Explorer.apply: pass the choice of an enabled event/);
  });

  it('loads the counterexample of the failing mc test; its last state violates the invariant', async () => {
    const a = await api(ex, 'counterexample');
    assert.equal(a.ok, true, a.error);
    assert.match(a.note!, /^loaded the counterexample [0-9.]+-[0-9a-f]{8}/);
    assert.deepEqual(a.view.invariants.map((i) => [i.name, i.ok]), [['pongsPrefix', false]]);
    assert.match(a.view.invariants[0]!.message!, /not a prefix of \["v"\]/);
  });

  it('refuses other hosts (DNS rebinding), other peers and unknown endpoints', async () => {
    const port = new URL(ex.url).port;
    assert.equal(await rawGet(ex.url, 'evil.example:' + port), 403);
    assert.equal(await rawGet(ex.url, `127.0.0.1:${port}`), 200);
    assert.equal(isLoopback('127.0.0.1'), true);
    assert.equal(isLoopback('::1'), true);
    assert.equal(isLoopback('192.168.1.5'), false);
    assert.equal(isLoopback(undefined), false);
    assert.equal((await fetch(`${ex.url}api/nothing`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${ex.url}api/apply`)).status, 404);
  });

  it('when the sandbox child dies, starts a new one and reopens the session at the same path', async () => {
    const start = await api(ex, 'goto', { id: 0 });
    assert.equal(start.ok, true, start.error);
    const at = await api(ex, 'apply', { choice: 0 });
    assert.equal(at.ok, true, at.error);
    const token = at.view.token;
    const pid = ex.sandbox.childPid!;
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const after = await api(ex, 'state');
    assert.equal(after.ok, true, after.error);
    assert.match(after.note!, /the sandbox child ended .*a new one was started and the session reopened at path/);
    assert.equal(after.view.token, token);
    assert.notEqual(ex.sandbox.childPid, pid);
  });
});

describe('dsgrade explore --seed: a sim test\'s seeded run', function () {
  this.timeout(120_000);

  it('starts after the steps before the first run, and follows the seed\'s run as far as the checker can', async () => {
    const ex = await openExplorer({ assignmentDir: PING_PONG, solutionDir: `${PING_PONG}/reference`, test: 'drops', seed: 3 });
    try {
      const a = await api(ex, 'state');
      assert.equal(a.ok, true, a.error);
      assert.match(a.note!, /^followed seed 3's run(: | for )\d+ step\(s\)/);
      assert.ok(a.view.step >= 2, `${a.view.step} steps followed`);
      const b = await api(ex, 'goto', { id: 0 });
      assert.equal(b.view.step, 0);
    } finally {
      await ex.close();
    }
  });
});
