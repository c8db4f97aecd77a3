import { describePath, listNames } from './describe.js';
import type { CheckContext } from './check-context.js';
import { asArray, asObject, asString, has } from './plain.js';
import { childPointer } from './source-map.js';

/** Step kinds that make sense without simulated time, i.e. in mc setup and stage steps. */
export const MC_STEP_KINDS: readonly string[] = [
  'send', 'sendMany', 'crash', 'recover', 'partition', 'heal', 'disableLink', 'enableLink', 'disconnect', 'connect', 'check',
];

/** A model-checking stage starts from many collected states at once: it can only crash nodes and send local messages. */
export const MC_STAGE_STEP_KINDS: readonly string[] = ['send', 'sendMany', 'crash', 'recover'];

export interface Topology {
  nodes: readonly string[];
  procs: readonly string[];
}

/** Semantic checks of a list of steps at `pointer`: references, expect forms, kinds allowed. */
export function checkSteps(
  cx: CheckContext,
  steps: unknown,
  pointer: string,
  topo: Topology,
  mcPart: string | null,
  mcKinds: readonly string[] = MC_STEP_KINDS,
): void {
  asArray(steps).forEach((raw, i) => {
    const step = asObject(raw);
    const keys = step === undefined ? [] : Object.keys(step);
    if (step === undefined || keys.length !== 1) return; // the schema reports the shape
    const kind = keys[0];
    const p = childPointer(childPointer(pointer, i), kind);
    if (mcPart !== null && !mcKinds.includes(kind)) {
      cx.atKey(p, `step "${kind}" is not allowed in ${mcPart}; steps there may be: ${listNames(mcKinds)}`);
      return;
    }
    checkStep(cx, kind, step[kind], p, topo);
  });
}

function checkStep(cx: CheckContext, kind: string, body: unknown, p: string, topo: Topology): void {
  const node = (value: unknown, at: string): void => {
    if (typeof value === 'string' && !topo.nodes.includes(value)) {
      cx.at(at, `unknown node "${value}" in ${kind} step; nodes are: ${listNames(topo.nodes)}`);
    }
  };
  const proc = (value: unknown, at: string): void => {
    if (typeof value === 'string' && !topo.procs.includes(value)) {
      cx.at(at, `unknown process "${value}" in ${kind} step; processes are: ${listNames(topo.procs)}`);
    }
  };
  const o = asObject(body);
  switch (kind) {
    case 'crash':
    case 'recover':
    case 'disconnect':
    case 'connect':
      node(body, p);
      return;
    case 'disableLink':
    case 'enableLink':
      node(o?.from, childPointer(p, 'from'));
      node(o?.to, childPointer(p, 'to'));
      if (o !== undefined && typeof o.from === 'string' && o.from === o.to) {
        cx.at(childPointer(p, 'to'), `${kind} from and to are both "${o.from}"; a link joins two different nodes`);
      }
      return;
    case 'partition':
      checkPartition(cx, body, p, topo, node);
      return;
    case 'send':
      proc(o?.to, childPointer(p, 'to'));
      return;
    case 'sendMany':
      asArray(o?.to).forEach((to, i) => proc(to, childPointer(childPointer(p, 'to'), i)));
      return;
    case 'runUntilLocal':
      proc(o?.proc, childPointer(p, 'proc'));
      return;
    case 'expect':
      proc(o?.proc, childPointer(p, 'proc'));
      checkExpectForm(cx, o, p);
      return;
    case 'check':
      cx.checkName(childPointer(p, 'name'), o?.name, 'check step');
      return;
    default:
      return;
  }
}

function checkPartition(
  cx: CheckContext,
  body: unknown,
  p: string,
  topo: Topology,
  node: (value: unknown, at: string) => void,
): void {
  const seen = new Set<string>();
  asArray(body).forEach((group, g) => {
    asArray(group).forEach((name, j) => {
      const at = childPointer(childPointer(p, g), j);
      node(name, at);
      if (typeof name !== 'string') return;
      if (seen.has(name)) cx.at(at, `node "${name}" is in two partition groups; put each node in exactly one`);
      seen.add(name);
    });
  });
  const missing = topo.nodes.filter((n) => !seen.has(n));
  if (Array.isArray(body) && missing.length > 0) {
    cx.at(p, `partition leaves out ${listNames(missing.map((n) => `"${n}"`))}; list every node in exactly one group`);
  }
}

function checkExpectForm(cx: CheckContext, o: ReturnType<typeof asObject>, p: string): void {
  if (o === undefined) return;
  const path = describePath(p, 'expect');
  if (has(o, 'messages') && has(o, 'count')) {
    cx.atKey(childPointer(p, 'count'), `${path} takes either messages or count, not both`);
  } else if (!has(o, 'messages') && !has(o, 'count')) {
    cx.at(p, `${path} needs messages (a list of {type, data}) or count (a number)`);
  }
  if (has(o, 'mode') && !has(o, 'messages')) {
    cx.atKey(childPointer(p, 'mode'), `${path}.mode only applies with messages; remove it or list the messages`);
  }
  if (has(o, 'type') && !has(o, 'count') && asString(o.type) !== undefined) {
    cx.atKey(childPointer(p, 'type'), `${path}.type only applies with count; with messages, give each message its type`);
  }
}
