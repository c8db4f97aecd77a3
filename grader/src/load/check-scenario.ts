import type { Limits, SourcePos } from '../scenario/index.js';
import type { CheckContext } from './check-context.js';
import { MC_STAGE_STEP_KINDS, checkSteps, type Topology } from './check-steps.js';
import { describePath, listNames } from './describe.js';
import { asArray, asNumber, asObject, asString, has, type Plain } from './plain.js';
import { childPointer } from './source-map.js';

const SIM_ONLY = ['steps', 'seeds', 'untilAllSometimesReached', 'storage'];
const MC_ONLY = ['setup', 'search', 'stages', 'messagesFirst', 'maxDuplicates', 'symmetric'];

/**
 * Semantic checks of one merged scenario value: what the schema cannot say. Runs even when
 * the schema failed, reading defensively, so one pass reports every mistake.
 */
export function checkScenario(cx: CheckContext, raw: unknown, inheritedLimits: Partial<Limits>): void {
  const s = asObject(raw);
  if (s === undefined) return;
  const topo = checkTopology(cx, s.nodes);
  const kind = asString(s.kind);
  if (kind === 'sim' || kind === 'mc') checkKindKeys(cx, s, kind);

  if (kind === 'sim') {
    checkSteps(cx, s.steps, '/steps', topo, null);
  } else if (kind === 'mc') {
    checkSteps(cx, s.setup, '/setup', topo, 'an mc test\'s setup');
    checkSearch(cx, s.search, '/search');
    checkSymmetric(cx, s.symmetric, topo);
    let previous = { pointer: '/search', search: asObject(s.search) };
    asArray(s.stages).forEach((raw, i) => {
      const p = childPointer('/stages', i);
      const stage = asObject(raw);
      checkSteps(cx, stage?.steps, childPointer(p, 'steps'), topo, `mc ${describePath(p, '')}`, MC_STAGE_STEP_KINDS);
      checkSearch(cx, stage?.search, childPointer(p, 'search'));
      if (previous.search !== undefined && !has(previous.search, 'collect')) {
        const from = describePath(previous.pointer, '');
        cx.at(p, `${describePath(p, '')} starts from the states ${from} collects, but ${from} has no collect check; add collect: {check: ...} to ${from}`);
      }
      previous = { pointer: childPointer(p, 'search'), search: asObject(stage?.search) };
    });
  }
  asArray(s.invariants).forEach((inv, i) => {
    const p = childPointer('/invariants', i);
    const o = asObject(inv);
    cx.checkName(childPointer(p, 'check'), o?.check, describePath(p, ''));
    if (kind === 'mc' && has(o, 'every')) {
      cx.atKey(childPointer(p, 'every'), `${describePath(p, '')}.every is only for sim tests; mc checks invariants in every state`);
    }
  });
  checkNetwork(cx, asObject(s.network), topo);
  checkLimits(cx, asObject(s.limits), inheritedLimits);
}

function checkTopology(cx: CheckContext, rawNodes: unknown): Topology {
  const nodes = asObject(rawNodes) ?? {};
  const procs = new Map<string, SourcePos>();
  for (const [node, list] of Object.entries(nodes)) {
    asArray(list).forEach((rawProc, i) => {
      const p = childPointer(childPointer('/nodes', node), i);
      const proc = asObject(rawProc);
      const id = asString(proc?.id);
      const cls = asString(proc?.class);
      if (id !== undefined) {
        const first = procs.get(id);
        if (first !== undefined) {
          cx.at(childPointer(p, 'id'), `duplicate process id "${id}"; first defined at ${first.file}:${first.line}:${first.column}`);
        } else {
          procs.set(id, cx.map.valueAt(childPointer(p, 'id')));
        }
      }
      if (cls !== undefined && !cx.classes.has(cls)) {
        cx.at(childPointer(p, 'class'), `unknown class "${cls}" for process "${id ?? '?'}"; assignment.yaml classes are: ${listNames(cx.classes)}`);
      }
    });
  }
  return { nodes: Object.keys(nodes), procs: [...procs.keys()] };
}

