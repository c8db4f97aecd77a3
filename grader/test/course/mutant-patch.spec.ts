import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { applyMutant, materializeMutant, parseMutantPatch, readMutants } from '../../src/course/mutant-patch.js';
import { convertMutantFolder, mutantFolders } from '../../src/course/mutant-to-patch.js';
import { listFiles } from '../../src/course/tree.js';
import { echoCopy, removeCopy, wrongEchoPatch } from './echo-copy.js';

describe('mutants as patches', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = echoCopy();
  });
  afterEach(() => removeCopy(dir));

  it('reads the header and applies the diff to a copy of reference/', () => {
    const m = parseMutantPatch('wrong', wrongEchoPatch(['first', 'last']));
    assert.equal(m.mistake, 'the server changes what it echoes');
    assert.deepEqual(m.kills, ['first', 'last']);
    const out = path.join(path.dirname(dir), 'out');
    applyMutant(path.join(dir, 'reference'), m, out);
    const text = fs.readFileSync(path.join(out, 'index.ts'), 'utf8');
    assert.match(text, /String\(msg\.data\) \+ '!'/);
    assert.doesNotMatch(text, /ctx\.send\(msg, from\)/);
    assert.equal(fs.readFileSync(path.join(dir, 'reference', 'index.ts'), 'utf8').includes("'!'"), false, 'reference/ is untouched');
  });

  it('refuses a patch without a mistake, with a malformed kills line, or reaching outside the folder', () => {
    const body = wrongEchoPatch([]).split('\n').slice(2).join('\n');
    assert.throws(() => parseMutantPatch('x', body), /parseMutantPatch: mutants\/x\.patch has no "# mistake: \.\.\."/);
    assert.throws(() => parseMutantPatch('x', `# mistake: m\n# kills: drops\n${body}`), /write a list of test names/);
    assert.throws(() => parseMutantPatch('x', `# mistake: m\n${body.replace(/a\/index\.ts/, 'a/../../etc/passwd')}`), /outside the solution folder/);
    assert.throws(() => parseMutantPatch('x', '# mistake: m\n'), /changes nothing/);
  });

  it('says to regenerate a patch that no longer applies because the reference changed', () => {
    const ref = path.join(dir, 'reference', 'index.ts');
    fs.writeFileSync(ref, fs.readFileSync(ref, 'utf8').replace('ctx.send(msg, from);', 'ctx.send(msg, from); // changed'));
    assert.throws(() => applyMutant(path.join(dir, 'reference'), parseMutantPatch('wrong', wrongEchoPatch([])), path.join(path.dirname(dir), 'o')), /wrong no longer applies to reference\/index\.ts.*mutant-to-patch/);
  });

  it('converts a mutant folder (changed, added and removed files) into a patch that rebuilds it, with the tests it fails as kills', async () => {
    const folder = path.join(dir, 'mutants', 'loud');
    fs.mkdirSync(folder, { recursive: true });
    fs.mkdirSync(path.join(dir, 'reference', 'lib'));
    fs.writeFileSync(path.join(dir, 'reference', 'lib', 'unused.ts'), 'export const unused = 1;\n');
    const ref = fs.readFileSync(path.join(dir, 'reference', 'index.ts'), 'utf8');
    const mutated = `// Mutant "loud": the client shouts every echo back in capitals\n${ref.replace('ctx.sendLocal(msg);', "ctx.sendLocal({ type: msg.type, data: String(msg.data).toUpperCase() });")}`;
    fs.writeFileSync(path.join(folder, 'index.ts'), mutated);
    fs.writeFileSync(path.join(folder, 'extra.ts'), 'export const extra = 2;\n');
    assert.deepEqual(mutantFolders(dir), ['loud']);

    const c = await convertMutantFolder(dir, 'loud');
    assert.equal(c.mistake, 'the client shouts every echo back in capitals');
    assert.equal(c.mistakeGuessed, false);
    assert.deepEqual(c.kills, ['first', 'attack', 'last']);
    assert.equal(fs.existsSync(folder), false, 'the folder is removed');
    const text = fs.readFileSync(path.join(dir, 'mutants', 'loud.patch'), 'utf8');
    assert.match(text, /^# mistake: the client shouts every echo back in capitals\n# kills: \[first, attack, last\]\n--- \/dev\/null\n\+\+\+ b\/extra\.ts\n/);
    assert.doesNotMatch(text, /\/\/ Mutant/, 'the describing comment moved into the header');
    assert.match(text, /^--- \/dev\/null\n\+\+\+ b\/extra\.ts$/m);
    assert.match(text, /^--- a\/lib\/unused\.ts\n\+\+\+ \/dev\/null$/m);

    const rebuilt = materializeMutant(dir, 'loud', path.join(path.dirname(dir), 'rebuilt'));
    assert.deepEqual(listFiles(rebuilt), ['extra.ts', 'index.ts']);
    assert.equal(fs.readFileSync(path.join(rebuilt, 'index.ts'), 'utf8'), mutated.split('\n').slice(1).join('\n'));
    assert.deepEqual(readMutants(dir).map((m) => m.name), ['loud']);
  });

  it('guesses a mistake line when the folder has no "// Mutant" comment, and refuses a folder equal to the reference', async () => {
    const same = path.join(dir, 'mutants', 'same');
    fs.cpSync(path.join(dir, 'reference'), same, { recursive: true });
    await assert.rejects(convertMutantFolder(dir, 'same'), /convertMutantFolder: mutant same is identical to reference/);
    const ref = fs.readFileSync(path.join(dir, 'reference', 'index.ts'), 'utf8');
    fs.writeFileSync(path.join(same, 'index.ts'), ref.replace('ctx.send(msg, from);', ''));
    const c = await convertMutantFolder(dir, 'same', { keep: true });
    assert.equal(c.mistakeGuessed, true);
    assert.match(c.mistake, /differs from reference\/ in index\.ts/);
    assert.ok(fs.existsSync(same), '--keep keeps the folder');
  });
});
