import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

/** One entry of mutants/equivalent.yaml: a generated mutant no test can kill, and why. */
export interface EquivalentEntry {
  /** The mutant's label, as the survivor list prints it (`file:line mutator: original -> replacement`). */
  mutant: string;
  reason: string;
  /** Where the entry is written, `file:line`, for messages about it. */
  at: string;
}

/** The file, relative to the assignment folder. */
export const EQUIVALENT_FILE = 'mutants/equivalent.yaml';

/**
 * Reads `<assignmentDir>/mutants/equivalent.yaml` (absent: no equivalents). Each entry names one
 * generated mutant by label and gives a one-line reason; anything else is an error naming
 * file:line and what to write instead.
 */
export function readEquivalents(assignmentDir: string): EquivalentEntry[] {
  const file = path.join(assignmentDir, EQUIVALENT_FILE);
  if (!fs.existsSync(file)) return [];
  const shown = path.join(path.basename(assignmentDir), EQUIVALENT_FILE);
  const lines = new LineCounter();
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new Error(`readEquivalents: ${shown}:${e.linePos?.[0].line ?? 1}: ${e.message.split('\n')[0]}`);
  }
  const items = doc.contents === null ? [] : (doc.contents.toJSON() as unknown);
  if (!Array.isArray(items)) throw new Error(`readEquivalents: ${shown}:1: expected a list of { mutant, reason } entries`);
  const seq = doc.contents as unknown as { items: { range?: [number, number, number] }[] };
  return items.map((item: unknown, i) => {
    const at = `${shown}:${lines.linePos(seq.items[i]?.range?.[0] ?? 0).line}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error(`readEquivalents: ${at}: entry ${i + 1} must be a map { mutant, reason }`);
    const { mutant, reason, ...rest } = item as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw new Error(`readEquivalents: ${at}: unknown key ${Object.keys(rest)[0]}; an entry has only mutant and reason`);
    if (typeof mutant !== 'string' || mutant.trim() === '') throw new Error(`readEquivalents: ${at}: mutant must be the label a survivor is printed with, e.g. "index.ts:12 StringLiteral: 'x' -> \\"\\""`);
    if (typeof reason !== 'string' || reason.trim() === '' || reason.trim().includes('\n')) {
      throw new Error(`readEquivalents: ${at}: reason must be one line saying why no behaviour changes`);
    }
    return { mutant: mutant.trim(), reason: reason.trim(), at };
  });
}
