import { escapeInvisible } from '../invisible.js';
import { toJsonSafe } from './json-safe.js';
import type { ProcPlacement, ViewerTrace, ViewerTraceEvent, ViewerTraceKind } from './trace-shape.js';

/** The data the browser viewer draws; everything it needs is precomputed here so it is testable. */
export interface ViewerModel {
  title: string;
  seed: number;
  nodes: string[];
  /** One lane per process, grouped by node; `node` indexes `nodes`. */
  lanes: { id: string; node: number }[];
  events: ViewerEvent[];
  arrows: ViewerArrow[];
  spans: ViewerSpan[];
  /** Every message type in the trace, sorted, for the type filter. */
  types: string[];
  failStep: number | null;
  failMessage: string | null;
  /** Index in `events` that "jump to failure" selects, or -1. */
  failEvent: number;
}

/** A trace event as the viewer draws it: the trace's own fields, with its process and node as indices and its message id as `msg`. */
export interface ViewerEvent extends Pick<ViewerTraceEvent, 'kind' | 'step' | 'time' | 'from' | 'to' | 'type' | 'data' | 'timer' | 'delay' | 'detail' | 'state'> {
  /** Lane index, or -1 for events that belong to no single process (network, crash of a node). */
  lane: number;
  node?: number;
  msg?: number;
  hasState?: true;
}

/** A message copy: send → deliver, send → drop, or a send whose end is not in the trace. */
export interface ViewerArrow {
  send: number;
  /** Index of the deliver / drop event, or -1 when pending. */
  end: number;
  outcome: 'deliver' | 'drop' | 'pending';
  /** A second or later copy of the same message id (the network duplicated it). */
  duplicate: boolean;
  /** The network corrupted this message before this copy ended. */
  corrupt: boolean;
  fromLane: number;
  toLane: number;
}

/** A shaded range of events: a node down (crash → recover) or a network change in force. */
export interface ViewerSpan {
  kind: 'crash' | 'network';
  start: number;
  /** Last event index inside the span (the recover, the next network change, or the trace end). */
  end: number;
  /** For crash spans: the node index; network spans cover every lane. */
  node: number;
  label: string;
}

export interface ViewerModelInput {
  trace: ViewerTrace;
  procs: readonly ProcPlacement[];
  failStep?: number;
  failMessage?: string;
  title?: string;
}

const UNPLACED_NODE = '(unplaced)';
/** Details of network records (framework/src/system.ts) that put the network back to normal. */
const RESTORES_NETWORK = /\b(reset|heal|healed|enabled|connected)\b/i;

export function buildViewerModel(input: ViewerModelInput): ViewerModel {
  const { nodes, lanes, laneOf, nodeOf } = placeLanes(input.trace.events, input.procs);
  const events = input.trace.events.map((event) => toViewerEvent(event, laneOf, nodeOf));
  return {
    title: input.title ?? `Trace (seed ${input.trace.seed})`,
    seed: input.trace.seed,
    nodes,
    lanes,
    events,
    arrows: linkMessages(events, laneOf, input.trace.events),
    spans: findSpans(events),
    types: [...new Set(events.flatMap((event) => (event.type === undefined ? [] : [event.type])))].sort(),
    failStep: input.failStep ?? null,
    failMessage: input.failMessage ?? null,
    failEvent: input.failStep === undefined ? -1 : findFailEvent(events, input.failStep),
  };
}

function placeLanes(events: readonly ViewerTraceEvent[], procs: readonly ProcPlacement[]) {
  const nodes: string[] = [];
  const nodeOf = (name: string): number => {
    const known = nodes.indexOf(name);
    return known >= 0 ? known : nodes.push(name) - 1;
  };
  const placed = procs.map((proc) => ({ id: proc.id, node: nodeOf(proc.node) }));
  const known = new Set(procs.map((proc) => proc.id));
  for (const event of events) {
    for (const id of [event.proc, event.from, event.to]) {
      if (id !== undefined && !known.has(id)) {
        known.add(id);
        placed.push({ id, node: nodeOf(UNPLACED_NODE) });
      }
    }
  }
  // Stable sort: processes keep their given order inside their node.
  const lanes = placed.map((lane, order) => ({ lane, order })).sort((a, b) => a.lane.node - b.lane.node || a.order - b.order).map((entry) => entry.lane);
  const laneIndex = new Map(lanes.map((lane, index) => [lane.id, index]));
  const laneOf = (id: string | undefined): number => (id === undefined ? -1 : laneIndex.get(id) ?? -1);
  const nodeIndexOf = (name: string | undefined): number => (name === undefined ? -1 : nodes.indexOf(name));
  return { nodes, lanes, laneOf, nodeOf: nodeIndexOf };
}

