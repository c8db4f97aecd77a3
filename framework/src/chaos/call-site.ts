/**
 * Identity of a `ctx.buggify` call site: "file:line:column" of the student's call, with the
 * file reduced to its base name so that the same solution built in another directory (the
 * student's laptop, the grading container) activates the same sites for the same seed.
 */

// Taken at load time: code under test may overwrite globals, the harness must not follow.
const captureStackTrace = Error.captureStackTrace;
const FRAME_LIMIT = 24;

/** Frames that belong to the buggify machinery itself (Context method, host, hook, wrappers). */
function isBuggifyFrame(line: string): boolean {
  return /(^|[.\s])(buggify|ctxBuggify)\s/.test(line) || /[/\\]chaos[/\\]buggify\./.test(line);
}

function location(frame: string): string {
  const inParens = /\(([^()]*)\)\s*$/.exec(frame);
  const where = inParens !== null ? inParens[1]! : frame.replace(/^\s*at\s+/, '');
  const m = /^(.*):(\d+):(\d+)$/.exec(where.trim());
  if (m === null) return where.trim();
  const file = m[1]!.replace(/[?#].*$/, '');
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return `${base}:${m[2]}:${m[3]}`;
}

/**
 * The first stack frame after the innermost run of buggify frames: the code that called
 * ctx.buggify. Works for code compiled in a vm context with a `filename`.
 */
export function buggifyCallSite(): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAME_LIMIT;
  try {
    captureStackTrace(holder, buggifyCallSite);
  } finally {
    Error.stackTraceLimit = limit;
  }
  const frames = (holder.stack ?? '').split('\n').filter((l) => /^\s*at\s/.test(l));
  let i = frames.findIndex(isBuggifyFrame);
  if (i < 0) return 'unknown site';
  while (i < frames.length && isBuggifyFrame(frames[i]!)) i++;
  return i < frames.length ? location(frames[i]!) : 'unknown site';
}
