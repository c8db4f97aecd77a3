import { loadViewerAssets } from './assets.js';
import { embedJson } from './embed-json.js';
import { validateTraceAndProcs } from './validate-input.js';
import { buildViewerModel } from './viewer-model.js';
import type { ProcPlacement, ViewerTrace } from './trace-shape.js';

export type { ProcPlacement, ViewerTrace, ViewerTraceEvent, ViewerTraceKind } from './trace-shape.js';
export { validateTraceAndProcs } from './validate-input.js';

/** What the viewer draws: a trace, where its processes run, and where it failed. */
export interface TraceViewerInput {
  trace: ViewerTrace;
  procs: readonly ProcPlacement[];
  /** The step at which the failing check fired; enables "jump to failure". */
  failStep?: number;
  failMessage?: string;
  title?: string;
}

const DOM_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * An HTML fragment (a `<section>` with inline style, data and script) showing the trace as a
 * space-time diagram. Several fragments may share a page as long as their `domId`s differ;
 * the fragment needs no network and works from file://.
 */
export function renderTraceViewer(input: TraceViewerInput, domId: string): string {
  checkInput('renderTraceViewer', input);
  if (typeof domId !== 'string' || !DOM_ID.test(domId)) {
    throw new Error('renderTraceViewer: domId must be a letter followed by up to 63 letters, digits, "-" or "_" (e.g. "trace-3"), unique on the page');
  }
  const assets = loadViewerAssets();
  const model = buildViewerModel(input);
  return assets.fragment({ domId, title: model.title, css: assets.css, js: assets.js, dataJson: embedJson(model) });
}

/** A complete standalone HTML document with one trace viewer (report trace pages, tests). */
export function renderTraceViewerPage(input: TraceViewerInput): string {
  checkInput('renderTraceViewerPage', input);
  const fragment = renderTraceViewer(input, 'trace');
  return loadViewerAssets().page({ title: input.title ?? `Trace (seed ${input.trace.seed})`, fragment });
}

function checkInput(caller: string, input: TraceViewerInput): void {
  if (typeof input !== 'object' || input === null) {
    throw new Error(`${caller}: pass { trace, procs, failStep?, failMessage?, title? }`);
  }
  validateTraceAndProcs(caller, input.trace, input.procs);
  if (input.failStep !== undefined && !Number.isInteger(input.failStep)) {
    throw new Error(`${caller}: failStep must be an integer step number or omitted`);
  }
  for (const field of ['failMessage', 'title'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'string') {
      throw new Error(`${caller}: ${field} must be a string or omitted`);
    }
  }
}
