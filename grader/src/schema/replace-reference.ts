import { schemaReference } from './reference.js';

export const REFERENCE_START = '<!-- reference:start (generated from grader/src/schema by write-reference.ts; do not edit) -->';
export const REFERENCE_END = '<!-- reference:end -->';

/** `markdown` with the text between the reference markers replaced by the generated reference. */
export function replaceReference(markdown: string): string {
  const start = markdown.indexOf(REFERENCE_START);
  const end = markdown.indexOf(REFERENCE_END);
  if (start < 0 || end < start) {
    throw new Error(`replaceReference: pass a markdown text containing the lines ${REFERENCE_START} and ${REFERENCE_END}`);
  }
  return `${markdown.slice(0, start + REFERENCE_START.length)}\n\n${schemaReference()}\n${markdown.slice(end)}`;
}