function checkKindKeys(cx: CheckContext, s: Plain, kind: 'sim' | 'mc'): void {
  const wrong = kind === 'sim' ? MC_ONLY : SIM_ONLY;
  for (const key of wrong) {
    if (has(s, key)) cx.atKey(`/${key}`, `key "${key}" is only for ${kind === 'sim' ? 'mc' : 'sim'} tests; this test has kind: ${kind}`);
  }
  if (kind === 'sim' && !has(s, 'steps')) {
    cx.atKey('/kind', 'a sim test needs steps: a list of what the test does (send, runUntilQuiet, expect, ...)');
  }
  if (kind === 'mc' && !has(s, 'search')) {
    cx.atKey('/kind', 'an mc test needs search: {strategy, maxDepth, maxStates}');
  }
  if (has(s, 'seeds') && has(s, 'untilAllSometimesReached')) {
    cx.atKey('/untilAllSometimesReached', 'seeds and untilAllSometimesReached exclude each other; keep one');
  }
}

function checkSearch(cx: CheckContext, raw: unknown, p: string): void {
  const search = asObject(raw);
  if (search === undefined) return;
  const where = describePath(p, '');
  const strategy = asString(search.strategy);
  if (has(search, 'walks') && (strategy === 'bfs' || strategy === 'dfs')) {
    cx.atKey(childPointer(p, 'walks'), `${where}.walks only applies to strategy random, got strategy ${strategy}`);
  }
  for (const role of ['invariant', 'goal', 'prune', 'collect']) {
    const ref = asObject(search[role]);
    cx.checkName(childPointer(childPointer(p, role), 'check'), ref?.check, `${where}.${role}`);
  }
}

function checkSymmetric(cx: CheckContext, raw: unknown, topo: Topology): void {
  const seen = new Set<string>();
  asArray(raw).forEach((set, i) => {
    asArray(set).forEach((id, j) => {
      const p = childPointer(childPointer('/symmetric', i), j);
      if (typeof id !== 'string') return;
      if (!topo.procs.includes(id)) cx.at(p, `symmetric names unknown process "${id}"; processes are: ${topo.procs.join(', ')}`);
      else if (seen.has(id)) cx.at(p, `process "${id}" appears in more than one symmetric set`);
      seen.add(id);
    });
  });
}

function checkNetwork(cx: CheckContext, net: Plain | undefined, topo: Topology): void {
  const delay = asObject(net?.delay);
  const min = asNumber(delay?.min);
  const max = asNumber(delay?.max);
  if (min !== undefined && max !== undefined && min > max) {
    cx.at('/network/delay/max', `network.delay.max must be >= min (${min}), got ${max}`);
  }
  const attrition = asObject(asObject(net?.chaos)?.attrition);
  const maxDown = asNumber(attrition?.maxDown);
  if (maxDown !== undefined && topo.nodes.length > 0 && maxDown > topo.nodes.length) {
    cx.at('/network/chaos/attrition/maxDown', `network.chaos.attrition.maxDown must be at most the number of nodes (${topo.nodes.length}), got ${maxDown}`);
  }
}

/** Per-process message limit above the total: reported where the scenario sets either. */
export function checkLimits(cx: CheckContext, own: Plain | undefined, inherited: Partial<Limits>): void {
  if (own === undefined) return;
  const total = asNumber(own.maxMessages) ?? inherited.maxMessages;
  const perProcess = asNumber(own.maxMessagesPerProcess) ?? inherited.maxMessagesPerProcess;
  if (total === undefined || perProcess === undefined || perProcess <= total) return;
  const key = has(own, 'maxMessagesPerProcess') ? 'maxMessagesPerProcess' : has(own, 'maxMessages') ? 'maxMessages' : undefined;
  if (key === undefined) return;
  cx.at(`/limits/${key}`, `limits.maxMessagesPerProcess (${perProcess}) must not exceed limits.maxMessages (${total})`);
}
