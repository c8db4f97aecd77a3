import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLoadError, loadAssignment } from '../src/load/index.js';

/*
 * The corpus of broken assignments: every file under fixtures/yaml/bad ends with a
 * "# Expected errors" block listing, exactly, the `file:line:column: message` lines the loader
 * must report for that file (a README.md carries them when the file itself is missing).
 * Files without a block must produce no error.
 */

const BAD = fileURLToPath(new URL('../../fixtures/yaml/bad/', import.meta.url));
const KNOWN_CHECKS = new Set(['agreement', 'committed', 'sameData', 'tooManyMessages']);
const MARKER = '# Expected errors';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)],
  );
}

/** Expected lines by display name (relative to the corpus folder, `/`-separated). */
function expectedByFile(caseDir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of filesUnder(caseDir)) {
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf(MARKER);
    const lines = at < 0 ? [] : text.slice(at).split('\n').slice(1).filter((l) => l.startsWith('# ')).map((l) => l.slice(2));
    out.set(path.relative(BAD, file).split(path.sep).join('/'), lines);
  }
  return out;
}

const cases = fs.readdirSync(BAD).filter((d) => fs.statSync(path.join(BAD, d)).isDirectory()).sort();

describe('loadAssignment on the corpus of broken YAML', () => {
  it('has at least 30 broken files, each with its expected errors', () => {
    const broken = cases.flatMap((c) => [...expectedByFile(path.join(BAD, c)).values()].filter((l) => l.length > 0));
    assert.ok(broken.length >= 30, `only ${broken.length} broken files`);
  });

  for (const name of cases) {
    describe(name, () => {
      const caseDir = path.join(BAD, name);
      const result = loadAssignment(caseDir, { knownChecks: KNOWN_CHECKS });
      const actual = result.ok ? [] : result.errors.map(formatLoadError);
      const expected = expectedByFile(caseDir);

      it('fails to load and reports every expected error, in file:line:column order', () => {
        assert.equal(result.ok, false);
        const all = [...expected.values()].flat();
        assert.deepEqual([...actual].sort(), [...all].sort());
      });

      const byNamedFile = new Map<string, string[]>();
      for (const line of [...expected.values()].flat()) {
        const file = line.slice(0, line.indexOf(':'));
        byNamedFile.set(file, [...(byNamedFile.get(file) ?? []), line]);
      }
      for (const [file, lines] of byNamedFile) {
        it(`${file}: exactly its ${lines.length} error(s)`, () => {
          assert.deepEqual(actual.filter((l) => l.startsWith(`${file}:`)), lines);
        });
      }
    });
  }

  it('reports all of several independent mistakes in one file', () => {
    const result = loadAssignment(path.join(BAD, 'kv'), { knownChecks: KNOWN_CHECKS });
    assert.equal(result.ok, false);
    const inFile = result.ok ? [] : result.errors.filter((e) => e.file === 'kv/tests/many-errors.yaml');
    assert.ok(inFile.length >= 8, `expected at least 8 errors, got ${inFile.length}`);
    const messages = inFile.map((e) => e.message).join('\n');
    for (const part of ['duplicate process id', 'unknown class', 'network.drop', 'seeds', 'unknown process', 'unknown node', 'unknown step', 'unknown check', 'limits.maxTime']) {
      assert.ok(messages.includes(part), `no error mentions ${part}`);
    }
  });

  it('without knownChecks, does not judge check names', () => {
    const result = loadAssignment(path.join(BAD, 'kv'));
    assert.equal(result.ok, false);
    assert.equal(result.ok ? 0 : result.errors.filter((e) => e.message.startsWith('unknown check')).length, 0);
  });
});
