import runScenarioJob from '../run/sandbox-runner.js';
import type { JobRunner } from '../sandbox/runner-api.js';
import { loadPython } from './load-pyodide.js';

/** The syntax check of a Python submission, run as the first job of its sandbox child. */
export interface SyntaxJob {
  syntaxCheck: { pyodideDir: string; files: Record<string, string> };
}

/** [file, line, column, message] per syntax error. */
export type SyntaxErrors = [string, number, number, string][];

function isSyntaxJob(job: unknown): job is SyntaxJob {
  return typeof job === 'object' && job !== null && 'syntaxCheck' in job;
}

/**
 * Runner of a Python submission's child: a syntax check (the parent has no Python, so compile
 * errors come from here, before any test) and then the ordinary scenario jobs.
 */
const runPythonJob: JobRunner = async (job, env) => {
  if (!isSyntaxJob(job)) return runScenarioJob(job, env);
  const python = await loadPython(job.syntaxCheck.pyodideDir);
  const check = (python.runtime as unknown as { syntax_errors(files: string): string }).syntax_errors;
  return JSON.parse(check(JSON.stringify(job.syntaxCheck.files))) as SyntaxErrors;
};

export default runPythonJob;
