import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMutant } from '../../src/mutation/apply.js';
import { assignmentHash } from '../../src/mutation/cache.js';
import { readEquivalents } from '../../src/mutation/equivalent.js';
import { formatMutationReport } from '../../src/mutation/format.js';
import { generateMutants } from '../../src/mutation/generate.js';
import { mutantLabel } from '../../src/mutation/mutant.js';
import { mutationScore } from '../../src/mutation/mutation-score.js';
import { runPool } from '../../src/mutation/pool.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TINY = path.join(ROOT, 'grader/fixtures/assignments/mutation-tiny');
const CLI = path.join(ROOT, 'grader/dist/src/cli.js');

const SNIPPET = `export function f(a: number, b: number): boolean {
  if (a > b) return true;
  return a === 2 * b;
}
`;

describe('mutation: generation and text edits', () => {
  it('generates StrykerJS mutants with 1-based positions and the exact text each replaces', async () => {
    const ms = await generateMutants([{ name: 'f.ts', content: SNIPPET }]);
    const labels = ms.map(mutantLabel);
    assert.ok(labels.includes('f.ts:2 ConditionalExpression: a > b -> true'), labels.join('\n'));
    assert.ok(labels.includes('f.ts:2 EqualityOperator: a > b -> a >= b'), labels.join('\n'));
    assert.ok(labels.includes('f.ts:3 ArithmeticOperator: 2 * b -> 2 / b'), labels.join('\n'));
    const gt = ms.find((m) => mutantLabel(m) === 'f.ts:2 EqualityOperator: a > b -> a >= b')!;
    assert.equal(gt.column, 7);
    assert.equal(SNIPPET.slice(gt.start, gt.end), 'a > b');
    // Every mutant applies to the text it came from and changes it.
    for (const m of ms) assert.notEqual(applyMutant(SNIPPET, m), SNIPPET, mutantLabel(m));
    assert.equal(applyMutant(SNIPPET, gt).split('\n')[1], '  if (a >= b) return true;');
  });

  it('refuses to apply a mutant to text it was not generated from, naming the file and position', async () => {
    const [m] = await generateMutants([{ name: 'f.ts', content: SNIPPET }]);
    assert.throws(() => applyMutant(SNIPPET.replace('export', '//'), m!), /^Error: applyMutant: f\.ts at 1:\d+ does not read/);
  });

  it('labels put long originals on one shortened line', () => {
    const m = { file: 'x.ts', line: 4, column: 1, start: 0, end: 0, mutator: 'BlockStatement', original: `{\n  ${'a();\n  '.repeat(20)}}`, replacement: '{}' };
    const label = mutantLabel(m);
    assert.match(label, /^x\.ts:4 BlockStatement: \{ a\(\); a\(\);.*\.\.\. -> \{\}$/);
    assert.ok(!label.includes('\n'));
  });

  it('checks its input', async () => {
    await assert.rejects(generateMutants([{ name: 'f.js', content: '' }]), /^Error: generateMutants: pass a list of/);
  });
});

describe('mutation: pool, equivalents, cache key', () => {
  it('runPool keeps the order and never runs more than `jobs` at a time', async () => {
    let running = 0;
    let most = 0;
    const out = await runPool([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30]);
    assert.equal(most, 2);
    await assert.rejects(runPool([1], 0, async () => 0), /^Error: runPool: jobs must be a positive integer/);
  });

  it('readEquivalents rejects an entry without a one-line reason, naming file:line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-eq-'));
    try {
      fs.mkdirSync(path.join(dir, 'mutants'));
      const file = path.join(dir, 'mutants/equivalent.yaml');
      fs.writeFileSync(file, '- mutant: "a.ts:1 X: a -> b"\n  reason: fine\n- mutant: "a.ts:2 X: a -> b"\n  reason: ""\n');
      assert.throws(() => readEquivalents(dir), new RegExp(`^Error: readEquivalents: ${path.basename(dir)}/mutants/equivalent.yaml:3: reason must be one line`));
      fs.writeFileSync(file, '- mutant: "a.ts:1 X: a -> b"\n  why: no\n');
      assert.throws(() => readEquivalents(dir), /:1: unknown key why/);
      fs.writeFileSync(file, '- mutant: "a.ts:1 X: a -> b"\n  reason: it is never read\n');
      assert.deepEqual(readEquivalents(dir).map((e) => [e.mutant, e.reason]), [['a.ts:1 X: a -> b', 'it is never read']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the cache key changes with the reference and with the tests, not with the equivalents list', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-hash-'));
    try {
      fs.cpSync(TINY, dir, { recursive: true });
      const h0 = assignmentHash(dir, 'v');
      fs.appendFileSync(path.join(dir, 'mutants/equivalent.yaml'), '# a comment\n');
      assert.equal(assignmentHash(dir, 'v'), h0);
      fs.appendFileSync(path.join(dir, 'tests/echo.yaml'), '# a comment\n');
      const h1 = assignmentHash(dir, 'v');
      assert.notEqual(h1, h0);
      fs.appendFileSync(path.join(dir, 'reference/index.ts'), '// a comment\n');
      assert.notEqual(assignmentHash(dir, 'v'), h1);
      assert.notEqual(assignmentHash(dir, 'w'), assignmentHash(dir, 'v'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mutation: scoring a tiny assignment', function () {
  this.timeout(120_000);
  let cache: string;
  before(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-mcache-'));
  });
  after(() => fs.rmSync(cache, { recursive: true, force: true }));

  it('kills, keeps the survivor, leaves out the equivalent and the mutant that does not compile; a second run reads the cache', async () => {
    const r = await mutationScore({ assignmentDir: TINY, cacheDir: cache });
    assert.deepEqual([r.killed, r.survived, r.equivalent, r.invalid, r.results.length], [6, 1, 1, 1, 9]);
    assert.equal(r.score!.toFixed(1), '85.7');
    const byStatus = (s: string) => r.results.filter((x) => x.outcome.status === s && x.equivalent === null).map((x) => x.label);
    assert.deepEqual(byStatus('survived'), ["index.ts:18 ConditionalExpression: msg.type === 'ECHO' -> true"]);
    assert.deepEqual(byStatus('invalid'), ['index.ts:11 ObjectLiteral: { type: msg.type, data: msg.data } -> {}']);
    assert.ok(r.results.filter((x) => x.outcome.status === 'killed').every((x) => x.outcome.status === 'killed' && x.outcome.test === 'echo'));
    assert.deepEqual([r.staleEquivalents, r.killedEquivalents], [[], []]);
    const text = formatMutationReport(r);
    assert.match(text, /^mutation-tiny: generated-mutant score 85\.7% \(6 of 7 killed; 1 equivalent, 1 invalid; 9 mutants, 9 graded now, 0 from cache\)\n/);
    assert.match(text, /\n {4}index\.ts:18 ConditionalExpression: msg\.type === 'ECHO' -> true\n/);

    const again = await mutationScore({ assignmentDir: TINY, cacheDir: cache });
    assert.equal(again.results.filter((x) => x.cached).length, 9);
    assert.deepEqual(again.results.map((x) => x.outcome), r.results.map((x) => x.outcome));
  });

  it('reports an equivalent entry that names no mutant, and one that a test kills', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-stale-'));
    try {
      fs.cpSync(TINY, dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'mutants/equivalent.yaml'),
        '- mutant: "index.ts:99 StringLiteral: \'x\' -> \\"\\""\n  reason: gone\n- mutant: "index.ts:18 StringLiteral: \'ECHO\' -> \\"\\""\n  reason: wrongly listed\n',
      );
      const r = await mutationScore({ assignmentDir: dir, cacheDir: cache });
      assert.deepEqual(r.staleEquivalents, [`${path.basename(dir)}/mutants/equivalent.yaml:1: index.ts:99 StringLiteral: 'x' -> ""`]);
      assert.deepEqual(r.killedEquivalents.map((x) => x.label), [`index.ts:18 StringLiteral: 'ECHO' -> ""`]);
      assert.match(formatMutationReport(r), /listed as equivalent but killed by echo \(remove it\): index\.ts:18/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dsgrade mutation-score exits 1 below --min and 0 at or above it, 2 on a bad option', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'mutation-score', TINY, '--cache-dir', cache, ...args], { cwd: ROOT, encoding: 'utf8' });
    const below = run();
    assert.equal(below.status, 1, below.stderr);
    assert.match(below.stdout, /score 85\.7%.*9 from cache/);
    assert.equal(run('--min', '85').status, 0);
    const bad = run('--jobs', '0');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--jobs must be an integer from 1 to 64/);
  });
});