function laneProcess(event: ViewerTraceEvent): string | undefined {
  switch (event.kind) {
    case 'send':
    case 'duplicate':
      return event.proc ?? event.from;
    case 'deliver':
      return event.proc ?? event.to;
    case 'drop':
    case 'corrupt':
      return event.to ?? event.proc;
    case 'crash':
    case 'recover':
    case 'network':
      return undefined;
    default:
      return event.proc;
  }
}

function toViewerEvent(event: ViewerTraceEvent, laneOf: (id: string | undefined) => number, nodeOf: (name: string | undefined) => number): ViewerEvent {
  const row: ViewerEvent = { kind: event.kind, step: event.step, time: event.time, lane: laneOf(laneProcess(event)) };
  const node = nodeOf(event.node);
  if (node >= 0) row.node = node;
  if (event.from !== undefined) row.from = String(event.from);
  if (event.to !== undefined) row.to = String(event.to);
  if (event.id !== undefined) row.msg = event.id;
  if (event.type !== undefined) row.type = escapeInvisible(String(event.type));
  if (event.data !== undefined) row.data = toJsonSafe(event.data);
  if (event.timer !== undefined) row.timer = escapeInvisible(String(event.timer));
  if (event.delay !== undefined) row.delay = event.delay;
  if (event.detail !== undefined) row.detail = escapeInvisible(String(event.detail));
  if (event.state !== undefined) {
    row.state = toJsonSafe(event.state);
    row.hasState = true;
  }
  return row;
}

function linkMessages(events: readonly ViewerEvent[], laneOf: (id: string | undefined) => number, raw: readonly ViewerTraceEvent[]): ViewerArrow[] {
  const sends = new Map<number, number>();
  const ended = new Map<number, number>();
  const corruptedAt = new Map<number, number>();
  const arrows: ViewerArrow[] = [];
  events.forEach((event, index) => {
    if (event.msg === undefined) return;
    if (event.kind === 'send') sends.set(event.msg, index);
    else if (event.kind === 'corrupt' && !corruptedAt.has(event.msg)) corruptedAt.set(event.msg, index);
    else if (event.kind === 'deliver' || event.kind === 'drop') {
      const send = sends.get(event.msg);
      if (send === undefined) return; // the send is not in this (possibly minimised) trace
      const copies = ended.get(event.msg) ?? 0;
      ended.set(event.msg, copies + 1);
      const corrupt = corruptedAt.get(event.msg);
      arrows.push({
        send,
        end: index,
        outcome: event.kind,
        duplicate: copies > 0,
        corrupt: corrupt !== undefined && corrupt < index,
        fromLane: events[send].lane,
        toLane: event.lane,
      });
    }
  });
  for (const [msg, send] of sends) {
    if (!ended.has(msg)) {
      arrows.push({ send, end: -1, outcome: 'pending', duplicate: false, corrupt: corruptedAt.has(msg), fromLane: events[send].lane, toLane: laneOf(raw[send].to) });
    }
  }
  return arrows.sort((a, b) => a.send - b.send || a.end - b.end);
}

function findSpans(events: readonly ViewerEvent[]): ViewerSpan[] {
  const spans: ViewerSpan[] = [];
  const down = new Map<number, number>();
  let network: { start: number; label: string } | undefined;
  const last = events.length - 1;
  events.forEach((event, index) => {
    if (event.kind === 'crash' && event.node !== undefined && !down.has(event.node)) down.set(event.node, index);
    if (event.kind === 'recover' && event.node !== undefined) {
      const start = down.get(event.node);
      if (start !== undefined) spans.push({ kind: 'crash', start, end: index, node: event.node, label: 'crashed' });
      down.delete(event.node);
    }
    if (event.kind === 'network') {
      if (network) spans.push({ kind: 'network', start: network.start, end: index, node: -1, label: network.label });
      const label = event.detail ?? 'network change';
      // Each change ends the previous span; one that restores links starts no new span.
      network = RESTORES_NETWORK.test(label) ? undefined : { start: index, label };
    }
  });
  for (const [node, start] of down) spans.push({ kind: 'crash', start, end: last, node, label: 'crashed' });
  if (network) spans.push({ kind: 'network', start: network.start, end: last, node: -1, label: network.label });
  return spans.sort((a, b) => a.start - b.start);
}

function findFailEvent(events: readonly ViewerEvent[], failStep: number): number {
  const check = events.findIndex((event) => event.kind === 'check' && event.step === failStep);
  if (check >= 0) return check;
  for (let index = events.length - 1; index >= 0; index--) {
    if (events[index].step <= failStep) return index;
  }
  return events.length > 0 ? 0 : -1;
}
