import ts from 'typescript';
import { relativeFile, type Diagnostic } from './diagnostic.js';

export const FRAMEWORK_MODULE = '@dsgrade/framework';

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

function at(file: ts.SourceFile, node: ts.Node, rootDir: string, message: string): Diagnostic {
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return { file: relativeFile(rootDir, file.fileName), line: line + 1, column: character + 1, message };
}

function checkSpecifier(file: ts.SourceFile, node: ts.Expression, rootDir: string, out: Diagnostic[]): void {
  if (!ts.isStringLiteral(node)) return;
  const spec = node.text;
  if (isRelative(spec) || spec === FRAMEWORK_MODULE) return;
  out.push(
    at(file, node, rootDir, `import of '${spec}' is not allowed: a solution may import only its own files ` +
      `(relative paths like './util') and types from '${FRAMEWORK_MODULE}'`),
  );
}

/**
 * Rules the sandbox relies on but the type checker does not enforce: no packages, no Node
 * built-ins, no dynamic import (the sandbox realm has no module loader).
 */
export function checkSourceRules(files: readonly ts.SourceFile[], rootDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
        checkSpecifier(file, node.moduleSpecifier, rootDir, out);
      } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
        out.push(at(file, node, rootDir, "'import = require()' is not allowed; use an import statement of a relative file"));
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        out.push(at(file, node, rootDir, 'dynamic import() is not allowed; import relative files with a static import statement'));
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        checkSpecifier(file, node.argument.literal, rootDir, out);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return out;
}
