import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeSubmission } from '../grade/index.js';
import { applyMutant } from './apply.js';
import { assignmentHash, MutationCache } from './cache.js';
import { readEquivalents } from './equivalent.js';
import { generateMutants, type SourceFile } from './generate.js';
import { mutantKey, mutantLabel, type GeneratedMutant } from './mutant.js';
import type { MutantOutcome, MutantResult, MutationReport } from './outcome.js';
import { runPool } from './pool.js';

export interface MutationScoreOptions {
  /** A folder with assignment.yaml and reference/. */
  assignmentDir: string;
  /** Mutants graded at the same time (default 2). */
  jobs?: number;
  /** Folder of the result cache; null grades every mutant afresh and stores nothing. */
  cacheDir: string | null;
  /** Read nothing from the cache (what is graded still replaces the stored outcomes). */
  fresh?: boolean;
  /** Called as each mutant's outcome is known (from the cache or by grading). */
  onMutant?: (r: MutantResult, done: number, total: number) => void;
}

const GRADER_VERSION = (JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function referenceFiles(referenceDir: string): SourceFile[] {
  const walk = (rel: string): string[] =>
    fs.readdirSync(path.join(referenceDir, rel), { withFileTypes: true }).flatMap((e) => {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      return e.isDirectory() ? walk(r) : e.isFile() && r.endsWith('.ts') && !r.endsWith('.d.ts') ? [r] : [];
    });
  return walk('').sort().map((name) => ({ name, content: fs.readFileSync(path.join(referenceDir, name), 'utf8') }));
}

/** Grades one mutant: a copy of the reference with the edit applied, graded like `dsgrade test --bail`. */
async function gradeMutant(assignmentDir: string, referenceDir: string, source: string, m: GeneratedMutant): Promise<MutantOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-mutant-'));
  try {
    fs.cpSync(referenceDir, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, m.file), applyMutant(source, m));
    const r = await gradeSubmission({ assignmentDir, solutionDir: dir, bail: true, replayCommand: () => '' });
    if (!r.compile.ok) return { status: 'invalid', reason: `does not compile: ${r.compile.errors[0]?.message ?? 'unknown error'}` };
    // An mc test that stopped at an allowed limit ("unknown") kills nothing.
    const failed = r.tests.find((t) => t.status !== 'passed' && t.status !== 'unknown');
    if (failed === undefined) return { status: 'survived' };
    // The grader failing is no verdict on the mutant.
    if (failed.status === 'error' && failed.errorSource === 'sandbox') return { status: 'invalid', reason: `grader error in ${failed.name}: ${failed.message ?? ''}` };
    return { status: 'killed', test: failed.name, testStatus: failed.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The generated-mutant score of an assignment's tests: every StrykerJS mutant of reference/,
 * each graded in a copy of the reference with `test --bail` semantics, `jobs` at a time.
 * Outcomes are cached by a hash of the reference and the tests; mutants listed in
 * mutants/equivalent.yaml are left out of the score.
 */
export async function mutationScore(opts: MutationScoreOptions): Promise<MutationReport> {
  const fn = 'mutationScore';
  const assignmentDir = path.resolve(opts.assignmentDir);
  const referenceDir = path.join(assignmentDir, 'reference');
  if (!fs.existsSync(path.join(assignmentDir, 'assignment.yaml')) || !fs.existsSync(referenceDir)) {
    throw new Error(`${fn}: ${opts.assignmentDir} has no assignment.yaml and reference/; pass an assignment folder`);
  }
  const jobs = opts.jobs ?? 2;
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`${fn}: jobs must be a positive integer, got ${jobs}`);
  const name = path.basename(assignmentDir);
  const equivalents = readEquivalents(assignmentDir);
  const files = referenceFiles(referenceDir);
  const sources = new Map(files.map((f) => [f.name, f.content]));
  const mutants = await generateMutants(files);
  const hash = assignmentHash(assignmentDir, GRADER_VERSION);
  const cache = opts.cacheDir === null ? null : new MutationCache(opts.cacheDir, name, hash, opts.fresh === true);
  const reasons = new Map(equivalents.map((e) => [e.mutant, e.reason]));
  let done = 0;
  const results = await runPool(mutants, jobs, async (m): Promise<MutantResult> => {
    const key = mutantKey(m);
    const hit = cache?.get(key);
    const outcome = hit ?? (await gradeMutant(assignmentDir, referenceDir, sources.get(m.file)!, m));
    if (hit === undefined) cache?.set(key, outcome);
    const label = mutantLabel(m);
    const r: MutantResult = { mutant: m, label, outcome, equivalent: reasons.get(label) ?? null, cached: hit !== undefined };
    opts.onMutant?.(r, ++done, mutants.length);
    return r;
  });
  return summarize(name, hash, results, equivalents.filter((e) => !results.some((r) => r.label === e.mutant)).map((e) => `${e.at}: ${e.mutant}`));
}

/** Counts and score of a list of results (exported for tests of the arithmetic). */
export function summarize(assignment: string, hash: string, results: MutantResult[], staleEquivalents: string[]): MutationReport {
  const killed = results.filter((r) => r.outcome.status === 'killed').length;
  const invalid = results.filter((r) => r.outcome.status === 'invalid' && r.equivalent === null).length;
  const equivalent = results.filter((r) => r.equivalent !== null && r.outcome.status !== 'killed').length;
  const survived = results.filter((r) => r.outcome.status === 'survived' && r.equivalent === null).length;
  return {
    assignment,
    hash,
    results,
    killed,
    survived,
    equivalent,
    invalid,
    score: killed + survived === 0 ? null : (100 * killed) / (killed + survived),
    staleEquivalents,
    killedEquivalents: results.filter((r) => r.equivalent !== null && r.outcome.status === 'killed'),
  };
}
