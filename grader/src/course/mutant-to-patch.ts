// Turns a mutant written as a full copy of reference/ (mutants/NAME/) into mutants/NAME.patch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { gradeSubmission } from '../grade/index.js';
import { applyMutant, parseMutantPatch } from './mutant-patch.js';
import { listFiles, sameTree } from './tree.js';

/** The comment line the hand-written mutants start with: `// Mutant "name": what it gets wrong` (`# Mutant ...` in Python). */
const MUTANT_COMMENT = /^\s*(?:\/\/|#)\s*Mutant(?:\s+"[^"]*")?\s*:\s*(.+?)\s*$/;

export interface ConvertedMutant {
  name: string;
  patchFile: string;
  mistake: string;
  /** True when no `// Mutant ...` comment said what the mistake is. */
  mistakeGuessed: boolean;
  kills: string[];
}

/** Finds and removes the mutant's describing comment, so the patch holds only the mistake itself. */
function takeDescription(files: Map<string, string>): string | null {
  for (const [name, text] of files) {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => MUTANT_COMMENT.test(l));
    if (i < 0) continue;
    const described = MUTANT_COMMENT.exec(lines[i]!)![1]!;
    lines.splice(i, 1);
    files.set(name, lines.join('\n'));
    return described;
  }
  return null;
}

function read(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** A unified diff from reference/ to the mutant's files, one section per changed, added or removed file. */
export function diffTrees(reference: Map<string, string>, mutant: Map<string, string>): string {
  const names = [...new Set([...reference.keys(), ...mutant.keys()])].sort();
  let out = '';
  for (const n of names) {
    const a = reference.get(n);
    const b = mutant.get(n);
    if (a === b) continue;
    const patch = createTwoFilesPatch(a === undefined ? '/dev/null' : `a/${n}`, b === undefined ? '/dev/null' : `b/${n}`, a ?? '', b ?? '', undefined, undefined, { context: 3 });
    // jsdiff writes an `Index:` line and a `===` rule first; a plain unified diff starts at `---`.
    out += patch.slice(patch.indexOf('--- '));
  }
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Converts one mutant folder: diffs it against reference/, grades the folder to learn which tests
 * it fails (its `kills`), writes NAME.patch, and checks that applying the patch gives back the
 * folder's files byte for byte. Removes the folder unless `keep` is set. With `python`, the
 * folders are the assignment's python/mutants/NAME/ and python/reference/.
 */
export async function convertMutantFolder(assignmentDir: string, name: string, opts: { keep?: boolean; python?: boolean } = {}): Promise<ConvertedMutant> {
  const root = opts.python === true ? path.join(assignmentDir, 'python') : assignmentDir;
  const folder = path.join(root, 'mutants', name);
  const referenceDir = path.join(root, 'reference');
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new Error(`convertMutantFolder: no mutant folder ${folder}; pass the name of a folder under mutants/`);
  const reference = read(referenceDir);
  const files = read(folder);
  const described = takeDescription(files);
  const diff = diffTrees(reference, files);
  if (diff === '') throw new Error(`convertMutantFolder: mutant ${name} is identical to reference/ (apart from its comment); it models no mistake`);
  const changed = diff.match(/^\+\+\+ b\/(.+)$/gm)?.map((l) => l.slice('+++ b/'.length)) ?? [];
  const mistake = oneLine(described ?? `differs from reference/ in ${changed.join(', ') || 'its files'} (describe the mistake here)`);
  const header = (kills: string[]) => `# mistake: ${mistake}\n# kills: [${kills.join(', ')}]\n`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-mutant-'));
  let kills: string[];
  try {
    // Grade what the patch rebuilds, and check that it is the folder byte for byte (less its comment).
    const rebuilt = path.join(tmp, 'm');
    applyMutant(referenceDir, parseMutantPatch(name, header([]) + diff), rebuilt);
    if (!sameTree(rebuilt, files)) throw new Error(`convertMutantFolder: the patch of ${name} does not rebuild the folder; report this as a dsgrade bug`);
    const report = await gradeSubmission({ assignmentDir, solutionDir: rebuilt, replayCommand: () => '', language: opts.python === true ? 'python' : 'typescript' });
    if (!report.compile.ok) throw new Error(`convertMutantFolder: mutant ${name} does not compile; fix it before converting`);
    // Lost points, as check-assignment counts them: an mc test stopped at an allowed limit (unknown) scores as unknownScore says.
    kills = report.tests.filter((t) => t.score < t.maxScore).map((t) => t.name);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const text = header(kills) + diff;
  const patchFile = path.join(root, 'mutants', `${name}.patch`);
  fs.writeFileSync(patchFile + '.tmp', text);
  fs.renameSync(patchFile + '.tmp', patchFile);
  if (opts.keep !== true) fs.rmSync(folder, { recursive: true });
  return { name, patchFile, mistake, mistakeGuessed: described === null, kills };
}

/** The names of the mutants of an assignment still written as folders. */
export function mutantFolders(assignmentDir: string): string[] {
  const dir = path.join(assignmentDir, 'mutants');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
