/** One machine-generated mutation of a reference file: replace source[start, end) with `replacement`. */
export interface GeneratedMutant {
  /** Path relative to the reference folder, '/'-separated. */
  file: string;
  /** 1-based line and column of the first replaced character. */
  line: number;
  column: number;
  /** Offsets into the file's text (UTF-16 code units, as String.prototype.slice counts). */
  start: number;
  end: number;
  /** StrykerJS's mutator name, e.g. ConditionalExpression, StringLiteral, BlockStatement. */
  mutator: string;
  /** The source text that is replaced. */
  original: string;
  replacement: string;
}

const SHOWN = 60;

function short(code: string): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length <= SHOWN ? flat : flat.slice(0, SHOWN - 3) + '...';
}

/**
 * `file:line mutator: original -> replacement`, one line. Survivors are printed this way and
 * mutants/equivalent.yaml names mutants this way; two mutants with the same label (the same
 * edit twice on one line) are indistinguishable to it, which is why it is never used as a key
 * for results.
 */
export function mutantLabel(m: GeneratedMutant): string {
  return `${m.file}:${m.line} ${m.mutator}: ${short(m.original)} -> ${short(m.replacement)}`;
}

/** A key unique per mutant of one reference version (label plus exact offsets). */
export function mutantKey(m: GeneratedMutant): string {
  return `${m.file}@${m.start}-${m.end} ${m.mutator} ${m.replacement}`;
}
