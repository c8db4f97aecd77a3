import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, ECHO, dsgrade } from './runners/cli.js';


const WARNING = "index.ts:6:31: Math.random() is not deterministic in a simulated run: use ctx.random(), the run's seeded generator";

describe('dsgrade CLI: determinism lint', function () {
  this.timeout(120_000);
  let tmp: string;
  let solution: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-lint-'));
    solution = path.join(tmp, 'solution');
    fs.mkdirSync(solution);
    // The planted bug: a retry timer whose delay comes from the host's Math.random.
    const reference = fs.readFileSync(path.join(ECHO, 'reference/index.ts'), 'utf8');
    const planted = reference.replace('    ctx.send(msg, this.server);', "    ctx.setTimer('retry', 1 + Math.random()); ctx.send(msg, this.server);");
    assert.notEqual(planted, reference);
    fs.writeFileSync(path.join(solution, 'index.ts'), planted);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('test: prints the warning with file:line:column and what to use instead; the tests still run', () => {
    const r = dsgrade(['test', ECHO, '--solution', solution, '--test', 'first']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ first +2\/2/);
    assert.ok(r.stdout.includes(`  1 warning: the solution builds, but these make runs irreproducible or break later\n    ${WARNING}\n`), r.stdout);
  });

  it('grade: the console and report.html show the warning', () => {
    const out = path.join(tmp, 'out');
    const r = dsgrade(['grade', ECHO, '--solution', solution, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(`    ${WARNING}\n`), r.stdout);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    const section = /<section class="compile-warnings">[\s\S]*?<\/section>/.exec(html);
    assert.ok(section, 'report.html has a warnings section');
    assert.match(section[0], /<li><code>index\.ts:6:31<\/code> Math\.random\(\) is not deterministic in a simulated run: use ctx\.random\(\), the run&#x27;s seeded generator<\/li>/);
  });

  it('determinism: error in assignment.yaml makes it a compile error: every test scores 0', () => {
    const strict = path.join(tmp, 'echo-strict');
    fs.cpSync(ECHO, strict, { recursive: true });
    fs.appendFileSync(path.join(strict, 'assignment.yaml'), 'determinism: error\n');
    const r = dsgrade(['test', strict, '--solution', solution]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.ok(r.stdout.includes(`  compile error: the solution does not build, every test scores 0\n    ${WARNING}\n`), r.stdout);
    assert.match(r.stdout, /Score: 0\/4/);
  });
});
