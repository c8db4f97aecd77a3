import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAssignment } from '../src/course/check-assignment.js';
import { formatCheck } from '../src/course/format-check.js';
import { readMutants } from '../src/course/mutant-patch.js';

const ASSIGNMENTS = fileURLToPath(new URL('../../../assignments/', import.meta.url));

const names = fs.readdirSync(ASSIGNMENTS).filter((d) => fs.existsSync(path.join(ASSIGNMENTS, d, 'assignment.yaml')));

describe('bundled assignments', function () {
  this.timeout(600_000);

  it('include ping-pong, guarantees, broadcast, membership, kv-sharding, kv-replication and raft', () => {
    for (const a of ['ping-pong', 'guarantees', 'broadcast', 'membership', 'kv-sharding', 'kv-replication', 'raft']) assert.ok(names.includes(a), `assignments/${a} is missing`);
  });

  for (const a of names) {
    describe(a, () => {
      const dir = path.join(ASSIGNMENTS, a);

      it('has at least 8 mutants, each saying what it gets wrong and which tests must catch it', () => {
        const mutants = readMutants(dir);
        assert.ok(mutants.length >= 8, `${mutants.length} mutants`);
        for (const m of mutants) assert.ok(m.kills.length > 0, `mutant ${m.name} has no "# kills:" tests`);
      });

      if (fs.existsSync(path.join(dir, 'python'))) {
        it('has at least 6 Python mutants (python/mutants/*.patch), each with its kills', () => {
          const mutants = readMutants(path.join(dir, 'python'));
          assert.ok(mutants.length >= 6, `${mutants.length} Python mutants`);
          for (const m of mutants) assert.ok(m.kills.length > 0, `Python mutant ${m.name} has no "# kills:" tests`);
        });
      }

      // The whole soundness check, as an instructor runs it: `dsgrade check-assignment <a>`.
      it('passes check-assignment (skeleton 0, reference full marks and deterministic, every mutant caught)', async () => {
        const c = await checkAssignment(dir);
        assert.deepEqual(c.problems, [], formatCheck(c));
        const python = fs.existsSync(path.join(dir, 'python')) ? readMutants(path.join(dir, 'python')).length : 0;
        assert.equal(c.mutants.length, readMutants(dir).length + python);
        assert.equal(c.pythonReferenceMs === null, python === 0, 'the Python reference is graded exactly when there is a python/ folder');
        assert.ok(c.tests.length > 0, 'the reference ran no test');
      });
    });
  }
});
