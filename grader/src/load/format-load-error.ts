import type { LoadError } from '../scenario/index.js';

/** `file:line:column: message`, the form editors and terminals link to. */
export function formatLoadError(e: LoadError): string {
  if (typeof e !== 'object' || e === null || typeof e.file !== 'string' || typeof e.message !== 'string') {
    throw new Error('formatLoadError: pass one LoadError ({ file, line, column, message }) from loadAssignment');
  }
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}
