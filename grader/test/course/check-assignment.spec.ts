import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAssignment } from '../../src/course/check-assignment.js';
import { echoCopy, removeCopy, wrongEchoPatch } from './echo-copy.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

function writeMutant(dir: string, name: string, text: string): void {
  fs.mkdirSync(path.join(dir, 'mutants'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'mutants', `${name}.patch`), text);
}

/** A mutant that changes only a comment: it cannot lose a point. */
const HARMLESS = `# mistake: none really
# kills: [first]
--- a/index.ts
+++ b/index.ts
@@ -1,2 +1,3 @@
+// a comment changes nothing
 import type { Context, Message, Process } from '@dsgrade/framework';
 
`;

describe('dsgrade check-assignment', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = echoCopy();
  });
  afterEach(() => removeCopy(dir));

  it('passes a sound assignment and reports each reference test with its wall time', async () => {
    writeMutant(dir, 'wrong', wrongEchoPatch(['first', 'last']));
    const c = await checkAssignment(dir);
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.tests.map((t) => t.name), ['first', 'attack', 'last']);
    assert.ok(c.tests.every((t) => t.wallMs > 0) && c.totalMs > c.referenceMs);
    assert.equal(c.tests.find((t) => t.name === 'attack')!.runs, 3);
    // Every test it names in kills fails, so it has lost points: the test it does not name (attack) is not graded.
    assert.deepEqual(c.mutants.map((m) => [m.name, m.graded, m.score, m.maxScore, m.failed]), [['wrong', 'kills', 0, 4, ['first', 'last']]]);
    assert.ok(c.phases.skeletonMs > 0 && c.phases.gradingsMs > 0);
  });

  it('grades a mutant on every test when one of its kills survives, one grading at a time with jobs: 1', async () => {
    writeMutant(dir, 'only-b', wrongEchoPatch(['first']).replace("String(msg.data) + '!'", "msg.data === 'b' ? 'c' : msg.data").replace('kills: [first]', 'kills: [first, last]'));
    const c = await checkAssignment(dir, { jobs: 1 });
    assert.deepEqual(c.mutants.map((m) => [m.graded, m.maxScore, m.failed, m.survived]), [['all', 6, ['last'], ['first']]]);
    assert.deepEqual(c.problems, ['mutant only-b survived tests it must fail: first (it fails only last)']);
  });

  it('refuses a jobs count that is not a positive whole number', async () => {
    await assert.rejects(checkAssignment(dir, { jobs: 0 }), /^Error: checkAssignment: jobs is 0; pass a whole number/);
  });

  it('exits 1 and names a planted surviving mutant, and one that passes a test its kills line names', () => {
    writeMutant(dir, 'harmless', HARMLESS);
    const partial = wrongEchoPatch(['first']).replace("String(msg.data) + '!'", "msg.data === 'b' ? 'c' : msg.data").replace('kills: [first]', 'kills: [first, last]');
    writeMutant(dir, 'only-b', partial);
    const r = spawnSync(process.execPath, [CLI, 'check-assignment', dir], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /mutant harmless survived: it scores 6\/6 \(none really\)/);
    assert.match(r.stdout, /mutant only-b survived tests it must fail: first \(it fails only last\)/);
    assert.match(r.stdout, /✗ harmless +6\/6 +fails nothing/);
    assert.match(r.stdout, /2 problems in echo/);
  });

  it('finds a planted nondeterministic assignment: graded twice, the results differ', async () => {
    // Student code cannot be nondeterministic in the sandbox (seeded Math.random, virtual Date,
    // sanitized stacks), so the nondeterminism is planted in the instructor's trusted checks.ts.
    fs.appendFileSync(path.join(dir, 'checks.ts'), '\nexport function coin(): true | string {\n  return `coin ${Math.random()}`;\n}\n');
    const attack = path.join(dir, 'tests', 'attack.yaml');
    fs.appendFileSync(attack, '  - check: { name: coin }\n');
    const c = await checkAssignment(dir);
    assert.ok(c.problems.some((p) => /^the reference fails attack \[failed, seed \d+\] coin 0\.\d+/.test(p)), c.problems.join('\n'));
    assert.ok(c.problems.includes('the reference is not deterministic: graded twice, test attack differs in its message'), c.problems.join('\n'));
  });

  it('reports a skeleton that scores points, a reference that fails, unknown kills and unconverted mutant folders', async () => {
    fs.cpSync(path.join(dir, 'reference'), path.join(dir, 'solution'), { recursive: true });
    const ref = path.join(dir, 'reference', 'index.ts');
    fs.writeFileSync(ref, fs.readFileSync(ref, 'utf8').replace('ctx.sendLocal(msg);', "if (msg.data !== 'b') ctx.sendLocal(msg);"));
    writeMutant(dir, 'typo', wrongEchoPatch(['frist']));
    fs.mkdirSync(path.join(dir, 'mutants', 'old-style'));
    const c = await checkAssignment(dir);
    const text = c.problems.join('\n');
    assert.match(text, /mutants\/old-style\/ is a folder; mutants are patches now: run "dsgrade mutant-to-patch echo"/);
    assert.match(text, /the skeleton scores 6\/6, not 0; it passes first, attack, last/);
    assert.match(text, /the reference fails last \[failed, seed 1\] client: expected exactly/);
    assert.match(text, /mutant typo names unknown tests in kills: frist; tests are: first, attack, last/);
  });

  it('reports an assignment whose YAML does not load, without running anything', async () => {
    fs.appendFileSync(path.join(dir, 'assignment.yaml'), 'bogus: 1\n');
    const c = await checkAssignment(dir);
    assert.equal(c.problems.length, 1);
    assert.match(c.problems[0]!, /the assignment has errors:\n.*assignment\.yaml:\d+:\d+: .*bogus/);
    assert.deepEqual(c.tests, []);
  });
});
