import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeSubmission } from '../src/grade/grade-submission.js';

// ctx.storage from Python: a counter kept in durable storage survives a crash of its node (the
// fields do not), an unsynced write is lost when the test says so, and every write is traced.

const SOLUTION = `from anysystem import Context, Message, Process


class Counter(Process):
    def __init__(self):
        self.seen = 0

    def on_local_message(self, msg: Message, ctx: Context):
        self.seen += 1
        if msg.type == 'INC':
            ctx.storage.put('n', ctx.storage.get('n', 0) + 1)
            if msg['sync']:
                ctx.storage.sync()
        elif msg.type == 'DROP':
            ctx.storage.delete('n')
        elif msg.type == 'GET':
            ctx.send_local(Message('VALUE', {'n': ctx.storage.get('n'), 'seen': self.seen}))
        elif msg.type == 'BAD':
            ctx.storage.put(7, 'x')
`;

const TEST = (name: string, steps: string[]) =>
  `kind: sim\nname: ${name}\nnodes:\n  n1: [{ id: c, class: Counter }]\nstorage: { loseUnsynced: 1 }\nsteps:\n${steps.map((s) => `  - ${s}\n`).join('')}`;

const INC = (sync: boolean) => `send: { to: c, type: INC, data: { sync: ${sync} } }`;
const GET = 'send: { to: c, type: GET, data: {} }';

describe('durable storage from Python (ctx.storage through the bridge)', function () {
  this.timeout(180_000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-py-storage-'));
    const a = path.join(root, 'assignment');
    fs.mkdirSync(path.join(a, 'tests'), { recursive: true });
    const tests = ['keeps', 'loses', 'deletes', 'bad'];
    fs.writeFileSync(
      path.join(a, 'assignment.yaml'),
      `title: t\nsummary: s\nentry: index.ts\nlanguages: [python]\nclasses: [Counter]\npoints: 4\ngroups: [{ name: g, points: 4 }]\ntests:\n${tests.map((t) => `  - { file: ${t}.yaml, group: g, points: 1 }\n`).join('')}`,
    );
    const write = (name: string, steps: string[]) => fs.writeFileSync(path.join(a, 'tests', `${name}.yaml`), TEST(name, steps));
    // Two synced increments survive the crash; the recovered process counts from them while its field starts again.
    write('keeps', [INC(true), INC(true), 'crash: n1', 'recover: n1', INC(true), GET, "expect: { proc: c, messages: [{ type: VALUE, data: { n: 3, seen: 2 } }] }"]);
    write('loses', [INC(true), INC(false), 'crash: n1', 'recover: n1', GET, "expect: { proc: c, messages: [{ type: VALUE, data: { n: 1, seen: 1 } }] }"]);
    write('deletes', [INC(true), 'send: { to: c, type: DROP, data: {} }', GET, "expect: { proc: c, messages: [{ type: VALUE, data: { n: null, seen: 3 } }] }"]);
    write('bad', ['send: { to: c, type: BAD, data: {} }']);
    fs.mkdirSync(path.join(root, 'solution'));
    fs.writeFileSync(path.join(root, 'solution', 'solution.py'), SOLUTION);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps synced writes through a crash, loses unsynced ones, deletes, and rejects a non-str key', async () => {
    const r = await gradeSubmission({ assignmentDir: path.join(root, 'assignment'), solutionDir: path.join(root, 'solution'), replayCommand: () => '', trace: true });
    const by = new Map(r.tests.map((t) => [t.name, t]));
    for (const name of ['keeps', 'loses', 'deletes']) assert.equal(by.get(name)!.status, 'passed', `${name}: ${by.get(name)!.message}`);
    const bad = by.get('bad')!;
    assert.equal(bad.status, 'error');
    assert.match(bad.message ?? '', /TypeError: storage\.put: key must be a str, got int \(solution\.py, line 19, in on_local_message\)/);
  });

  it('writes each put and sync into the trace, as for TypeScript', async () => {
    const r = await gradeSubmission({ assignmentDir: path.join(root, 'assignment'), solutionDir: path.join(root, 'solution'), replayCommand: () => '', trace: true, only: 'keeps' });
    const events = r.tests[0]!.trace?.events ?? [];
    const storage = events.filter((e) => e.kind === 'storage').map((e) => `${e.proc} ${e.type} ${JSON.stringify(e.data ?? null)}`);
    assert.deepEqual(storage, [
      'c put {"key":"n","value":1}',
      'c sync null',
      'c put {"key":"n","value":2}',
      'c sync null',
      'c put {"key":"n","value":3}',
      'c sync null',
    ]);
    const crash = events.findIndex((e) => e.kind === 'crash');
    assert.ok(crash > 0 && events.findIndex((e) => e.kind === 'storage' && (e.data as { value?: number } | undefined)?.value === 3) > crash, 'the third put comes after the crash');
  });
});
