import type { McScenario } from '../scenario/types.js';
import { procsOf } from './build.js';
import type { RunEnv } from './env.js';
import type { TestRun } from './result.js';

// Replaced when the framework's model checker lands; until then an mc test reports it cannot run.
export function runMcTest(s: McScenario, _env: RunEnv, _opts: { seed?: number; trace?: boolean }): TestRun {
  return {
    test: s.name,
    kind: 'mc',
    outcome: { status: 'sandboxError', reason: 'model checking is not available in this build' },
    runs: 0,
    failingSeeds: [],
    shown: null,
    counters: { messages: 0, steps: 0, simTime: 0, wallMs: 0 },
    mc: null,
    procs: procsOf(s),
    coverage: {},
  };
}
