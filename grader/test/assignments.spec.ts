import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeSubmission } from '../src/grade/grade-submission.js';
import type { GradeReport } from '../src/grade/model.js';

const ASSIGNMENTS = fileURLToPath(new URL('../../../assignments/', import.meta.url));

function grade(assignment: string, solution: string): Promise<GradeReport> {
  return gradeSubmission({ assignmentDir: path.join(ASSIGNMENTS, assignment), solutionDir: solution, replayCommand: (t, s) => `replay ${t} ${s}` });
}

function failures(r: GradeReport): string {
  return r.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: [${t.status}] ${t.message ?? ''}`).join('\n');
}

const names = fs.readdirSync(ASSIGNMENTS).filter((d) => fs.existsSync(path.join(ASSIGNMENTS, d, 'assignment.yaml')));

describe('bundled assignments', function () {
  this.timeout(600_000);

  it('include ping-pong, guarantees, broadcast, membership and kv-sharding', () => {
    for (const a of ['ping-pong', 'guarantees', 'broadcast', 'membership', 'kv-sharding']) assert.ok(names.includes(a), `assignments/${a} is missing`);
  });

  for (const a of names) {
    describe(a, () => {
      const dir = path.join(ASSIGNMENTS, a);

      it('the reference solution gets full marks', async () => {
        const r = await grade(a, path.join(dir, 'reference'));
        assert.equal(r.compile.ok, true, JSON.stringify(r.compile.errors));
        assert.equal(r.score, r.maxScore, failures(r));
      });

      it('the skeleton compiles and scores 0 without a grader error', async () => {
        const r = await grade(a, path.join(dir, 'solution'));
        assert.equal(r.compile.ok, true, JSON.stringify(r.compile.errors));
        assert.equal(r.score, 0);
        assert.deepEqual(r.tests.filter((t) => t.status === 'sandboxError').map((t) => `${t.name}: ${t.message}`), []);
      });

      const mutants = fs.existsSync(path.join(dir, 'mutants')) ? fs.readdirSync(path.join(dir, 'mutants')).sort() : [];
      it('has at least 8 mutants', () => assert.ok(mutants.length >= 8, `${mutants.length} mutants`));
      for (const m of mutants) {
        it(`mutant ${m} compiles and loses points`, async () => {
          const r = await grade(a, path.join(dir, 'mutants', m));
          assert.equal(r.compile.ok, true, JSON.stringify(r.compile.errors));
          assert.ok(r.score < r.maxScore, `${m} scored ${r.score}/${r.maxScore}`);
          assert.deepEqual(r.tests.filter((t) => t.status === 'sandboxError').map((t) => `${t.name}: ${t.message}`), []);
        });
      }
    });
  }
});
