import { validateTraceAndProcs, type ProcPlacement, type ViewerTrace, type ViewerTraceEvent } from './trace-viewer/index.js';
import { escapeInvisible } from './invisible.js';
import { toJsonSafe } from './trace-viewer/json-safe.js';

export interface TraceTextOptions {
  /** Rows of this step get a `>` marker: where the failing check fired. */
  failStep?: number;
  /** Longest message data shown before it is cut with `…` (default 80 characters). */
  maxDataChars?: number;
}

const HEADINGS = ['step', 'time', 'process', 'event', 'details'] as const;

/**
 * The trace as terminal text for `--trace`: one line per event in aligned columns (step, time,
 * process, event, details). Control characters in student-controlled text are shown escaped,
 * so a trace cannot move the cursor or recolour the student's terminal.
 */
export function renderTraceText(trace: ViewerTrace, procs: readonly ProcPlacement[], options: TraceTextOptions = {}): string {
  validateTraceAndProcs('renderTraceText', trace, procs);
  const maxData = options.maxDataChars ?? 80;
  if (!Number.isInteger(maxData) || maxData < 8) {
    throw new Error('renderTraceText: options.maxDataChars must be an integer >= 8 (or omitted for 80)');
  }
  const nodeOf = new Map(procs.map((proc) => [proc.id, proc.node]));
  const rows = trace.events.map((event) => [
    String(event.step),
    formatTime(event.time),
    safe(actor(event, nodeOf)),
    event.kind,
    safe(details(event, maxData)),
  ]);
  const widths = HEADINGS.map((heading, column) => Math.max(heading.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[], marker: string): string =>
    (marker +
      cells
        .map((cell, column) => (column === HEADINGS.length - 1 ? cell : column < 2 ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
        .join('  ')).trimEnd();
  const body = rows.map((row, index) => line(row, trace.events[index].step === options.failStep ? '> ' : '  '));
  return [`trace of seed ${trace.seed}: ${trace.events.length} events`, line(HEADINGS, '  '), ...body, ...finalStates(trace, procs)].join('\n') + '\n';
}

/**
 * Where the trace leaves each process, when its records carry states (a traced run, a replayed
 * path): the state after its last step, or that its node is down. Empty when no record has one.
 */
function finalStates(trace: ViewerTrace, procs: readonly ProcPlacement[]): string[] {
  if (!trace.events.some((e) => e.state !== undefined)) return [];
  const last = new Map<string, string>();
  for (const e of trace.events) {
    if ((e.kind === 'crash' || e.kind === 'recover') && e.node !== undefined) {
      for (const p of procs) if (p.node === e.node) last.set(p.id, e.kind === 'crash' ? 'crashed' : 'recovered: a fresh instance, no step since');
    } else if (e.state !== undefined && e.proc !== undefined) {
      last.set(e.proc, JSON.stringify(toJsonSafe(e.state)));
    }
  }
  const width = Math.max(...procs.map((p) => p.id.length));
  return ['state at the end:', ...procs.map((p) => `  ${safe(p.id.padEnd(width))}  ${safe(last.get(p.id) ?? 'no step recorded')}`)];
}

function formatTime(time: number): string {
  return time.toFixed(3);
}

function actor(event: ViewerTraceEvent, nodeOf: ReadonlyMap<string, string>): string {
  if (event.kind === 'crash' || event.kind === 'recover' || (event.proc === undefined && event.node !== undefined)) {
    return event.node === undefined ? '-' : `[${event.node}]`;
  }
  if (event.proc === undefined) return '-';
  const node = nodeOf.get(event.proc);
  return node === undefined ? event.proc : `${event.proc}@${node}`;
}

function details(event: ViewerTraceEvent, maxData: number): string {
  const message = `${event.type ?? '?'}${event.id === undefined ? '' : ` #${event.id}`} ${shortJson(event.data, maxData)}`;
  const parts: string[] = [];
  switch (event.kind) {
    case 'send':
      parts.push(`-> ${event.to ?? '?'}  ${message}`);
      if (event.delay !== undefined) parts.push(`(delay ${formatTime(event.delay)})`);
      break;
    case 'deliver':
      parts.push(`<- ${event.from ?? '?'}  ${message}`);
      break;
    case 'drop':
    case 'duplicate':
    case 'corrupt':
      parts.push(`${event.from ?? '?'} -> ${event.to ?? '?'}  ${message}`);
      break;
    case 'local-in':
    case 'local-out':
      parts.push(message);
      break;
    case 'storage':
      parts.push(message);
      break;
    case 'timer-set':
      parts.push(`${event.timer ?? '?'}${event.delay === undefined ? '' : ` in ${formatTime(event.delay)}`}`);
      break;
    case 'timer-fire':
    case 'timer-cancel':
      parts.push(event.timer ?? '?');
      break;
    default:
      break;
  }
  if (event.detail !== undefined) parts.push(event.kind === 'drop' ? `dropped: ${event.detail}` : event.detail);
  return parts.join('  ');
}

function shortJson(value: unknown, maxData: number): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? '';
  } catch {
    text = '[data not JSON-serialisable]';
  }
  return text.length > maxData ? `${text.slice(0, maxData - 1)}…` : text;
}

/** Escapes C0/C1 control characters (ESC, CR, BEL, ...) so student text cannot drive the terminal. */
function safe(text: string): string {
  return escapeInvisible(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
