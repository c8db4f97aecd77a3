import assert from 'node:assert/strict';
import { renderTraceViewerPage } from '../src/report/trace-viewer/index.js';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, type LaunchedChromium } from './browser/chromium.js';
import { handMadeInput } from './browser/fixtures.js';
import { openHtml } from './browser/viewer-page.js';

describe('trace viewer arrow labels and time rounding', function () {
  this.timeout(120_000);
  let browser: LaunchedChromium | undefined;

  before(async function () {
    if (!chromiumAvailable()) {
      console.warn(`    skipping browser tests: ${CHROMIUM_PATH} is missing; run .ci/install-chromium`);
      this.skip();
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  it('labels each message arrow with its type and previews its data on hover', async () => {
    const opened = await openHtml(browser!.context, 'viewer-labels', renderTraceViewerPage(handMadeInput()));
    const { page } = opened;
    const label = page.locator('#trace .tv-arrow[data-arrow="0"] .tv-arrow-label');
    assert.equal(await label.count(), 1);
    assert.equal(await label.evaluate((el) => el.firstChild?.textContent), 'Ping');
    assert.equal(await label.locator('title').textContent(), 'Ping { n: 1 }');
    const labels = await page.locator('#trace .tv-arrow-label').evaluateAll((els) => els.map((e) => e.firstChild?.textContent));
    assert.ok(labels.includes('Pong') && labels.includes('Ack'), labels.join(','));
    assert.deepEqual(opened.errors, []);
    await page.close();
  });

  it('rounds times to what the trace needs: 0.1 and 0.25 as such, random delays to 3 decimals', async () => {
    const exact = await openHtml(browser!.context, 'viewer-times-exact', renderTraceViewerPage(handMadeInput()));
    await exact.page.locator('#trace').focus();
    for (let i = 0; i < 5; i++) await exact.page.keyboard.press('ArrowRight');
    assert.match((await exact.page.locator('#trace .tv-status').textContent()) ?? '', /step 2 {2}t=0\.1 /);
    await exact.page.close();

    // Simulated delays drawn at random give times like 0.10001234: three decimals tell them apart.
    const input = handMadeInput();
    input.trace = { ...input.trace, events: input.trace.events.map((e) => ({ ...e, time: e.time * 1.0001234 })) };
    const noisy = await openHtml(browser!.context, 'viewer-times-noisy', renderTraceViewerPage(input));
    await noisy.page.locator('#trace').focus();
    for (let i = 0; i < 8; i++) await noisy.page.keyboard.press('ArrowRight');
    const status = (await noisy.page.locator('#trace .tv-status').textContent()) ?? '';
    assert.match(status, /step 4 {2}t=0\.25 /, 'was t=0.250031 before');
    const axis = await noisy.page.locator('#trace .tv-axis-label').allTextContents();
    assert.ok(axis.every((t) => !/\.\d{4}/.test(t)), axis.join(' | '));
    assert.deepEqual(noisy.errors, []);
    await noisy.page.close();
  });

  it('lanes use the width the page gives the viewer, and follow a resize', async () => {
    const opened = await openHtml(browser!.context, 'viewer-lane-width', renderTraceViewerPage(handMadeInput()));
    const { page } = opened;
    const widths = async (): Promise<{ svg: number; root: number }> =>
      page.locator('#trace').evaluate((root) => ({ svg: Number(root.querySelector('.tv-body')?.getAttribute('width')), root: root.clientWidth }));
    await page.setViewportSize({ width: 700, height: 800 });
    await page.waitForTimeout(100);
    const narrow = await widths();
    await page.setViewportSize({ width: 1400, height: 800 });
    await page.waitForTimeout(100);
    const wide = await widths();
    assert.ok(wide.svg > narrow.svg, `the diagram grew with the window: ${narrow.svg} -> ${wide.svg}`);
    assert.ok(wide.svg <= wide.root, `and still fits it: ${wide.svg} <= ${wide.root}`);
    assert.deepEqual(opened.errors, []);
    await page.close();
  });
});
