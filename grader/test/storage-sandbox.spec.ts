import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeSubmission } from '../src/grade/grade-submission.js';

// ctx.storage through the sandbox: student code in the vm realm writes and reads durable
// storage through the bridge, and what it stored survives a crash of its node.

const SOLUTION = [
  "import type { Context, Message, Process } from '@dsgrade/framework';",
  'export class Store implements Process {',
  '  onLocalMessage(msg: Message, ctx: Context): void {',
  "    if (msg.type === 'PUT') { ctx.storage.put('v', msg.data); ctx.storage.sync(); }",
  "    else if (msg.type === 'GET') ctx.sendLocal({ type: 'VALUE', data: ctx.storage.get('v') ?? null });",
  "    else if (msg.type === 'BAD') ctx.storage.put('v', undefined);",
  '  }',
  '  onMessage(): void {}',
  '  onTimer(): void {}',
  '}',
  '',
].join('\n');

const TEST = (name: string, steps: string) => `kind: sim\nname: ${name}\nnodes:\n  n1: [{ id: s, class: Store }]\nstorage: { loseUnsynced: 1 }\nsteps:\n${steps}`;

describe('durable storage in the sandbox', function () {
  this.timeout(120_000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-storage-'));
    const a = path.join(root, 'assignment');
    fs.mkdirSync(path.join(a, 'tests'), { recursive: true });
    fs.writeFileSync(path.join(a, 'assignment.yaml'), 'title: t\nsummary: s\nentry: index.ts\nclasses: [Store]\npoints: 2\ngroups: [{ name: g, points: 2 }]\ntests: [{ file: keep.yaml, group: g, points: 1 }, { file: bad.yaml, group: g, points: 1 }]\n');
    fs.writeFileSync(
      path.join(a, 'tests', 'keep.yaml'),
      TEST('keep', '  - send: { to: s, type: PUT, data: { x: [1, 2] } }\n  - crash: n1\n  - recover: n1\n  - send: { to: s, type: GET, data: null }\n  - expect: { proc: s, messages: [{ type: VALUE, data: { x: [1, 2] } }] }\n'),
    );
    fs.writeFileSync(path.join(a, 'tests', 'bad.yaml'), TEST('bad', '  - send: { to: s, type: BAD, data: null }\n'));
    fs.mkdirSync(path.join(root, 'solution'));
    fs.writeFileSync(path.join(root, 'solution', 'index.ts'), SOLUTION);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps a synced write through a crash, and reports a misuse as the student\'s error', async () => {
    const r = await gradeSubmission({ assignmentDir: path.join(root, 'assignment'), solutionDir: path.join(root, 'solution'), replayCommand: () => '' });
    const keep = r.tests.find((t) => t.name === 'keep')!;
    const bad = r.tests.find((t) => t.name === 'bad')!;
    assert.equal(keep.status, 'passed', keep.message ?? '');
    assert.notEqual(bad.status, 'passed');
    assert.match(bad.message ?? '', /ctx\.storage\.put: value must be JSON data/);
  });
});
