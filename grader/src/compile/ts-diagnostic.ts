import ts from 'typescript';
import { relativeFile, type Diagnostic } from './diagnostic.js';

/** A TypeScript diagnostic in dsgrade's form, its file relative to the solution folder. */
export function fromTypeScript(d: ts.Diagnostic, rootDir: string): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (d.file === undefined || d.start === undefined) return { file: '', line: 0, column: 0, message };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return { file: relativeFile(rootDir, d.file.fileName), line: line + 1, column: character + 1, message };
}
