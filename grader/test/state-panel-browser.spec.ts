import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeSubmission } from '../src/grade/index.js';
import type { TestGrade } from '../src/grade/index.js';
import { renderTraceViewerPage } from '../src/report/trace-viewer/index.js';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, type LaunchedChromium } from './browser/chromium.js';
import { handMadeInput } from './browser/fixtures.js';
import { openHtml } from './browser/viewer-page.js';

const ECHO = fileURLToPath(new URL('../../fixtures/assignments/echo', import.meta.url));

// The student keeps its state in a Map, a Set and nested arrays, as students do.
const SERVER = `import type { Context, Message, Process } from '@dsgrade/framework';

export class Client implements Process {
  constructor(private readonly server: string) {}
  onLocalMessage(msg: Message, ctx: Context): void {
    ctx.send(msg, this.server);
  }
  onMessage(msg: Message, _from: string, ctx: Context): void {
    ctx.sendLocal(msg);
  }
  onTimer(): void {}
}

export class Server implements Process {
  seen = new Map<string, { count: number; last: string[] }>();
  peers = new Set<string>();
  onMessage(msg: Message, from: string, ctx: Context): void {
    const prev = this.seen.get(from) ?? { count: 0, last: [] };
    this.seen.set(from, { count: prev.count + 1, last: [...prev.last, String(msg.data)] });
    this.peers.add(from);
    ctx.send(msg, from);
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}
`;

describe('trace viewer state panel on a real sandboxed run', function () {
  this.timeout(120_000);
  let browser: LaunchedChromium | undefined;
  let grade: TestGrade;

  before(async function () {
    if (!chromiumAvailable()) {
      console.warn(`    skipping browser tests: ${CHROMIUM_PATH} is missing; run .ci/install-chromium`);
      this.skip();
    }
    const solution = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-state-'));
    fs.writeFileSync(path.join(solution, 'index.ts'), SERVER);
    try {
      const report = await gradeSubmission({ assignmentDir: ECHO, solutionDir: solution, only: 'first', trace: true, replayCommand: () => 'replay' });
      assert.equal(report.compile.ok, true, JSON.stringify(report.compile));
      grade = report.tests[0]!;
    } finally {
      fs.rmSync(solution, { recursive: true, force: true });
    }
    assert.ok(grade.trace !== null, 'the run kept its trace');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  it("shows a Map field's entries, a Set's items and nested arrays, not {}", async () => {
    const events = grade.trace!.events;
    const at = events.findIndex((e) => e.kind === 'deliver' && e.proc === 'server');
    assert.ok(at >= 0, 'the server received the message');
    const opened = await openHtml(browser!.context, 'state-panel-map', renderTraceViewerPage({ trace: grade.trace!, procs: grade.procs }));
    const { page } = opened;
    await page.locator('#trace').focus();
    for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#trace').getAttribute('data-current'), String(at));
    const state = (await page.locator('#trace .tv-state').textContent()) ?? '';
    assert.match(state, /seen: Map\(1\) \{ "client" => \{ count: 1, last: \["one"\] \} \}/);
    assert.match(state, /peers: Set\(1\) \{ "client" \}/);
    assert.doesNotMatch(state, /: \{\}/, 'no collection shows as {}');
    assert.deepEqual(opened.errors, []);
    await page.close();
  });

  it("marks only the fields changed since the process's previous state", async () => {
    const input = handMadeInput();
    // p1 after step 10 is { acks: 2 }; its timer at step 11 leaves { acks: 2, retried: true }.
    const at = input.trace.events.findIndex((e) => e.step === 11);
    const opened = await openHtml(browser!.context, 'state-panel-diff', renderTraceViewerPage(input));
    const { page } = opened;
    await page.locator('#trace').focus();
    for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowRight');
    assert.match((await page.locator('#trace .tv-state').textContent()) ?? '', /after step 11\)\nacks: 2\nretried: true\n$/);
    const changed = await page.locator('#trace .tv-state .tv-changed').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    assert.deepEqual(changed, ['retried']);
    assert.deepEqual(opened.errors, []);
    await page.close();
  });
});
