import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openExplorer } from './open-explorer.js';

export const EXPLORE_USAGE = `dsgrade explore <assignment> --solution DIR --test NAME [--path TOKEN | --seed N] [--port P]
  Opens a test in the browser to pick events by hand: serves one page on http://127.0.0.1
  (a free port unless --port) and prints its address. --path starts at a model-checking
  counterexample's token, --seed follows that seed's run of a sim test. Ctrl-C stops it.`;

/**
 * The `explore` subcommand: resolves its arguments, starts the explorer and serves until
 * Ctrl-C. Returns the exit code once it has shut down (2 on a usage error).
 */
export async function exploreCommand(argv: string[], resolveAssignment: (arg: string) => string, out: (s: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { solution: { type: 'string' }, test: { type: 'string' }, path: { type: 'string' }, seed: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    process.stderr.write(`dsgrade: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n\n${EXPLORE_USAGE}\n`);
    return 2;
  }
  const f = parsed.values;
  if (f.help === true) {
    out(EXPLORE_USAGE + '\n');
    return 0;
  }
  const usage = (why: string) => {
    process.stderr.write(`dsgrade: ${why}\n\n${EXPLORE_USAGE}\n`);
    return 2;
  };
  if (parsed.positionals.length !== 1) return usage(`"explore" takes exactly one <assignment>, got ${parsed.positionals.length}`);
  if (f.solution === undefined || f.test === undefined) return usage('explore needs --solution and --test');
  if (f.path !== undefined && f.seed !== undefined) return usage('pass --path or --seed, not both');
  if (f.seed !== undefined && !/^\d+$/.test(f.seed)) return usage(`--seed must be a non-negative integer, got "${f.seed}"`);
  if (f.port !== undefined && !(/^\d+$/.test(f.port) && Number(f.port) < 65536)) return usage(`--port must be a port number, got "${f.port}"`);
  const assignmentDir = resolveAssignment(parsed.positionals[0]!);
  const solutionDir = path.resolve(f.solution);
  if (!fs.existsSync(solutionDir)) return usage(`solution folder ${f.solution} does not exist`);
  const ex = await openExplorer({
    assignmentDir,
    solutionDir,
    test: f.test,
    ...(f.path !== undefined ? { token: f.path } : {}),
    ...(f.seed !== undefined ? { seed: Number(f.seed) } : {}),
    ...(f.port !== undefined ? { port: Number(f.port) } : {}),
  });
  out(`dsgrade explore: ${f.test} on ${path.basename(solutionDir)} at ${ex.url}  (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  out('dsgrade explore: stopping\n');
  await ex.close();
  return 0;
}
