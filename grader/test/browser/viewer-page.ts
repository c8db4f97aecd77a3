import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { testOutputPath } from './chromium.js';

/** A page opened from disk, with every console error, page error and request recorded. */
export interface OpenedViewer {
  page: Page;
  url: string;
  errors: string[];
  requests: string[];
}

/** Writes `html` to test-output/<name>.html and opens it over file://, waiting for the viewer. */
export async function openHtml(context: BrowserContext, name: string, html: string, readySelector = '.tv[data-ready="true"]'): Promise<OpenedViewer> {
  const file = testOutputPath(`${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  await page.waitForSelector(readySelector, { timeout: 20_000 });
  return { page, url, errors, requests };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: testOutputPath(`trace-viewer-${name}.png`), fullPage: true });
}

/**
 * Clicks a straight arrow a quarter of the way from its sender, where it crosses no event
 * mark (its midpoint may lie on another lane's mark). Coordinates come from the arrow's own
 * path and the diagram's box, since an element box of a path includes its wide stroke.
 */
export async function clickArrow(page: Page, selector: string): Promise<void> {
  // Scrolling makes the viewer redraw its visible rows, which replaces the arrow's element:
  // scroll, let it redraw, then look the arrow up again.
  await page.locator(`${selector} .tv-hit`).first().evaluate((el: { scrollIntoView(o: object): void }) => el.scrollIntoView({ block: 'center' }));
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  const hit = page.locator(`${selector} .tv-hit`).first();
  const d = (await hit.getAttribute('d')) ?? '';
  const match = /^M([\d.-]+),([\d.-]+) L([\d.-]+),([\d.-]+)$/.exec(d);
  if (!match) throw new Error(`clickArrow: ${selector} is not a straight arrow (d="${d}")`);
  const [x1, y1, x2, y2] = match.slice(1).map(Number);
  const diagram = await hit.locator('xpath=ancestor::*[local-name()="svg"][1]').boundingBox();
  if (!diagram) throw new Error(`clickArrow: the diagram holding ${selector} is not visible`);
  const at = 0.25;
  await page.mouse.click(diagram.x + x1 + at * (x2 - x1), diagram.y + y1 + at * (y2 - y1));
}
