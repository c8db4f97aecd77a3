import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { AMBIENT_FILE_NAME, AMBIENT_SOURCE } from './ambient.js';

export interface TypeCheckOptions {
  /** Absolute path of the folder the checked code lives in. */
  rootDir: string;
  /** Absolute path of the entry file. */
  entryFile: string;
  /** Declaration file that `@dsgrade/framework` maps to. */
  frameworkDts: string;
  /**
   * When set, the compiler may read only files under these folders (plus the TypeScript
   * library): a submission cannot pull in, or leak through error messages, files outside itself.
   */
  readableRoots?: readonly string[];
}

export interface TypeCheckOutput {
  program: ts.Program;
  entry: ts.SourceFile | undefined;
  diagnostics: readonly ts.Diagnostic[];
}

export const STRICT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts'],
  types: [],
  // esbuild compiles file by file, so the checker must reject what it cannot do alone.
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
  allowJs: false,
  resolveJsonModule: false,
};

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function realOrSelf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    // A file that does not exist yet: judge it by its parent folder's real location.
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realOrSelf(parent), path.basename(file));
  }
}

function guardedHost(options: ts.CompilerOptions, roots: readonly string[]): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const allowed = [...roots, path.dirname(ts.getDefaultLibFilePath(options))].map(realOrSelf);
  const readable = (file: string): boolean => {
    if (path.basename(file) === AMBIENT_FILE_NAME) return true;
    const real = realOrSelf(path.resolve(file));
    return allowed.some((dir) => isInside(dir, real));
  };
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (f) => readable(f) && fileExists.call(host, f);
  host.readFile = (f) => (readable(f) ? readFile.call(host, f) : undefined);
  host.directoryExists = (d) => readable(d) && (directoryExists?.call(host, d) ?? ts.sys.directoryExists(d));
  host.getSourceFile = (f, lang, onError, create) => (readable(f) ? getSourceFile.call(host, f, lang, onError, create) : undefined);
  return host;
}

function withAmbient(host: ts.CompilerHost, ambientPath: string): ts.CompilerHost {
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (f, lang, onError, create) =>
    path.resolve(f) === ambientPath
      ? ts.createSourceFile(f, AMBIENT_SOURCE, lang, true, ts.ScriptKind.TS)
      : getSourceFile.call(host, f, lang, onError, create);
  host.fileExists = (f) => path.resolve(f) === ambientPath || fileExists.call(host, f);
  host.readFile = (f) => (path.resolve(f) === ambientPath ? AMBIENT_SOURCE : readFile.call(host, f));
  return host;
}

/** Type-checks `entryFile` and everything it imports with the project's strict options. */
export function typeCheck(opts: TypeCheckOptions): TypeCheckOutput {
  const options: ts.CompilerOptions = { ...STRICT_OPTIONS, paths: { '@dsgrade/framework': [opts.frameworkDts] } };
  const ambientPath = path.join(opts.rootDir, AMBIENT_FILE_NAME);
  const base = opts.readableRoots === undefined ? ts.createCompilerHost(options, true) : guardedHost(options, opts.readableRoots);
  const host = withAmbient(base, ambientPath);
  const program = ts.createProgram({ rootNames: [opts.entryFile, ambientPath], options, host });
  const syntactic = program.getSyntacticDiagnostics();
  // Type errors reported on top of a syntax error are noise that hides the real problem.
  const semantic = syntactic.length > 0 ? [] : [...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics()];
  const diagnostics = [...program.getOptionsDiagnostics(), ...syntactic, ...semantic];
  return { program, entry: program.getSourceFile(opts.entryFile), diagnostics };
}
