import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, ECHO, dsgrade } from './runners/cli.js';


describe('dsgrade CLI: a limit failure shows what kept the run going', function () {
  this.timeout(120_000);
  let tmp: string;
  let solution: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-limit-'));
    solution = path.join(tmp, 'solution');
    fs.mkdirSync(solution);
    // The planted bug: a client that retransmits forever, whether or not the echo came back.
    const reference = fs.readFileSync(path.join(ECHO, 'reference/index.ts'), 'utf8');
    const planted = reference
      .replace('    ctx.send(msg, this.server);', "    ctx.send(msg, this.server);\n    ctx.setTimer('retry', 1);")
      .replace('  onTimer(): void {}', "  onTimer(_name: string, ctx: Context): void {\n    ctx.send({ type: 'ECHO', data: 'again' }, this.server);\n    ctx.setTimer('retry', 1);\n  }");
    assert.notEqual(planted, reference);
    fs.writeFileSync(path.join(solution, 'index.ts'), planted);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('names the scenario step, the armed timer, the messages in flight and the busiest sender', () => {
    const r = dsgrade(['test', ECHO, '--solution', solution, '--test', 'first']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const expected = [
      '      [limit] limit maxTime = 3600 reached: simulated time passed 3600 s (during the step at echo/tests/first.yaml:6)',
      '      what was still going at step 10801, time 3601:',
      '        armed timers:',
      '          client: retry (fires at 3601)',
      '        in flight: 1 message(s)',
      '          client → server: ECHO ×1',
      '        messages sent so far: client 3601, server 3600',
      '      seed 1 · replay: ',
    ].join('\n');
    assert.ok(r.stdout.includes(expected), r.stdout);
  });
});
