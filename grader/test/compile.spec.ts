import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compileChecks, compileSolution, formatDiagnostic, type CompileResult } from '../src/compile/index.js';
import { fixture, tempDir } from './runners/fixtures.js';

async function compile(dir: string, classes: readonly string[] = ['Server']): Promise<CompileResult> {
  return compileSolution({ solutionDir: fixture('solutions', dir), entry: 'index.ts', classes, outDir: tempDir('compile') });
}

function errorsOf(result: CompileResult): string[] {
  assert.equal(result.ok, false, 'expected the compile to fail');
  return result.ok ? [] : result.errors.map(formatDiagnostic);
}

describe('compileSolution', () => {
  it('bundles a multi-file solution into one script whose completion value is the exports', async () => {
    const result = await compile('multi', ['Server', 'Client']);
    assert.equal(result.ok, true, JSON.stringify(result));
    if (!result.ok) return;
    assert.deepEqual(result.warnings, []);
    const source = fs.readFileSync(result.bundlePath, 'utf8');
    assert.match(source, /lib\/counter\.ts/, 'the relative import is bundled in');
    assert.doesNotMatch(source, /@dsgrade\/framework/, 'type-only imports leave nothing behind');
    // Evaluate it the way the sandbox does, to show the classes run.
    const vm = await import('node:vm');
    const exportsObject = vm.runInNewContext(source) as Record<string, new (...a: unknown[]) => Record<string, (...a: unknown[]) => void>>;
    const server = new exportsObject.Server!();
    const sent: unknown[] = [];
    const ctx = { send: (m: unknown, to: string) => sent.push([m, to]) };
    server.onMessage!({ type: 'hi', data: 1 }, 'c1', ctx);
    server.onMessage!({ type: 'hi', data: 2 }, 'c1', ctx);
    assert.deepEqual(JSON.parse(JSON.stringify(sent)), [
      [{ type: 'ack', data: { n: 1, text: 'hello c1' } }, 'c1'],
      [{ type: 'ack', data: { n: 2, text: 'hello c1' } }, 'c1'],
    ]);
  });

  it('reports a syntax error at its exact file:line:column', async () => {
    assert.deepEqual(errorsOf(await compile('syntax-error')), ['index.ts:5:20: Expression expected.']);
  });

  it('reports a type error at its exact file:line:column', async () => {
    assert.deepEqual(errorsOf(await compile('type-error')), ["index.ts:6:5: Type 'string' is not assignable to type 'number'."]);
  });

  it('says which class is missing and what the entry file exports instead', async () => {
    assert.deepEqual(errorsOf(await compile('missing-export')), ['index.ts:1:1: index.ts must export class Server; it exports: Client']);
  });

  it('rejects an export of the right name that is not a class', async () => {
    assert.deepEqual(errorsOf(await compile('multi', ['Server', 'PROTOCOL_VERSION'])), [
      'index.ts:36:14: index.ts exports PROTOCOL_VERSION, but it is not a class; export it as `export class PROTOCOL_VERSION implements Process`',
    ]);
  });

  it('rejects a value import of a non-relative module (a Node built-in)', async () => {
    const errors = errorsOf(await compile('value-import'));
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^index\.ts:2:30: import of 'node:fs' is not allowed/);
  });

  it('rejects a value import of @dsgrade/framework, which exists only as types', async () => {
    const errors = errorsOf(await compile('framework-value-import'));
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^index\.ts:1:28: '@dsgrade\/framework' may be imported only as types/);
  });

  it('rejects dynamic import() and files outside the solution folder', async () => {
    assert.match(errorsOf(await compile('dynamic-import'))[0]!, /^index\.ts:5:10: dynamic import\(\) is not allowed/);
    assert.match(errorsOf(await compile('outside-import'))[0]!, /^index\.ts:2:26: Cannot find module '\.\.\/multi\/lib\/greeting'/);
  });

  it('ignores a tsconfig.json in the submission that tries to relax strictness', async () => {
    const dir = tempDir('loose');
    fs.copyFileSync(fixture('solutions', 'type-error', 'index.ts'), path.join(dir, 'index.ts'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: false, noEmitOnError: false } }));
    const result = await compileSolution({ solutionDir: dir, entry: 'index.ts', classes: ['Server'], outDir: tempDir('out') });
    assert.equal(result.ok, false);
  });

  it('reports a missing entry file as a diagnostic, and bad arguments by throwing', async () => {
    const result = await compileSolution({ solutionDir: fixture('solutions', 'multi'), entry: 'main.ts', classes: ['Server'], outDir: tempDir('out') });
    assert.deepEqual(errorsOf(result), ["main.ts: main.ts is missing; the solution's entry file must exist"].map((m) => m.replace('main.ts: ', 'main.ts:0:0: ')));
    await assert.rejects(
      compileSolution({ solutionDir: fixture('solutions', 'multi'), entry: '../x.ts', classes: ['Server'], outDir: tempDir('out') }),
      /^Error: compileSolution: entry \.\.\/x\.ts points outside solutionDir/,
    );
    await assert.rejects(
      compileSolution({ solutionDir: fixture('solutions', 'multi'), entry: 'index.ts', classes: ['not a name'], outDir: tempDir('out') }),
      /^Error: compileSolution: classes must be an array of class names/,
    );
    await assert.rejects(
      compileSolution({ solutionDir: fixture('solutions', 'nope'), entry: 'index.ts', classes: [], outDir: tempDir('out') }),
      /^Error: compileSolution: solutionDir .* is not a folder/,
    );
  });
});

describe('compileChecks', () => {
  it('bundles checks that import the framework for real, keeping the framework import', async () => {
    const result = await compileChecks(fixture('solutions', 'with-checks', 'checks.ts'), tempDir('checks'));
    assert.equal(result.ok, true, JSON.stringify(result));
    if (!result.ok) return;
    const source = fs.readFileSync(result.bundlePath, 'utf8');
    assert.match(source, /from "file:\/\/.*\/framework\/dist\/src\/index\.js"/);
    const checks = (await import(new URL(`file://${result.bundlePath}`).href)) as { countDraws(f: unknown): unknown };
    assert.deepEqual(checks.countDraws({ draws: [1, 2] }), { draws: 2, rngIsFunction: true });
  });

  it('reports type errors in checks with file:line:column', async () => {
    const result = await compileChecks(fixture('solutions', 'with-checks', 'type-error-checks.ts'), tempDir('checks'));
    assert.deepEqual(errorsOf(result), ["type-error-checks.ts:2:3: Type 'string' is not assignable to type 'number'."]);
  });
});
