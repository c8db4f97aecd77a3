import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { renderTraceViewer, renderTraceViewerPage } from '../src/report/trace-viewer/index.js';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, type LaunchedChromium } from './browser/chromium.js';
import { HOSTILE_TEXT, handMadeInput, hostileInput } from './browser/fixtures.js';
import { syntheticInput } from './browser/synthetic-trace.js';
import { clickArrow, openHtml, screenshot, type OpenedViewer } from './browser/viewer-page.js';

const arrowCount = (page: Page, root = '#trace'): Promise<number> => page.locator(`${root} .tv-arrow`).count();
const text = async (page: Page, selector: string): Promise<string> => (await page.locator(selector).textContent()) ?? '';

function assertClean(opened: OpenedViewer): void {
  assert.deepEqual(opened.errors, [], 'no console errors or page errors');
  assert.deepEqual(opened.requests, [opened.url], 'the only request is the page itself, from disk');
}

describe('trace viewer in headless Chromium', function () {
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

  async function openHandMade(name: string): Promise<OpenedViewer> {
    return openHtml(browser!.context, `trace-viewer-${name}`, renderTraceViewerPage(handMadeInput()));
  }

  it('draws one lane per process grouped by node and one arrow per message copy', async () => {
    const opened = await openHandMade('overview');
    const { page } = opened;
    assert.equal(await page.locator('#trace .tv-lane-line').count(), 3);
    assert.deepEqual(await page.locator('#trace .tv-lane-label').allTextContents(), ['p1', 'p2', 'p3'], 'p2 joins p1 on n1');
    assert.deepEqual(await page.locator('#trace .tv-node-label').allTextContents(), ['n1', 'n2']);
    assert.equal(await arrowCount(page), 6);
    assert.equal(await page.locator('#trace .tv-arrow.tv-deliver').count(), 5, '#1, #3, #4 twice, #5');
    assert.equal(await page.locator('#trace .tv-arrow.tv-drop').count(), 1);
    assert.equal(await page.locator('#trace .tv-arrow.tv-drop .tv-cross').count(), 1, 'a dropped arrow ends in an x');
    assert.equal(await page.locator('#trace .tv-arrow.tv-dup').count(), 1);
    assert.equal(await page.locator('#trace .tv-arrow.tv-corrupt').count(), 1);
    assert.equal(await page.locator('#trace .tv-ev').count(), 23, 'one mark per event');
    assert.equal(await page.locator('#trace .tv-k-timer-set, #trace .tv-k-timer-fire, #trace .tv-k-timer-cancel').count(), 3);
    assert.equal(await page.locator('#trace .tv-k-local-in, #trace .tv-k-local-out').count(), 2);
    assert.equal(await page.locator('#trace .tv-span-crash').count(), 1);
    assert.equal(await page.locator('#trace .tv-span-network').count(), 1, 'the partition is shaded until the reset');
    assert.match(await text(page, '#trace .tv-fail'), /failed at step 14: linearizable: Get\(a\) returned 2/);
    await screenshot(page, 'overview');
    assertClean(opened);
    await page.close();
  });

  it('shows a message in a tooltip when its arrow is clicked', async () => {
    const opened = await openHandMade('tooltip');
    const { page } = opened;
    await clickArrow(page, '#trace .tv-arrow[data-arrow="0"]');
    const tooltip = page.locator('#trace .tv-tooltip');
    assert.equal(await tooltip.isVisible(), true);
    const shown = (await tooltip.innerText()).replace(/\s+/g, ' ');
    assert.match(shown, /Ping #1/);
    assert.match(shown, /p1 → p2/);
    assert.match(shown, /sent: t=0, step 1, delay 0\.1/);
    assert.match(shown, /delivered: t=0\.1, step 2/);
    assert.match(shown, /\{ "n": 1 \}/);
    await screenshot(page, 'tooltip');

    assert.equal(await page.locator('#trace .tv-tooltip.tv-pinned').count(), 1, 'a click pins the tooltip');
    await page.mouse.move(1, 1);
    assert.equal(await tooltip.isVisible(), true, 'a pinned tooltip stays when the pointer leaves');
    await page.keyboard.press('Escape');
    assert.equal(await tooltip.isVisible(), false);
    await clickArrow(page, '#trace .tv-arrow.tv-drop');
    assert.match(await tooltip.innerText(), /dropped: t=0\.2, step 3 \(random loss\)/);
    assert.match(await tooltip.innerText(), /Ping #2/);
    await page.keyboard.press('Escape');
    await clickArrow(page, '#trace .tv-arrow.tv-corrupt');
    const corrupt = await tooltip.innerText();
    assert.match(corrupt, /corrupted by the network/);
    assert.match(corrupt, /as received:\s*\{\s*"ok": "tru#"/);
    assertClean(opened);
    await page.close();
  });

  it('filters arrows by process and by message type', async () => {
    const opened = await openHandMade('filters');
    const { page } = opened;
    const proc = (id: number) => page.locator(`#trace .tv-proc-cb[data-lane="${id}"]`);
    const type = (name: string) => page.locator('#trace .tv-type-filter label', { hasText: name }).locator('input');
    await proc(2).uncheck(); // p3
    assert.equal(await arrowCount(page), 2, 'only #1 and #3 stay between p1 and p2');
    assert.equal(await page.locator('#trace .tv-lane-line').count(), 2);
    await type('Ping').uncheck();
    assert.equal(await arrowCount(page), 1, 'only Pong #3 stays');
    await proc(2).check();
    assert.equal(await arrowCount(page), 2, 'Pong #3 and Ack #5');
    await proc(1).uncheck(); // p2
    assert.equal(await arrowCount(page), 1, 'Ack #5');
    await screenshot(page, 'filtered');
    await type('Ping').check();
    assert.equal(await arrowCount(page), 4, '#2 dropped, #4 twice, #5');
    assertClean(opened);
    await page.close();
  });

  it('steps through events with the keyboard, showing the acting process state', async () => {
    const opened = await openHandMade('stepping');
    const { page } = opened;
    await page.locator('#trace').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#trace').getAttribute('data-current'), '0');
    assert.match(await text(page, '#trace .tv-status'), /event 1\/23 {2}step 1 {2}t=0 {2}p1 {2}local-in/);
    assert.equal(await page.locator('#trace .tv-ev.tv-current').getAttribute('data-ev'), '0');
    for (let i = 0; i < 4; i++) await page.keyboard.press('j');
    assert.equal(await page.locator('#trace .tv-ev.tv-current').getAttribute('data-ev'), '4');
    assert.match(await text(page, '#trace .tv-state-proc'), /of p2/);
    assert.match(await text(page, '#trace .tv-state'), /"pings": 1/);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.locator('#trace .tv-ev.tv-current').getAttribute('data-ev'), '3');
    assert.match(await text(page, '#trace .tv-state'), /no state recorded for p1/);
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#trace .tv-ev.tv-current').getAttribute('data-ev'), '7');
    assert.match(await text(page, '#trace .tv-state'), /after step 4\)\s*\{\s*"acks": 1/);
    await page.keyboard.press('k');
    assert.equal(await page.locator('#trace').getAttribute('data-current'), '6');
    await screenshot(page, 'stepping');
    assertClean(opened);
    await page.close();
  });

  it('jumps to the failing check', async () => {
    const opened = await openHandMade('failure');
    const { page } = opened;
    await page.locator('#trace .tv-jump-fail').click();
    assert.equal(await page.locator('#trace').getAttribute('data-current'), '21');
    assert.equal(await page.locator('#trace .tv-ev.tv-current').getAttribute('data-ev'), '21');
    assert.match(await text(page, '#trace .tv-status'), /step 14 .*check/);
    assert.match(await text(page, '#trace .tv-event'), /linearizable: violated[\s\S]*the failing check fired here/);
    assert.equal(await page.locator('#trace .tv-row-fail').count(), 1);
    await page.locator('#trace').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#trace').getAttribute('data-current'), '22');
    await screenshot(page, 'failure');
    assertClean(opened);
    await page.close();
  });

  it('shows student text as text, never as markup', async () => {
    const opened = await openHtml(browser!.context, 'trace-viewer-hostile', renderTraceViewerPage(hostileInput()));
    const { page } = opened;
    await clickArrow(page, '#trace .tv-arrow');
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('#trace .tv-tooltip b').count(), 0);
    const tooltip = await page.locator('#trace .tv-tooltip').innerText();
    assert.ok(tooltip.includes(HOSTILE_TEXT.replace(/"/g, '\\"')), `tooltip shows the data as text: ${tooltip}`);
    assert.ok(tooltip.includes('<b onmouseover=window.__pwned=4>T</b>'));
    assert.equal(await page.title(), '</title><script>window.__pwned=2</script>');
    assert.match(await text(page, '#trace .tv-fail'), /<img src=y onerror=window.__pwned=3><!--/);
    await page.locator('#trace').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.ok((await text(page, '#trace .tv-state')).includes(HOSTILE_TEXT));
    await page.locator('#trace .tv-arrow .tv-hit').first().hover();
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    await screenshot(page, 'hostile');
    assertClean(opened);
    await page.close();
  });

  it('keeps several viewers on one page independent', async () => {
    const input = handMadeInput();
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>two</title></head><body>${renderTraceViewer(input, 'first')}${renderTraceViewer({ ...input, title: 'second' }, 'second')}</body></html>`;
    const opened = await openHtml(browser!.context, 'trace-viewer-two', html, '#second[data-ready="true"]');
    const { page } = opened;
    assert.equal(await page.locator('#first[data-ready="true"]').count(), 1);
    await page.locator('#first .tv-proc-cb[data-lane="2"]').uncheck();
    assert.equal(await arrowCount(page, '#first'), 2);
    assert.equal(await arrowCount(page, '#second'), 6);
    await page.locator('#second').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#second').getAttribute('data-current'), '0');
    assert.equal(await page.locator('#first').getAttribute('data-current'), '-1');
    assertClean(opened);
    await page.close();
  });

  it('draws only the visible window of a 20,000-event trace and zooms', async () => {
    const opened = await openHtml(browser!.context, 'trace-viewer-big', renderTraceViewerPage(syntheticInput(20_000, 10)));
    const { page } = opened;
    const root = page.locator('#trace');
    assert.equal(await root.getAttribute('data-visible-events'), '20000');
    const drawn = Number(await root.getAttribute('data-drawn-rows'));
    assert.ok(drawn > 10 && drawn < 200, `drew ${drawn} rows, not all 20,000`);
    assert.ok((await page.locator('#trace .tv-ev').count()) === drawn);
    await page.locator('#trace .tv-zoom-out').click();
    await page.locator('#trace .tv-zoom-out').click();
    const zoomedOut = Number(await root.getAttribute('data-drawn-rows'));
    const zoomedOutHeight = await root.getAttribute('data-row-height');
    assert.ok(zoomedOut > drawn * 2, `zooming out shows more rows (${zoomedOut} vs ${drawn})`);
    await page.locator('#trace .tv-jump-fail').click();
    const current = Number(await root.getAttribute('data-current'));
    assert.ok(current > 19_000, `jumped near the end, to ${current}`);
    assert.equal(await page.locator(`#trace .tv-ev.tv-current[data-ev="${current}"]`).count(), 1, 'the failing event is drawn after the jump');
    await page.locator('#trace .tv-scroll').hover();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await page.waitForFunction(`document.querySelector('#trace').getAttribute('data-row-height') !== '${zoomedOutHeight}'`);
    assert.ok(Number(await root.getAttribute('data-row-height')) > Number(zoomedOutHeight), 'ctrl+wheel up zooms in');
    await screenshot(page, 'big');
    assertClean(opened);
    await page.close();
  });
});
