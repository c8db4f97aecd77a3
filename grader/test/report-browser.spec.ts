import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeMutant } from '../src/course/mutant-patch.js';
import { gradeSubmission } from '../src/grade/grade-submission.js';
import { renderHtml } from '../src/report/html.js';
import { chromiumAvailable, launchChromium, testOutputPath, type LaunchedChromium } from './browser/chromium.js';
import { openHtml } from './browser/viewer-page.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A failing submission per assignment: a mutant known to lose points, with its trace drawn in the report. */
const CASES: [assignment: string, mutant: string][] = [
  ['broadcast', 'no-relay'],
  ['ping-pong', 'no-dedup'],
];

describe('the HTML report in headless Chromium', function () {
  this.timeout(180_000);
  let browser: LaunchedChromium;

  before(async function () {
    if (!chromiumAvailable()) {
      console.log('    (skipped: /usr/bin/chromium is missing; run .ci/install-chromium)');
      this.skip();
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [assignment, mutant] of CASES) {
    it(`shows the scores and draws the failing runs of ${assignment}/${mutant}, offline, without errors`, async function () {
      const dir = path.join(ROOT, 'assignments', assignment);
      if (!fs.existsSync(path.join(dir, 'mutants', `${mutant}.patch`))) this.skip();
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-report-'));
      const solutionDir = materializeMutant(dir, mutant, path.join(tmp, mutant));
      const report = await gradeSubmission({ assignmentDir: dir, solutionDir, replayCommand: (t, s) => `npx dsgrade replay ${assignment} --test ${t} --seed ${s}` });
      fs.rmSync(tmp, { recursive: true, force: true });
      const failing = report.tests.filter((t) => t.status !== 'passed');
      assert.ok(failing.length > 0);
      const opened = await openHtml(browser.context, `report-${assignment}`, renderHtml(report), 'section.tv[data-ready="true"]');
      const { page } = opened;
      assert.equal(await page.locator('p.total').getAttribute('data-score'), String(report.score));
      assert.equal(await page.locator('section.failure').count(), failing.length);
      const drawn = failing.filter((t) => t.trace !== null && t.trace.events.length > 0).length;
      assert.equal(await page.locator('section.failure section.tv').count(), drawn);
      assert.ok((await page.locator('section.tv').first().locator('.tv-hit').count()) > 0, 'the first diagram has message arrows');
      await page.locator('section.failure').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: testOutputPath(`report-${assignment}.png`) });
      assert.deepEqual(opened.errors, []);
      assert.deepEqual(opened.requests.filter((u) => u !== opened.url), []);
      await page.close();
    });
  }
});
