import type { GeneratedMutant } from './mutant.js';

/** The text of `m.file` with the mutant applied; throws if `content` is not the text it was generated from. */
export function applyMutant(content: string, m: GeneratedMutant): string {
  if (typeof content !== 'string') throw new Error('applyMutant: pass the text of the file the mutant was generated from');
  if (!(Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.start <= m.end && m.end <= content.length) || content.slice(m.start, m.end) !== m.original) {
    throw new Error(`applyMutant: ${m.file} at ${m.line}:${m.column} does not read ${JSON.stringify(m.original)}; pass the unchanged reference text`);
  }
  return content.slice(0, m.start) + m.replacement + content.slice(m.end);
}
