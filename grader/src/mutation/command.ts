import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatMutationReport } from './format.js';
import { mutationScore } from './mutation-score.js';

export const MUTATION_USAGE = `dsgrade mutation-score [<assignment>...] [--jobs N] [--min PERCENT] [--fresh] [--cache-dir DIR] [--verbose]
  Measures how strong an assignment's tests are: generates mutants of its reference with
  StrykerJS's mutators, grades each like "dsgrade test --bail" (--jobs at a time, default 2)
  and prints the share killed, with each survivor as "file:line mutator: original -> replacement".
  Mutants listed in <assignment>/mutants/equivalent.yaml are left out of the score. Outcomes are
  cached in --cache-dir (default .dsgrade-cache/mutation) by a hash of the reference and tests;
  --fresh grades everything again. No <assignment>: every bundled one. Exit code 1 if a score
  is below --min (default 90) or equivalent.yaml is out of date, 2 on usage errors.`;

export interface MutationCommandEnv {
  /** Turns an <assignment> argument into a folder, throwing a usage error for a bad one. */
  resolveAssignment: (arg: string) => string;
  /** Folders of the bundled assignments, for a call without <assignment>. */
  bundled: () => string[];
  out: (s: string) => void;
  err: (s: string) => void;
}

function usageError(env: MutationCommandEnv, message: string): number {
  env.err(`dsgrade: ${message}\n\n${MUTATION_USAGE}\n`);
  return 2;
}

/** `dsgrade mutation-score`: returns the exit code. */
export async function mutationScoreCommand(argv: string[], env: MutationCommandEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        jobs: { type: 'string' },
        min: { type: 'string' },
        fresh: { type: 'boolean' },
        'cache-dir': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usageError(env, e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  const v = parsed.values;
  if (v.help === true) {
    env.out(MUTATION_USAGE + '\n');
    return 0;
  }
  const jobs = v.jobs === undefined ? 2 : Number(v.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) return usageError(env, `--jobs must be an integer from 1 to 64, got "${v.jobs}"`);
  const min = v.min === undefined ? 90 : Number(v.min);
  if (v.min !== undefined && (v.min.trim() === '' || !Number.isFinite(min) || min < 0 || min > 100)) return usageError(env, `--min must be a percentage from 0 to 100, got "${v.min}"`);
  const dirs = parsed.positionals.length === 0 ? env.bundled() : parsed.positionals.map(env.resolveAssignment);
  const cacheRoot = path.resolve(v['cache-dir'] ?? path.join('.dsgrade-cache', 'mutation'));
  let ok = true;
  for (const dir of dirs) {
    const progress = process.stderr.isTTY === true ? (_: unknown, done: number, total: number) => process.stderr.write(`\r${path.basename(dir)}: ${done}/${total} mutants`) : undefined;
    const report = await mutationScore({
      assignmentDir: dir,
      jobs,
      // --fresh: nothing is read, and what is graded replaces the cached outcomes.
      cacheDir: cacheRoot,
      ...(v.fresh === true ? { fresh: true } : {}),
      ...(progress !== undefined ? { onMutant: progress } : {}),
    });
    if (progress !== undefined) process.stderr.write('\r\x1b[K');
    env.out(formatMutationReport(report, { verbose: v.verbose === true }));
    if (report.score !== null && report.score < min) ok = false;
    if (report.staleEquivalents.length > 0 || report.killedEquivalents.length > 0) ok = false;
  }
  return ok ? 0 : 1;
}
