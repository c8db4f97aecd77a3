import ts from 'typescript';
import { relativeFile, type Diagnostic } from './diagnostic.js';

function describeExport(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Each name in `classes` must be exported by the entry file as a class. */
export function checkClassExports(
  program: ts.Program,
  entry: ts.SourceFile,
  classes: readonly string[],
  rootDir: string,
): Diagnostic[] {
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(entry);
  const exported = moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol);
  const byName = new Map(exported.map((s) => [s.getName(), describeExport(checker, s)] as const));
  const file = relativeFile(rootDir, entry.fileName);
  const listing = exported.length === 0 ? 'nothing' : exported.map((s) => s.getName()).join(', ');
  const problems: Diagnostic[] = [];
  for (const name of classes) {
    const symbol = byName.get(name);
    if (symbol === undefined) {
      problems.push({ file, line: 1, column: 1, message: `${file} must export class ${name}; it exports: ${listing}` });
    } else if ((symbol.flags & ts.SymbolFlags.Class) === 0) {
      const decl = symbol.declarations?.[0];
      const where = decl === undefined ? { line: 0, character: 0 } : decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart());
      problems.push({
        file: decl === undefined ? file : relativeFile(rootDir, decl.getSourceFile().fileName),
        line: where.line + 1,
        column: where.character + 1,
        message: `${file} exports ${name}, but it is not a class; export it as \`export class ${name} implements Process\``,
      });
    }
  }
  return problems;
}
