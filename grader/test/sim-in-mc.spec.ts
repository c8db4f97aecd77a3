import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelChecker, type TraceEvent } from '@dsgrade/framework';
import { loadAssignment } from '../src/load/index.js';
import { buildSystem } from '../src/run/build.js';
import { applyStep } from '../src/run/steps.js';
import type { McScenario } from '../src/scenario/index.js';
import { inProcessEnv } from './in-process-env.js';

/*
 * Sim ⊆ MC on the bundled assignments: for every model-checking test, the reference solution is
 * set up as the test sets it up, then simulated on the test's lossy network for many seeds;
 * each simulated run, step by step, must be a path of the checker's transitions from that same
 * state, reaching the same process states. A run the checker cannot follow fails with the
 * first step it cannot take. (Tests with messagesFirst are skipped: a simulated network is not
 * faster than every timer. Corruption is switched off: its garbage is drawn differently.)
 */

const ASSIGNMENTS = fileURLToPath(new URL('../../../assignments/', import.meta.url));
const SEEDS = 25;
const STEPS = 400;

const names = fs.readdirSync(ASSIGNMENTS).filter((d) => fs.existsSync(path.join(ASSIGNMENTS, d, 'assignment.yaml')));

describe('every simulated run of a bundled mc test is a path of the model checker (Sim ⊆ MC)', function () {
  this.timeout(300_000);
  let followedSteps = 0;

  for (const a of names) {
    const dir = path.join(ASSIGNMENTS, a);
    const loaded = loadAssignment(dir);
    if (!loaded.ok) continue;
    const mcTests = loaded.assignment.tests.filter((t): t is McScenario => t.kind === 'mc' && !t.messagesFirst);
    for (const t of mcTests) {
      it(`${a} / ${t.name}: ${SEEDS} seeds of the reference`, async () => {
        const env = await inProcessEnv(path.join(dir, 'reference', loaded.assignment.entry), path.join(dir, 'checks.ts'));
        for (let seed = 0; seed < SEEDS; seed++) {
          const reliable = { ...t, network: { ...t.network, drop: 0, duplicate: 0, corrupt: 0 } };
          const sys = buildSystem(reliable, seed, env, { trace: true, recordStates: true });
          for (const step of t.setup) applyStep(sys, step, env.checks);
          sys.setNetwork({ dropRate: t.network.drop, dupRate: t.network.duplicate });
          const mc = new ModelChecker(sys, { maxDuplicates: t.maxDuplicates });
          const from = sys.traceLength();
          sys.steps(STEPS);
          const records: TraceEvent[] = sys.traceSince(from);
          const r = mc.follow(records);
          if (!r.followed) {
            const rec = records[r.record]!;
            assert.fail(`seed ${seed}: the checker cannot follow simulation step ${rec.step} (${rec.kind} ${rec.proc ?? ''} ${rec.timer ?? rec.type ?? ''}): ${r.reason}`);
          }
          followedSteps += r.path.length;
        }
      });
    }
  }

  after(() => {
    // Guards against a vacuous pass: the runs above must have exercised real paths.
    assert.ok(followedSteps > 500, `only ${followedSteps} steps followed`);
    console.log(`      (${followedSteps} simulated steps followed)`);
  });
});
