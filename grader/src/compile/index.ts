import fs from 'node:fs';
import path from 'node:path';
import { bundleChecks } from './bundle-checks.js';
import { bundleSolution } from './bundle.js';
import { checkClassExports } from './class-exports.js';
import { fromTypeScript, type CompileResult, type Diagnostic } from './diagnostic.js';
import { frameworkLocation } from '../framework-location.js';
import { checkSourceRules } from './source-rules.js';
import { typeCheck } from './typecheck.js';
import ts from 'typescript';

export type { CompileResult, Diagnostic } from './diagnostic.js';
export { formatDiagnostic } from './diagnostic.js';
export { BUNDLE_GLOBAL } from './bundle.js';

export interface CompileSolutionOptions {
  /** The student's folder. Every file of the solution must be inside it. */
  solutionDir: string;
  /** Entry file, relative to solutionDir (e.g. 'index.ts'). */
  entry: string;
  /** Classes the entry file must export (e.g. ['Server', 'Client']). */
  classes: readonly string[];
  /** Where to write the bundle (`solution.js`); created if missing. Keep one folder per submission. */
  outDir: string;
}

/** File name of the solution bundle inside outDir. */
export const SOLUTION_BUNDLE = 'solution.js';
/** File name of the checks bundle inside outDir. */
export const CHECKS_BUNDLE = 'checks.mjs';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

function splitTs(diagnostics: readonly ts.Diagnostic[], rootDir: string): { errors: Diagnostic[]; warnings: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const d of diagnostics) (d.category === ts.DiagnosticCategory.Error ? errors : warnings).push(fromTypeScript(d, rootDir));
  return { errors, warnings };
}

function requireDir(fn: string, name: string, dir: unknown): string {
  if (typeof dir !== 'string' || dir === '') throw new Error(`${fn}: ${name} must be a non-empty path string`);
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`${fn}: ${name} ${dir} is not a folder; pass an existing folder`);
  return abs;
}

function validateSolutionOptions(opts: CompileSolutionOptions): { rootDir: string; entryFile: string; outDir: string } {
  const fn = 'compileSolution';
  if (typeof opts !== 'object' || opts === null) throw new Error(`${fn}: pass { solutionDir, entry, classes, outDir }`);
  const rootDir = fs.realpathSync(requireDir(fn, 'solutionDir', opts.solutionDir));
  if (typeof opts.entry !== 'string' || opts.entry === '' || path.isAbsolute(opts.entry)) {
    throw new Error(`${fn}: entry must be a file path relative to solutionDir, like 'index.ts'`);
  }
  const entryFile = path.resolve(rootDir, opts.entry);
  const rel = path.relative(rootDir, entryFile);
  if (rel.startsWith('..')) throw new Error(`${fn}: entry ${opts.entry} points outside solutionDir; pass a file inside it`);
  if (!Array.isArray(opts.classes) || !opts.classes.every((c) => typeof c === 'string' && IDENTIFIER.test(c))) {
    throw new Error(`${fn}: classes must be an array of class names (identifiers), like ['Server', 'Client']`);
  }
  if (typeof opts.outDir !== 'string' || opts.outDir === '') throw new Error(`${fn}: outDir must be a non-empty path string`);
  return { rootDir, entryFile, outDir: path.resolve(opts.outDir) };
}

/**
 * Type-checks a student's solution with strict options and bundles it into one script
 * (see BUNDLE_GLOBAL for its shape). Student mistakes come back as `ok: false` with
 * file:line:column diagnostics; only misuse of this function throws.
 */
export async function compileSolution(opts: CompileSolutionOptions): Promise<CompileResult> {
  const { rootDir, entryFile, outDir } = validateSolutionOptions(opts);
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
  const kept = errors.filter((d) => !(ruled.has(`${d.file}:${d.line}:${d.column}`) && d.message.startsWith('Cannot find module')));
  errors.splice(0, errors.length, ...kept, ...ruleErrors);
  if (checked.entry !== undefined) errors.push(...checkClassExports(checked.program, checked.entry, opts.classes, rootDir));
  if (errors.length > 0) return { ok: false, errors: errors.sort(byPosition) };

  fs.mkdirSync(outDir, { recursive: true });
  const bundlePath = path.join(outDir, SOLUTION_BUNDLE);
  const bundled = await bundleSolution(rootDir, entryFile, bundlePath);
  if (bundled.errors.length > 0) return { ok: false, errors: bundled.errors.sort(byPosition) };
  return { ok: true, bundlePath, warnings: [...warnings, ...bundled.warnings].sort(byPosition) };
}

/**
 * Type-checks and bundles an assignment's trusted checks file into `outDir/checks.mjs`, an ES
 * module the sandbox child imports. Checks may import `@dsgrade/framework` for real: the
 * import is kept and pointed at the installed framework, so checks and runner share it.
 * Other imports are bundled in.
 */
export async function compileChecks(checksFile: string, outDir: string): Promise<CompileResult> {
  const fn = 'compileChecks';
  if (typeof checksFile !== 'string' || checksFile === '' || !fs.existsSync(checksFile) || !fs.statSync(checksFile).isFile()) {
    throw new Error(`${fn}: checksFile must be the path of an existing checks.ts file`);
  }
  if (typeof outDir !== 'string' || outDir === '') throw new Error(`${fn}: outDir must be a non-empty path string`);
  const file = fs.realpathSync(checksFile);
  const rootDir = path.dirname(file);
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
