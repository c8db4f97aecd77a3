import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { bundleChecks } from './bundle-checks.js';
import { bundleSolution } from './bundle.js';
import { CHECKS_BUNDLE, SOLUTION_BUNDLE } from './bundle-names.js';
import { checkClassExports } from './class-exports.js';
import type { CompileResult, Diagnostic } from './diagnostic.js';
import { determinismLint } from './determinism-lint.js';
import { frameworkLocation } from '../framework-location.js';
import { checkSourceRules } from './source-rules.js';
import { fromTypeScript } from './ts-diagnostic.js';
import { typeCheck } from './typecheck.js';

/**
 * The compile work itself: type check, source rules, determinism lint, bundle. Kept apart from
 * compile/index.ts and loaded on first use, so a run whose compile is cached never loads the
 * TypeScript compiler (over a second of start-up).
 */

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

function splitTs(diagnostics: readonly ts.Diagnostic[], rootDir: string): { errors: Diagnostic[]; warnings: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const d of diagnostics) (d.category === ts.DiagnosticCategory.Error ? errors : warnings).push(fromTypeScript(d, rootDir));
  return { errors, warnings };
}

export async function compileSolutionNow(opts: { classes: readonly string[]; determinism?: 'warning' | 'error' }, rootDir: string, entryFile: string, outDir: string): Promise<CompileResult> {
  const entryName = path.relative(rootDir, entryFile).split(path.sep).join('/');
  if (!fs.existsSync(entryFile)) {
    return { ok: false, errors: [{ file: entryName, line: 0, column: 0, message: `${entryName} is missing; the solution's entry file must exist` }] };
  }
  const fw = frameworkLocation();
  const checked = typeCheck({ rootDir, entryFile, frameworkDts: fw.processDts, readableRoots: [rootDir, fw.distDir] });
  const { errors, warnings } = splitTs(checked.diagnostics, rootDir);
  const ownFiles = checked.program.getSourceFiles().filter((f) => !f.isDeclarationFile && !path.relative(rootDir, f.fileName).startsWith('..'));
  const ruleErrors = checkSourceRules(ownFiles, rootDir);
  // "Cannot find module" on a forbidden import only repeats what the rule says better.
  const ruled = new Set(ruleErrors.map((d) => `${d.file}:${d.line}:${d.column}`));
  const lint = determinismLint(checked.program, ownFiles, rootDir);
  // "Cannot find name 'setTimeout'" only repeats what the lint says better, with what to use instead.
  const undeclared = new Set(lint.filter((d) => d.undeclared).map((d) => `${d.file}:${d.line}:${d.column}`));
  const kept = errors.filter((d) => {
    const where = `${d.file}:${d.line}:${d.column}`;
    return !(ruled.has(where) && d.message.startsWith('Cannot find module')) && !(undeclared.has(where) && d.message.startsWith('Cannot find name'));
  });
  const lintAsError = opts.determinism === 'error';
  const plain = (d: Diagnostic): Diagnostic => ({ file: d.file, line: d.line, column: d.column, message: d.message });
  errors.splice(0, errors.length, ...kept, ...ruleErrors, ...lint.filter((d) => d.undeclared || lintAsError).map(plain));
  warnings.push(...lint.filter((d) => !d.undeclared && !lintAsError).map(plain));
  if (checked.entry !== undefined) errors.push(...checkClassExports(checked.program, checked.entry, opts.classes, rootDir));
  if (errors.length > 0) return { ok: false, errors: errors.sort(byPosition) };

  fs.mkdirSync(outDir, { recursive: true });
  const bundlePath = path.join(outDir, SOLUTION_BUNDLE);
  const bundled = await bundleSolution(rootDir, entryFile, bundlePath);
  if (bundled.errors.length > 0) return { ok: false, errors: bundled.errors.sort(byPosition) };
  return { ok: true, bundlePath, warnings: [...warnings, ...bundled.warnings].sort(byPosition) };
}

export async function compileChecksNow(file: string, rootDir: string, outDir: string): Promise<CompileResult> {
  const fw = frameworkLocation();
  const checked = typeCheck({ rootDir, entryFile: file, frameworkDts: fw.indexDts });
  const { errors, warnings } = splitTs(checked.diagnostics, rootDir);
  if (errors.length > 0) return { ok: false, errors: errors.sort(byPosition) };
  fs.mkdirSync(path.resolve(outDir), { recursive: true });
  const bundlePath = path.join(path.resolve(outDir), CHECKS_BUNDLE);
  const bundled = await bundleChecks(rootDir, file, bundlePath, fw.indexJs);
  if (bundled.errors.length > 0) return { ok: false, errors: bundled.errors.sort(byPosition) };
  return { ok: true, bundlePath, warnings: [...warnings, ...bundled.warnings].sort(byPosition) };
}
