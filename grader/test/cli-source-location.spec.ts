import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, ECHO, dsgrade } from './runners/cli.js';


// The planted bug: the server reads a header the client never sends, in a helper file of its own.
const HELPER = `export function seqOf(data: Record<string, unknown>): number {
  const header = data['header'] as { seq: number } | undefined;
  return header!.seq;
}
`;
const EXPECTED =
  'process "server" threw in onMessage at step 2: TypeError: Cannot read properties of undefined (reading \'seq\') (at lib/parse.ts:3:18)';

describe('dsgrade CLI: a student error names the line of the student\'s source', function () {
  this.timeout(120_000);
  let tmp: string;
  let solution: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-srcloc-'));
    solution = path.join(tmp, 'solution');
    fs.mkdirSync(path.join(solution, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(solution, 'lib/parse.ts'), HELPER);
    const reference = fs.readFileSync(path.join(ECHO, 'reference/index.ts'), 'utf8');
    const planted = reference
      .replace("import type { Context, Message, Process } from '@dsgrade/framework';", "$&\nimport { seqOf } from './lib/parse.js';")
      .replace('    ctx.send(msg, from);', '    seqOf(msg.data as Record<string, unknown>);\n    ctx.send(msg, from);');
    assert.notEqual(planted, reference);
    fs.writeFileSync(path.join(solution, 'index.ts'), planted);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('test: the console names file:line:column of the throw in the TypeScript file, not the bundle', () => {
    const r = dsgrade(['test', ECHO, '--solution', solution, '--test', 'first']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.ok(r.stdout.includes(`[student error] ${EXPECTED}\n`), r.stdout);
    assert.doesNotMatch(r.stdout, /solution\.js/);
  });

  it('grade: results.json and report.html carry the same location', () => {
    const json = path.join(tmp, 'results.json');
    const r = dsgrade(['grade', ECHO, '--solution', solution, '--out', path.join(tmp, 'out'), '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const results = JSON.parse(fs.readFileSync(json, 'utf8')) as { tests: { name: string; output: string }[] };
    const first = results.tests.find((t) => t.name.startsWith('first'));
    assert.ok(first !== undefined && first.output.includes(EXPECTED), JSON.stringify(results.tests.map((t) => t.name)));
    const html = fs.readFileSync(path.join(tmp, 'out/report.html'), 'utf8');
    assert.ok(html.includes('(at lib/parse.ts:3:18)'), 'report.html names the source line');
  });
});
