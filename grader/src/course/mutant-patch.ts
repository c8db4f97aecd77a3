// A mutant is a unified diff against reference/ with a `# key: value` header; this file reads and applies one.
import fs from 'node:fs';
import path from 'node:path';
import { applyPatch, parsePatch, type StructuredPatch } from 'diff';
import { parse as parseYaml } from 'yaml';

export interface MutantPatch {
  name: string;
  /** What mistake of a student this mutant models, one sentence. */
  mistake: string;
  /** Tests this mutant must fail; check-assignment verifies that it does. */
  kills: string[];
  files: StructuredPatch[];
}

const HEADER_LINE = /^#\s*([a-z-]+):\s*(.*)$/;

/** Strips the `a/` / `b/` prefixes git and our converter write; `/dev/null` marks an added or removed file. */
function fileName(name: string | undefined): string | null {
  if (name === undefined || name === '/dev/null') return null;
  return name.replace(/^[ab]\//, '');
}

function safeRelative(name: string, where: string): string {
  const norm = path.posix.normalize(name);
  if (norm.startsWith('../') || path.posix.isAbsolute(norm) || norm === '..') {
    throw new Error(`parseMutantPatch: ${where} names "${name}", outside the solution folder; use paths relative to reference/`);
  }
  return norm;
}

/** Reads `mutants/NAME.patch`: header lines (`# mistake: ...`, `# kills: [a, b]`) then a unified diff. */
export function parseMutantPatch(name: string, text: string): MutantPatch {
  if (typeof text !== 'string') throw new Error('parseMutantPatch: pass the text of a .patch file');
  const lines = text.split('\n');
  const header: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length && lines[i]!.startsWith('#'); i++) {
    const m = HEADER_LINE.exec(lines[i]!);
    if (m === null) continue; // a free comment line
    header[m[1]!] = m[2]!.trim();
  }
  const where = `mutants/${name}.patch`;
  const mistake = header['mistake'];
  if (mistake === undefined || mistake === '') throw new Error(`parseMutantPatch: ${where} has no "# mistake: ..." header line; say what student mistake it models`);
  let kills: unknown = [];
  if (header['kills'] !== undefined) {
    kills = parseYaml(header['kills']);
  }
  if (!Array.isArray(kills) || kills.some((k) => typeof k !== 'string')) {
    throw new Error(`parseMutantPatch: ${where} has "# kills: ${header['kills']}"; write a list of test names, e.g. "# kills: [drops, chaos]"`);
  }
  const files = parsePatch(lines.slice(i).join('\n')).filter((p) => p.hunks.length > 0);
  if (files.length === 0) throw new Error(`parseMutantPatch: ${where} changes nothing; it needs a unified diff against reference/ after its header`);
  for (const f of files) {
    for (const n of [fileName(f.oldFileName), fileName(f.newFileName)]) if (n !== null) safeRelative(n, where);
  }
  return { name, mistake, kills: kills as string[], files };
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

/** Writes reference/ with the mutant's patch applied into `outDir` (which must not exist yet). */
export function applyMutant(referenceDir: string, mutant: MutantPatch, outDir: string): void {
  if (!fs.existsSync(referenceDir)) throw new Error(`applyMutant: no reference folder at ${referenceDir}; pass the assignment's reference/`);
  if (fs.existsSync(outDir)) throw new Error(`applyMutant: ${outDir} exists; pass a folder that does not exist yet`);
  copyTree(referenceDir, outDir);
  for (const f of mutant.files) {
    const oldName = fileName(f.oldFileName);
    const newName = fileName(f.newFileName);
    const target = path.join(outDir, newName ?? oldName!);
    const source = oldName === null ? '' : fs.existsSync(path.join(outDir, oldName)) ? fs.readFileSync(path.join(outDir, oldName), 'utf8') : null;
    if (source === null) throw new Error(`applyMutant: mutant ${mutant.name} patches ${oldName}, which reference/ does not have`);
    const result = applyPatch(source, f);
    if (result === false) {
      throw new Error(`applyMutant: mutant ${mutant.name} no longer applies to reference/${oldName} (the reference changed); regenerate it with "dsgrade mutant-to-patch"`);
    }
    if (newName === null) {
      fs.rmSync(target);
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, result);
  }
}

/** The mutants of an assignment, by name, read from `mutants/*.patch`. */
export function readMutants(assignmentDir: string): MutantPatch[] {
  const dir = path.join(assignmentDir, 'mutants');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.patch'))
    .sort()
    .map((f) => parseMutantPatch(f.slice(0, -'.patch'.length), fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** Applies one named mutant of an assignment into `outDir`; for tests and tools that need it as a folder. */
export function materializeMutant(assignmentDir: string, name: string, outDir: string): string {
  const file = path.join(assignmentDir, 'mutants', `${name}.patch`);
  if (!fs.existsSync(file)) throw new Error(`materializeMutant: no mutant ${name} (${file}); pass one of the names of mutants/*.patch`);
  applyMutant(path.join(assignmentDir, 'reference'), parseMutantPatch(name, fs.readFileSync(file, 'utf8')), outDir);
  return outDir;
}
