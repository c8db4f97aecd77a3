import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { Process } from '@dsgrade/framework';
import type { RunEnv } from '../src/sandbox/index.js';

// From grader/dist/test/ to grader/dist/: bundles written there resolve @dsgrade/framework like the grader does.
const DIST = fileURLToPath(new URL('../', import.meta.url));

async function importTs(file: string, dir: string): Promise<Record<string, unknown>> {
  const out = path.join(dir, `${path.basename(path.dirname(file))}-${path.basename(file, '.ts')}.mjs`);
  await esbuild.build({ entryPoints: [file], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'silent', external: ['@dsgrade/framework'] });
  return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
}

/**
 * A RunEnv that runs a solution in this very process, without the sandbox. Only for trusted
 * code (references, mutants) in tests and benches that compare against the sandbox.
 */
export async function inProcessEnv(solutionFile: string, checksFile: string | null): Promise<RunEnv> {
  const dir = fs.mkdtempSync(path.join(DIST, 'in-process-'));
  try {
    const solution = await importTs(solutionFile, dir);
    const checks = checksFile !== null && fs.existsSync(checksFile) ? await importTs(checksFile, dir) : {};
    return { checks, loadStudent: () => ({ create: (c: string, args: unknown[]) => new (solution[c] as new (...a: unknown[]) => Process)(...args) }) };
  } finally {
    // The modules are loaded; their files are no longer needed.
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
