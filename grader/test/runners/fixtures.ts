/** Where the sandbox and compile tests find their fixtures and runners (from grader/dist/test/runners/). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSolution } from '../../src/compile/index.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
export const HANDLER_RUNNER = fileURLToPath(new URL('./handler-runner.js', import.meta.url));
export const GARBAGE_RUNNER = fileURLToPath(new URL('./garbage-runner.js', import.meta.url));

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES_DIR, ...parts);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dsgrade-${prefix}-`));
}

/** Compiles a fixture solution into a fresh temp folder and returns the bundle path. */
export async function compileFixture(relativeDir: string, classes: readonly string[]): Promise<string> {
  const result = await compileSolution({ solutionDir: fixture(relativeDir), entry: 'index.ts', classes, outDir: tempDir('bundle') });
  if (!result.ok) throw new Error(`fixture ${relativeDir} does not compile: ${JSON.stringify(result.errors)}`);
  return result.bundlePath;
}

/** Copies a hand-made bundle into a fresh temp folder (the child may read only that folder). */
export function copyBundle(relativeFile: string): string {
  const out = path.join(tempDir('bundle'), 'solution.js');
  fs.copyFileSync(fixture(relativeFile), out);
  return out;
}
