import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, ECHO, dsgrade } from './runners/cli.js';


describe('dsgrade CLI: console.log lines are trace events at their step and process', function () {
  this.timeout(120_000);
  let tmp: string;
  let solution: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-log-'));
    solution = path.join(tmp, 'solution');
    fs.mkdirSync(solution);
    const reference = fs.readFileSync(path.join(ECHO, 'reference/index.ts'), 'utf8');
    const planted = reference.replace('    ctx.send(msg, from);', "    console.log('echoing', msg.type, 'to', from);\n    ctx.send(msg, from);");
    assert.notEqual(planted, reference);
    fs.writeFileSync(path.join(solution, 'index.ts'), planted);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('replay --trace of a passing seed prints the line between the delivery that caused it and the send after it', () => {
    const r = dsgrade(['replay', ECHO, '--solution', solution, '--test', 'first', '--seed', '1', '--trace']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d+\s+\d/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 4).join(' '));
    const at = rows.indexOf('2 1.000 server@s log');
    assert.ok(at > 0, r.stdout);
    assert.equal(rows[at - 1], '2 1.000 server@s deliver');
    assert.equal(rows[at + 1], '2 1.000 server@s send');
    assert.match(r.stdout, /server@s +log +echoing ECHO to client\n/);
  });
});
