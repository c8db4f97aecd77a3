import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatLoadError, loadAssignment } from '../src/load/index.js';
import type { LoadedAssignment, Step } from '../src/load/index.js';

const ASSIGNMENT = `title: Bulk
entry: index.ts
classes: [Node]
points: 2
groups: [{ name: all, points: 2 }]
tests:
  - { file: bulk.yaml, group: all, points: 1 }
  - { file: mc-bulk.yaml, group: all, points: 1 }
`;

const SIM = `kind: sim
name: bulk
nodes:
  n1: [{ id: a, class: Node }]
  n2: [{ id: b, class: Node }]
  n3: [{ id: c, class: Node }]
steps:
  - sendMany: { to: [a, b], type: PUT, count: 5, data: { key: "k{i}", value: "v{i}", tags: ["t{i}", 7, null], note: "{i}{i}" } }
  - sendMany: { to: [a, b, c], type: NODE_ADDED, data: { id: c } }
  - sendMany: { to: [c], type: GET, count: 2, first: 10, data: { key: "k{i}" } }
  - sendMany: { to: [b], type: PING }
  - runUntilQuiet: {}
`;

const MC = `kind: mc
name: mc-bulk
nodes:
  n1: [{ id: a, class: Node }]
  n2: [{ id: b, class: Node }]
setup:
  - sendMany: { to: [a, b], type: PUT, count: 2, data: { key: "k{i}" } }
search: { strategy: bfs, maxDepth: 3, maxStates: 10, collect: { check: done } }
stages:
  - steps:
      - sendMany: { to: [a, b], type: GET, data: "k{i}" }
    search: { strategy: bfs, maxDepth: 3, maxStates: 10 }
`;

function load(): LoadedAssignment {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-send-many-'));
  try {
    fs.writeFileSync(path.join(dir, 'assignment.yaml'), ASSIGNMENT);
    fs.mkdirSync(path.join(dir, 'tests'));
    fs.writeFileSync(path.join(dir, 'tests', 'bulk.yaml'), SIM);
    fs.writeFileSync(path.join(dir, 'tests', 'mc-bulk.yaml'), MC);
    const r = loadAssignment(dir, {});
    if (!r.ok) assert.fail(r.errors.map(formatLoadError).join('\n'));
    return r.assignment;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A send step as [to, type, data]; any other step as its kind. */
function sends(steps: Step[]): unknown[] {
  return steps.map((s) => (s.kind === 'send' ? [s.to, s.msg.type, s.msg.data] : s.kind));
}

describe('the sendMany step', () => {
  const a = load();

  it('stands for the send steps it abbreviates: round robin over to, {i} numbered in every string of data', () => {
    const t = a.tests.find((x) => x.name === 'bulk');
    assert.ok(t !== undefined && t.kind === 'sim');
    const put = (to: string, i: number) => [to, 'PUT', { key: `k${i}`, value: `v${i}`, tags: [`t${i}`, 7, null], note: `${i}${i}` }];
    assert.deepEqual(sends(t.steps), [
      put('a', 0), put('b', 1), put('a', 2), put('b', 3), put('a', 4),
      // without count: one message to each process (a broadcast)
      ['a', 'NODE_ADDED', { id: 'c' }], ['b', 'NODE_ADDED', { id: 'c' }], ['c', 'NODE_ADDED', { id: 'c' }],
      // first shifts the numbers
      ['c', 'GET', { key: 'k10' }], ['c', 'GET', { key: 'k11' }],
      // without data: null, as for send
      ['b', 'PING', null],
      'runUntilQuiet',
    ]);
  });

  it('gives every send it stands for the sendMany line as position, and later steps keep their own', () => {
    const t = a.tests.find((x) => x.name === 'bulk');
    assert.ok(t !== undefined && t.kind === 'sim');
    assert.deepEqual([...new Set(t.steps.map((s) => s.at.line))], [8, 9, 10, 11, 12]);
    assert.equal(t.steps.filter((s) => s.at.line === 8).length, 5);
  });

  it('works in a model-checking test\'s setup and stages', () => {
    const t = a.tests.find((x) => x.name === 'mc-bulk');
    assert.ok(t !== undefined && t.kind === 'mc');
    assert.deepEqual(sends(t.setup), [['a', 'PUT', { key: 'k0' }], ['b', 'PUT', { key: 'k1' }]]);
    assert.deepEqual(sends(t.stages[0]!.steps), [['a', 'GET', 'k0'], ['b', 'GET', 'k1']]);
  });
});
