import type { Trace, TraceEvent } from '@dsgrade/framework';
import type { Outcome as RunOutcome } from '@dsgrade/framework';
import type { TestRun } from '../contract/index.js';
import { toPlainData } from '../sandbox/plain-data.js';
import type { TestGrade } from './model.js';

/**
 * Size caps on everything a submission can make the grader store or show (assignments/FORMAT.md,
 * "Size caps"). What is cut says so in place, with the size it had; the outcome that ended the
 * run (a limit, a failed check) is never cut away.
 */
export const CAPS = Object.freeze({
  /** Characters of one failure message. */
  messageChars: 4_000,
  /** Bytes (JSON) of one trace event's message data or process state. */
  eventDataBytes: 16_384,
  /** Events kept of one trace. */
  traceEvents: 20_000,
  /** Bytes (JSON) kept of one trace. */
  traceBytes: 8 * 1024 * 1024,
  /** Characters of one test's output in results.json. */
  testOutputChars: 16_384,
  /** Bytes of the whole results.json. */
  resultsBytes: 1024 * 1024,
});

/** `text` cut to `max` characters with a note of how much was cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [${text.length - max} more characters cut; ${text.length} in all]`;
}

function capValue(value: unknown): { value: unknown; bytes: number } {
  const plain = toPlainData(value);
  const json = JSON.stringify(plain) ?? 'null';
  const bytes = Buffer.byteLength(json);
  if (bytes <= CAPS.eventDataBytes) return { value: plain, bytes };
  return { value: `${json.slice(0, 1_000)}… [${bytes} bytes of JSON, cut to the first 1000 characters]`, bytes: 1_100 };
}

function capEvent(e: TraceEvent): { event: TraceEvent; bytes: number } {
  const event: TraceEvent = { ...e };
  let bytes = 120;
  if ('data' in e) {
    const c = capValue(e.data);
    event.data = c.value;
    bytes += c.bytes;
  }
  if ('state' in e) {
    const c = capValue(e.state);
    event.state = c.value;
    bytes += c.bytes;
  }
  if (typeof e.detail === 'string') {
    event.detail = capText(e.detail, CAPS.messageChars);
    bytes += event.detail.length;
  }
  return { event, bytes };
}

/** A trace cut to the caps: the head that fits, a note, and the last event (the failure note). */
export function capTrace(trace: Trace): Trace {
  const total = trace.events.length;
  const kept: TraceEvent[] = [];
  let bytes = 0;
  const last = total > 0 ? capEvent(trace.events[total - 1]!) : undefined;
  const room = CAPS.traceBytes - (last?.bytes ?? 0);
  let i = 0;
  for (; i < total - 1; i++) {
    const c = capEvent(trace.events[i]!);
    if (kept.length >= CAPS.traceEvents - 2 || bytes + c.bytes > room) break;
    kept.push(c.event);
    bytes += c.bytes;
  }
  if (i < total - 1) {
    const at = trace.events[i]!;
    kept.push({
      kind: 'check',
      step: at.step,
      time: at.time,
      detail: `trace cut here: ${total - 1 - i} of ${total} events left out (caps: ${CAPS.traceEvents} events, ${CAPS.traceBytes} bytes); the run went on to step ${trace.events[total - 1]!.step}`,
    });
  }
  if (last !== undefined) kept.push(last.event);
  return { ...trace, events: kept };
}

function capOutcome(o: RunOutcome): RunOutcome {
  if (o.status === 'passed') return o;
  return { ...o, message: capText(o.message, CAPS.messageChars) };
}

/** In the sandbox child: what goes back to the parent, within the caps. */
export function capTestRun(run: TestRun): TestRun {
  const shown = run.shown === null ? null : { ...run.shown, outcome: capOutcome(run.shown.outcome), trace: run.shown.trace === null ? null : capTrace(run.shown.trace) };
  return { ...run, outcome: capOutcome(run.outcome), shown };
}

/** In the parent: a grade within the caps, whatever the child sent. */
export function capGrade(g: TestGrade): TestGrade {
  return {
    ...g,
    message: g.message === null ? null : capText(g.message, CAPS.messageChars),
    trace: g.trace === null ? null : capTrace(g.trace),
  };
}

/** Per-test output cap of results.json, halved until the whole file fits its cap. */
export function fitResults<T extends { tests: { output: string }[] }>(results: T, render: (r: T) => string): string {
  let limit: number = CAPS.testOutputChars;
  for (;;) {
    const capped = { ...results, tests: results.tests.map((t) => ({ ...t, output: capText(t.output, limit) })) };
    const text = render(capped);
    if (Buffer.byteLength(text) <= CAPS.resultsBytes || limit < 64) return text;
    limit = Math.floor(limit / 2);
  }
}
