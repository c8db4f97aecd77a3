import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compileChecks, compileSolution, defaultCompileCacheDir, formatDiagnostic, type CompileResult } from '../src/compile/index.js';
import { fixture, tempDir } from './runners/fixtures.js';

const ECHO = fixture('assignments', 'echo');

function cacheEntries(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => !n.startsWith('.')) : [];
}

async function compile(solutionDir: string, cacheDir: string | null, determinism: 'warning' | 'error' = 'warning'): Promise<CompileResult & { outDir: string }> {
  const outDir = tempDir('cached-out');
  return { ...(await compileSolution({ solutionDir, entry: 'index.ts', classes: ['Client', 'Server'], outDir, cacheDir, determinism })), outDir };
}

describe('compile cache (the student loop)', function () {
  this.timeout(60_000);
  let cacheDir: string;
  let solution: string;
  beforeEach(() => {
    cacheDir = path.join(tempDir('compile-cache'), 'cache');
    solution = tempDir('cached-solution');
    fs.cpSync(path.join(ECHO, 'reference'), solution, { recursive: true });
  });

  it('a second compile of unchanged files is a hit: same result, same bundle and source map in the new outDir', async () => {
    const first = await compile(solution, cacheDir);
    assert.equal(first.ok, true);
    assert.equal(cacheEntries(cacheDir).length, 1);
    const second = await compile(solution, cacheDir);
    assert.equal(second.ok, true);
    if (!first.ok || !second.ok) return;
    assert.equal(cacheEntries(cacheDir).length, 1, 'no second entry');
    assert.equal(path.dirname(second.bundlePath), second.outDir, 'the bundle is in the caller\'s outDir');
    assert.equal(fs.readFileSync(second.bundlePath, 'utf8'), fs.readFileSync(first.bundlePath, 'utf8'));
    assert.equal(fs.readFileSync(`${second.bundlePath}.map`, 'utf8'), fs.readFileSync(`${first.bundlePath}.map`, 'utf8'));
    assert.deepEqual(second.warnings, first.warnings);
  });

  it('an edited file, a new file or other options miss; a type error is cached as the same diagnostics', async () => {
    await compile(solution, cacheDir);
    fs.appendFileSync(path.join(solution, 'index.ts'), '\nexport const broken: number = "text";\n');
    const edited = await compile(solution, cacheDir);
    assert.equal(edited.ok, false);
    if (edited.ok) return;
    assert.match(edited.errors.map(formatDiagnostic).join('\n'), /^index\.ts:\d+:\d+: Type 'string' is not assignable to type 'number'/);
    assert.equal(cacheEntries(cacheDir).length, 2);
    const again = await compile(solution, cacheDir);
    assert.deepEqual(again.ok ? null : again.errors, edited.errors);
    assert.equal(cacheEntries(cacheDir).length, 2, 'the failed compile was a hit');
    fs.writeFileSync(path.join(solution, 'notes.ts'), 'export {};\n');
    await compile(solution, cacheDir);
    assert.equal(cacheEntries(cacheDir).length, 3, 'a new file is a new input');
    await compile(solution, cacheDir, 'error');
    assert.equal(cacheEntries(cacheDir).length, 4, 'determinism: error is another compile');
  });

  it('checks are cached too, and a null cacheDir writes nothing', async () => {
    const a = await compileChecks(path.join(ECHO, 'checks.ts'), tempDir('checks-out'), { cacheDir });
    const b = await compileChecks(path.join(ECHO, 'checks.ts'), tempDir('checks-out'), { cacheDir });
    assert.ok(a.ok && b.ok);
    assert.equal(fs.readFileSync(b.bundlePath, 'utf8'), fs.readFileSync(a.bundlePath, 'utf8'));
    assert.equal(cacheEntries(cacheDir).length, 1);
    fs.appendFileSync(path.join(solution, 'index.ts'), '\n// edited\n');
    const uncached = await compile(solution, null);
    assert.equal(uncached.ok, true);
    assert.equal(cacheEntries(cacheDir).length, 1, 'compiling without a cache folder stores nothing');
  });

  it('the default folder follows DSGRADE_CACHE, then XDG_CACHE_HOME; DSGRADE_CACHE=off turns it off', () => {
    assert.equal(defaultCompileCacheDir({ DSGRADE_CACHE: 'off' }), null);
    assert.equal(defaultCompileCacheDir({ DSGRADE_CACHE: '/srv/cache' }), '/srv/cache');
    assert.equal(defaultCompileCacheDir({ XDG_CACHE_HOME: '/home/s/.xdg' }), '/home/s/.xdg/dsgrade/compile');
  });
});
