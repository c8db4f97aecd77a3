import { Instrumenter } from '@stryker-mutator/instrumenter';
import type { GeneratedMutant } from './mutant.js';

export interface SourceFile {
  /** Path relative to the reference folder, '/'-separated, ending in .ts. */
  name: string;
  content: string;
}

/** The instrumenter's logger type, without depending on @stryker-mutator/api directly. */
type Logger = ConstructorParameters<typeof Instrumenter>[0];

const silent = (): void => {};
const off = (): boolean => false;
const QUIET: Logger = {
  isTraceEnabled: off, isDebugEnabled: off, isInfoEnabled: off, isWarnEnabled: off, isErrorEnabled: off, isFatalEnabled: off,
  trace: silent, debug: silent, info: silent, warn: silent, error: silent, fatal: silent,
};

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * Every mutant StrykerJS's mutators make of these files. Stryker is used to *generate* only:
 * its own runner switches mutants on through process.env inside instrumented code, which
 * cannot reach a solution running in the sandbox's vm realm, so each mutant is later applied
 * as a plain text edit instead. All mutators are on, and `// Stryker disable` comments are not
 * honoured, so a reference cannot hide code from the count.
 */
export async function generateMutants(files: readonly SourceFile[]): Promise<GeneratedMutant[]> {
  if (!Array.isArray(files) || !files.every((f) => typeof f?.name === 'string' && f.name.endsWith('.ts') && typeof f.content === 'string')) {
    throw new Error('generateMutants: pass a list of { name, content } with .ts names relative to the reference folder');
  }
  const result = await new Instrumenter(QUIET).instrument(
    files.map((f) => ({ name: f.name, content: f.content, mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  const byName = new Map(files.map((f) => [f.name, { content: f.content, starts: lineStarts(f.content) }]));
  const mutants: GeneratedMutant[] = [];
  for (const m of result.mutants) {
    const src = byName.get(m.fileName);
    if (src === undefined) throw new Error(`generateMutants: the instrumenter named an unknown file ${m.fileName}`);
    // Stryker's positions are 0-based lines and columns.
    const { start: s, end: e } = m.location;
    const start = src.starts[s.line]! + s.column;
    const end = src.starts[e.line]! + e.column;
    mutants.push({
      file: m.fileName,
      line: s.line + 1,
      column: s.column + 1,
      start,
      end,
      mutator: m.mutatorName,
      original: src.content.slice(start, end),
      replacement: m.replacement,
    });
  }
  return mutants.sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start || a.end - b.end || a.mutator.localeCompare(b.mutator) || a.replacement.localeCompare(b.replacement));
}
