import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeMutant, readMutants } from '../src/course/mutant-patch.js';
import { loadAssignment } from '../src/load/index.js';
import { runTest } from '../src/run/index.js';
import type { McScenario } from '../src/scenario/index.js';
import type { TestRun } from '../src/contract/index.js';
import { inProcessEnv } from './in-process-env.js';

const ASSIGNMENTS = fileURLToPath(new URL('../../../assignments/', import.meta.url));

/** Every bundled mc test that declares interchangeable processes, with its assignment folder. */
function symmetricTests(): { dir: string; entry: string; test: McScenario }[] {
  const out: { dir: string; entry: string; test: McScenario }[] = [];
  for (const name of fs.readdirSync(ASSIGNMENTS).sort()) {
    const dir = path.join(ASSIGNMENTS, name);
    if (!fs.existsSync(path.join(dir, 'assignment.yaml'))) continue;
    const loaded = loadAssignment(dir);
    if (!loaded.ok) throw new Error(`${name}: ${JSON.stringify(loaded.errors[0])}`);
    for (const t of loaded.assignment.tests) if (t.kind === 'mc' && t.symmetric.length > 0) out.push({ dir, entry: loaded.assignment.entry, test: t });
  }
  return out;
}

function states(r: TestRun): number {
  assert.ok(r.mc !== null, `${r.test} reports no model-checking figures`);
  return r.mc.unique;
}

describe('symmetry reduction on the bundled mc tests', function () {
  this.timeout(600_000);
  const tests = symmetricTests();
  let work: string;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-symmetry-'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('finds at least one bundled test that declares symmetric (so this suite tests something)', () => {
    assert.ok(tests.length > 0);
  });

  for (const { dir, entry, test } of tests) {
    const assignment = path.basename(dir);
    it(`${assignment} / ${test.name}: the reduced search's verdict equals the unreduced one's, with fewer states, on the reference and every mutant`, async () => {
      const solutions = [{ name: 'reference', dir: path.join(dir, 'reference') }];
      for (const m of readMutants(dir)) solutions.push({ name: m.name, dir: materializeMutant(dir, m.name, path.join(work, assignment, m.name)) });
      const unreduced: McScenario = { ...test, symmetric: [] };
      let differs = 0;
      for (const s of solutions) {
        const env = await inProcessEnv(path.join(s.dir, entry), path.join(dir, 'checks.ts'));
        const full = runTest(unreduced, env);
        const reduced = runTest(test, env);
        const what = `${assignment} / ${test.name} on ${s.name}`;
        assert.equal(reduced.outcome.status, full.outcome.status, `${what}: ${JSON.stringify(reduced.outcome)} vs ${JSON.stringify(full.outcome)}`);
        if (full.outcome.status === 'failed' && reduced.outcome.status === 'failed') assert.equal(reduced.outcome.check, full.outcome.check, what);
        assert.ok(states(reduced) <= states(full), `${what}: ${states(reduced)} states reduced vs ${states(full)}`);
        if (states(reduced) < states(full)) differs++;
      }
      // On the reference at least, the reduction must have merged states.
      assert.ok(differs > 0, `symmetry merged no states of ${assignment} / ${test.name} on any solution`);
    });
  }
});
