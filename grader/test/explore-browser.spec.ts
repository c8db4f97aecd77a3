import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { ModelChecker, toPlainData } from '@dsgrade/framework';
import { mcStart } from '../src/explore/session.js';
import { openExplorer, type OpenExplorer } from '../src/explore/open-explorer.js';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { loadAssignment } from '../src/load/index.js';
import type { McScenario } from '../src/scenario/index.js';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, testOutputPath, type LaunchedChromium } from './browser/chromium.js';
import { inProcessEnv } from './in-process-env.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PING_PONG = `${ROOT}assignments/ping-pong`;
const RAFT = `${ROOT}assignments/raft`;
/** The no-dedup mutant as a folder (mutants are patches of the reference). */
const NO_DEDUP = materializeMutant(PING_PONG, 'no-dedup', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-explore-')), 'no-dedup'));

const text = async (page: Page, selector: string): Promise<string> => (await page.locator(selector).first().textContent()) ?? '';

/** Waits until the page has drawn the answer to the last request. */
async function settled(page: Page): Promise<void> {
  await page.waitForSelector('body[data-busy="false"]', { timeout: 30_000 });
  await page.waitForSelector('.ex-diagram .tv[data-ready="true"]', { timeout: 30_000 });
}

async function click(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().click();
  await page.waitForSelector('body[data-busy="true"]', { timeout: 2_000 }).catch(() => undefined);
  await settled(page);
}

describe('dsgrade explore in headless Chromium', function () {
  this.timeout(180_000);
  let browser: LaunchedChromium | undefined;
  const open: OpenExplorer[] = [];

  before(async function () {
    if (!chromiumAvailable()) {
      console.warn(`    skipping explorer browser tests: ${CHROMIUM_PATH} is missing; run .ci/install-chromium`);
      this.skip();
    }
    browser = await launchChromium();
  });
  after(async () => {
    for (const ex of open) await ex.close();
    await browser?.close();
  });

  async function visit(solution: string, where: { assignmentDir: string; test: string } = { assignmentDir: PING_PONG, test: 'mc-exactly-once' }): Promise<{ page: Page; ex: OpenExplorer; errors: string[]; requests: string[] }> {
    const ex = await openExplorer({ assignmentDir: where.assignmentDir, solutionDir: path.isAbsolute(solution) ? solution : `${where.assignmentDir}/${solution}`, test: where.test });
    open.push(ex);
    const page = await browser!.context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(ex.url);
    await settled(page);
    return { page, ex, errors, requests };
  }

  it('on the skeleton shows the initial state and what is (not) enabled', async () => {
    const { page, errors } = await visit('solution');
    assert.match(await text(page, '.ex-step'), /step 0 of 0/);
    assert.ok((await page.locator('.ex-proc').count()) === 2);
    assert.deepEqual(errors, []);
  });

  it('on the reference: click events, see changed fields, go back, nothing but its own server is asked', async () => {
    const { page, ex, errors, requests } = await visit('reference');
    const first = await page.locator('.ex-events button').allTextContents();
    assert.equal(first[0], 'deliver PING client->server');
    await click(page, '.ex-events button[data-choice="0"]');
    assert.match(await text(page, '.ex-step'), /step 1 of 1/);
    assert.equal(await page.locator('.ex-diagram .tv-arrow').count() > 0, true, 'the diagram draws the path so far');
    await click(page, '.ex-events button:text-is("deliver PONG server->client")');
    assert.match(await text(page, '.ex-step'), /step 2 of 2/);
    assert.ok((await page.locator('.ex-proc[data-proc="client"] .ex-changed').count()) > 0, 'the client\'s changed fields are highlighted');
    await click(page, '.ex-back');
    assert.match(await text(page, '.ex-step'), /step 1 of 2/);
    assert.deepEqual(await page.locator('.ex-events button').allTextContents(), ['deliver PONG server->client', 'drop PONG server->client', 'duplicate PONG server->client', 'timer client:retry']);
    await click(page, '.ex-events button:text-is("drop PONG server->client")');
    assert.equal(await page.locator('.ex-tree a').count(), 4, 'initial state, PING, and two branches after it');
    assert.equal(await page.locator('.ex-violated').count(), 0);
    assert.deepEqual(errors, []);
    assert.ok(requests.every((u) => u.startsWith(ex.url)), `only the explorer itself is asked: ${requests.filter((u) => !u.startsWith(ex.url)).join(', ')}`);
  });

  it('on a test that crashes a node and has stages: crash and recover by clicking, then start the next stage where its collect condition holds', async () => {
    const { page, errors } = await visit('reference', { assignmentDir: RAFT, test: 'mc-vote-persisted' });
    assert.equal(await text(page, '.ex-stage'), 'stage 1 of 2');
    await click(page, '.ex-events button:text-is("crash n1")');
    assert.match(await text(page, '.ex-proc[data-proc="r1"] h3'), /\(crashed\)/);
    assert.equal(await page.locator('.ex-events .ex-kind-crash').count(), 0, 'a crashed node can only be recovered');
    await click(page, '.ex-events button:text-is("recover n1")');
    assert.doesNotMatch(await text(page, '.ex-proc[data-proc="r1"] h3'), /crashed/);
    await click(page, '.ex-back');
    await click(page, '.ex-back');
    // r1 votes for r2, which becomes leader before r3 hears of it: the first search's collect condition.
    await click(page, '.ex-events button:text-is("timer r2:election")');
    assert.equal(await page.locator('.ex-events .ex-kind-stage').count(), 0, 'no stage before the condition holds');
    await click(page, '.ex-events button:text-is("deliver REQUEST_VOTE r2->r1")');
    await click(page, '.ex-events button:text-is("deliver VOTE r1->r2")');
    await click(page, '.ex-events .ex-kind-stage button');
    assert.equal(await text(page, '.ex-stage'), 'stage 2 of 2');
    assert.match(await text(page, '.ex-token'), /^\d+\.\d+\.\d+\.s1-[0-9a-f]{8}$/);
    assert.match(await text(page, '.ex-tree a.ex-here'), /prepare stage 1/);
    assert.deepEqual(errors, []);
  });

  it('on a mutant: loads its counterexample, steps to the violated invariant in red, and the copied token replays to that state', async () => {
    const { page, ex, errors } = await visit(NO_DEDUP);
    await browser!.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ex.url.replace(/\/$/, '') });
    await click(page, '.ex-cx');
    assert.match(await text(page, '.ex-note'), /loaded the counterexample/);
    const violated = page.locator('.ex-violated');
    assert.equal(await violated.count(), 1);
    assert.match((await violated.textContent()) ?? '', /pongsPrefix: the user got PONGs \["v","v"\], which is not a prefix of \["v"\]/);
    assert.equal(await page.evaluate("getComputedStyle(document.querySelector('.ex-violated')).color"), 'rgb(153, 27, 27)', 'shown in red');
    await click(page, '.ex-back');
    assert.equal(await page.locator('.ex-violated').count(), 0, 'one step earlier the invariant holds');
    await click(page, '.ex-forward');
    assert.equal(await page.locator('.ex-violated').count(), 1);
    await page.screenshot({ path: testOutputPath('explorer-counterexample.png'), fullPage: true });

    await page.locator('.ex-copy').click();
    await page.locator('.ex-note', { hasText: /^copied / }).waitFor({ timeout: 10_000 });
    const token = String(await page.evaluate('navigator.clipboard.readText()'));
    assert.equal(token, await text(page, '.ex-token'));
    assert.match(token, /^[0-9.]+-[0-9a-f]{8}$/);

    // The same test's start, built in this process from the trusted mutant, replays the token to the page's state.
    const env = await inProcessEnv(`${NO_DEDUP}/index.ts`, `${PING_PONG}/checks.ts`);
    const loaded = loadAssignment(PING_PONG, { knownChecks: new Set(Object.keys(env.checks)) });
    assert.ok(loaded.ok);
    const scenario = loaded.assignment.tests.find((t) => t.name === 'mc-exactly-once') as McScenario;
    const replayed = new ModelChecker(mcStart(scenario, env), { seed: scenario.seed }).replayToken(token);
    const state = (await (await fetch(`${ex.url}api/state`)).json()) as { view: { processes: { id: string; fields: [string, unknown][] }[] } };
    for (const p of state.view.processes) {
      const fields = Object.entries(replayed.view.state(p.id) ?? {}).map(([k, v]) => [k, toPlainData(v)]);
      assert.deepEqual(p.fields, fields, `process ${p.id} after replaying ${token}`);
    }
    assert.deepEqual(errors, []);
  });
});
