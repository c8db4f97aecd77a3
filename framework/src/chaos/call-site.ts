import { ProcessContext } from '../engine/index.js';

/**
 * Identity of a `ctx.buggify` call site: "file:line:column" of the student's call, with the
 * file reduced to its base name so that the same solution built in another directory (the
 * student's laptop, the grading container) activates the same sites for the same seed.
 */

// Taken at load time: code under test may overwrite globals, the harness must not follow.
const captureStackTrace = Error.captureStackTrace;
const isArray = Array.isArray;
const FAST_LIMIT = 4;
const SLOW_LIMIT = 24;
const BUGGIFY_NAMES = new Set(['buggify', 'ctxBuggify']);

// Structured frames skip Node's default stack formatting, which costs several times the capture.
const structured = (_e: Error, frames: NodeJS.CallSite[]): NodeJS.CallSite[] => frames;

function capture(limit: number, above: Function): NodeJS.CallSite[] {
  const holder: { stack?: unknown } = {};
  const savedLimit = Error.stackTraceLimit;
  const savedPrepare = Error.prepareStackTrace;
  Error.stackTraceLimit = limit;
  Error.prepareStackTrace = structured;
  try {
    captureStackTrace(holder, above);
    const frames = holder.stack; // formatted lazily: read it before restoring prepareStackTrace
    return isArray(frames) ? (frames as NodeJS.CallSite[]) : [];
  } finally {
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
}

function fileOf(f: NodeJS.CallSite): string {
  return f.getFileName() ?? f.getScriptNameOrSourceURL() ?? '';
}

/** Frames of the buggify machinery itself: Context methods, the host, the hook, sandbox wrappers. */
function isBuggifyFrame(f: NodeJS.CallSite): boolean {
  return BUGGIFY_NAMES.has(f.getFunctionName() ?? '') || BUGGIFY_NAMES.has(f.getMethodName() ?? '') || /[/\\]chaos[/\\](buggify|call-site)\.[jt]s$/.test(fileOf(f));
}

function location(f: NodeJS.CallSite): string {
  const file = fileOf(f).replace(/[?#].*$/, '');
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) || '<anonymous>';
  return `${base}:${f.getLineNumber() ?? 0}:${f.getColumnNumber() ?? 0}`;
}

/** The first frame after the leading run of buggify frames. */
function siteIn(frames: NodeJS.CallSite[], from: number): string | null {
  let i = from;
  while (i < frames.length && isBuggifyFrame(frames[i]!)) i++;
  return i < frames.length ? location(frames[i]!) : null;
}

/**
 * The code that called ctx.buggify. Fast path: capture only the few frames below
 * ProcessContext.buggify; otherwise (another Context implementation) scan a longer stack.
 * Works for code compiled in a vm context with a `filename`.
 */
export function buggifyCallSite(): string {
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const site = siteIn(capture(FAST_LIMIT, ProcessContext.prototype.buggify), 0);
  if (site !== null) return site;
  const slow = capture(SLOW_LIMIT, buggifyCallSite);
  const i = slow.findIndex(isBuggifyFrame);
  return (i < 0 ? null : siteIn(slow, i)) ?? 'unknown site';
}
