/**
 * Time to first view of the trace viewer on a 20,000-event trace (10 processes) in headless
 * Chromium: navigation start → the viewer's `data-ready` (set after its first paint).
 * Prints JSON; the goal is firstViewMs < 1000. Run: node grader/dist/bench/trace-viewer.js
 */
import { statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { renderTraceViewerPage } from '../src/report/trace-viewer/index.js';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, testOutputPath } from '../test/browser/chromium.js';
import { syntheticInput } from '../test/browser/synthetic-trace.js';

const EVENTS = 20_000;
const PROCESSES = 10;
const RUNS = 3;

async function main(): Promise<void> {
  if (!chromiumAvailable()) {
    console.log(JSON.stringify({ events: EVENTS, skipped: `${CHROMIUM_PATH} missing; run .ci/install-chromium` }));
    return;
  }
  const input = syntheticInput(EVENTS, PROCESSES);
  const renderStart = performance.now();
  const html = renderTraceViewerPage(input);
  const renderMs = performance.now() - renderStart;
  const file = testOutputPath('trace-viewer-bench.html');
  writeFileSync(file, html);
  const browser = await launchChromium();
  const samples: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('#trace[data-ready="true"]', { timeout: 30_000 });
      samples.push(Number(await page.getAttribute('#trace', 'data-ready-ms')));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      events: EVENTS,
      processes: PROCESSES,
      firstViewMs: sorted[Math.floor(sorted.length / 2)],
      firstViewSamplesMs: samples,
      goalMs: 1000,
      renderHtmlMs: Math.round(renderMs),
      pageBytes: statSync(file).size,
    }),
  );
}

await main();
