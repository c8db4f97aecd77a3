import ts from 'typescript';
import { relativeFile, type Diagnostic } from './diagnostic.js';

/** One use of a host facility that makes a simulated run irreproducible. */
export interface DeterminismFinding extends Diagnostic {
  /**
   * True when the name is not declared for solutions at all (setTimeout, process, ...): the code
   * cannot build anyway, so the finding is always an error and replaces the type checker's
   * "Cannot find name" at the same place.
   */
  undeclared: boolean;
}

const TIMER_ADVICE = 'use ctx.setTimer(name, delay) or ctx.setTimerOnce(name, delay) and react in onTimer';
const ASYNC_ADVICE =
  'handlers run to completion one event at a time, so work queued for later runs outside the simulation; ' +
  'do the work in the handler, or arm a timer with ctx.setTimer and continue in onTimer';

/** Advice per global name; `member` narrows the finding to one property (Math.random, not Math.max). */
const RULES: readonly { name: string; member?: string; what: string; advice: string }[] = [
  { name: 'Math', member: 'random', what: 'Math.random()', advice: 'use ctx.random(), the run\'s seeded generator' },
  { name: 'Date', what: 'Date', advice: 'use ctx.time(), this node\'s simulated clock in seconds' },
  { name: 'performance', what: 'performance.now()', advice: 'use ctx.time(), this node\'s simulated clock in seconds' },
  { name: 'setTimeout', what: 'setTimeout', advice: TIMER_ADVICE },
  { name: 'setInterval', what: 'setInterval', advice: TIMER_ADVICE },
  { name: 'setImmediate', what: 'setImmediate', advice: TIMER_ADVICE },
  { name: 'queueMicrotask', what: 'queueMicrotask', advice: ASYNC_ADVICE },
  { name: 'Promise', what: 'Promise', advice: ASYNC_ADVICE },
  { name: 'process', what: 'process', advice: 'a solution has no host process; use ctx for time, randomness and timers' },
  { name: 'require', what: 'require', advice: 'import your own files with a static import of a relative path' },
];

function isGlobal(checker: ts.TypeChecker, program: ts.Program, id: ts.Identifier): { global: boolean; undeclared: boolean } {
  const symbol = checker.getSymbolAtLocation(id);
  if (symbol === undefined) return { global: true, undeclared: true };
  const decls = symbol.declarations ?? [];
  // A student's own `const Date = ...` or parameter named `process` is theirs, not the host's.
  const global = decls.length > 0 && decls.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
  return { global, undeclared: false };
}

/** Identifiers in positions that are names of something else (a.Date, { Date: 1 }), not references. */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.expression === id;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) return false;
  // `{ Date }` reads the variable; every other node whose name is this identifier declares it.
  if (ts.isShorthandPropertyAssignment(p)) return true;
  return (p as { name?: ts.Node }).name !== id;
}

function inTypePosition(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return true;
    if (ts.isStatement(n) || ts.isClassElement(n)) return false;
  }
  return false;
}

function at(file: ts.SourceFile, node: ts.Node, rootDir: string, message: string, undeclared: boolean): DeterminismFinding {
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return { file: relativeFile(rootDir, file.fileName), line: line + 1, column: character + 1, message, undeclared };
}

function message(what: string, advice: string, undeclared = false): string {
  return undeclared ? `${what} does not exist in a solution's sandbox: ${advice}` : `${what} is not deterministic in a simulated run: ${advice}`;
}

/**
 * Finds uses of host time, randomness, timers, asynchrony, `process` and `require` in a
 * solution's own files. The type checker tells the host's globals (declared in TypeScript's
 * library, or not declared at all) from the student's own variables of the same name.
 */
export function determinismLint(program: ts.Program, files: readonly ts.SourceFile[], rootDir: string): DeterminismFinding[] {
  if (typeof rootDir !== 'string' || rootDir === '') throw new Error('determinismLint: rootDir must be the solution folder path');
  const checker = program.getTypeChecker();
  const out: DeterminismFinding[] = [];
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && isReference(node) && !inTypePosition(node)) {
        const rule = RULES.find((r) => r.name === node.text);
        if (rule !== undefined) {
          const memberOk = rule.member === undefined || (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node && node.parent.name.text === rule.member);
          const g = memberOk ? isGlobal(checker, program, node) : { global: false, undeclared: false };
          if (g.global) out.push(at(file, node, rootDir, message(rule.what, rule.advice, g.undeclared), g.undeclared));
        }
      } else if (ts.isAwaitExpression(node)) {
        out.push(at(file, node, rootDir, message('await', ASYNC_ADVICE), false));
      } else if (ts.isFunctionLike(node) && ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Async) {
        const mod = ts.getModifiers(node as ts.HasModifiers)?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
        out.push(at(file, mod ?? node, rootDir, message('an async function', ASYNC_ADVICE), false));
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return out;
}
