import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { offlineLockfile, readTarball } from '../../src/course/offline-lock.js';
import { offline, packedTarballs, ROOT } from './packed.js';

describe('the packages installed into a course folder', function () {
  this.timeout(300_000);
  let course: string;

  before(function () {
    course = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-course-'));
    fs.cpSync(path.join(ROOT, 'assignments', 'ping-pong'), path.join(course, 'assignments', 'ping-pong'), { recursive: true });
    fs.mkdirSync(path.join(course, 'vendor'));
    const tarballs = packedTarballs().map((f) => {
      fs.copyFileSync(f, path.join(course, 'vendor', path.basename(f)));
      return readTarball(f, `file:vendor/${path.basename(f)}`);
    });
    const manifest = { name: 'course', private: true, type: 'module', dependencies: Object.fromEntries(tarballs.map((t) => [t.name, t.spec])) };
    fs.writeFileSync(path.join(course, 'package.json'), JSON.stringify(manifest, null, 2));
    fs.writeFileSync(path.join(course, 'package-lock.json'), offlineLockfile('course', tarballs));
    const r = offline(course, 'npm', ['ci']);
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => fs.rmSync(course, { recursive: true, force: true }));

  it('pack the templates, the trace viewer, the schemas and the sandbox runner, and no tests', () => {
    const grader = path.join(course, 'node_modules', '@dsgrade', 'grader');
    for (const f of ['templates/report/report.hbs', 'templates/trace-viewer/viewer.js', 'src/schema/scenario.schema.json', 'dist/src/run/sandbox-runner.js', 'dist/src/sandbox/child.js', 'bin/dsgrade.js']) {
      assert.ok(fs.existsSync(path.join(grader, f)), `@dsgrade/grader lacks ${f}`);
    }
    assert.equal(fs.existsSync(path.join(grader, 'dist', 'test')), false);
    assert.equal(fs.existsSync(path.join(course, 'node_modules', '@dsgrade', 'framework', 'dist', 'test')), false);
    assert.equal(fs.lstatSync(grader).isSymbolicLink(), false, 'installed from the tarball, not linked to this checkout');
  });

  it('grade an assignment of the course folder with the installed command: report, results, sandbox', () => {
    const r = offline(course, 'npx', ['dsgrade', 'grade', 'ping-pong', '--solution', 'assignments/ping-pong/reference', '--out', 'out', '--json', 'out/results.json']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Ping-pong: 10\/10 \(10\/10 tests passed\)$/m);
    const results = JSON.parse(fs.readFileSync(path.join(course, 'out', 'results.json'), 'utf8')) as { score: number; tests: unknown[] };
    assert.equal(results.score, 10);
    assert.equal(results.tests.length, 10);
    // The skeleton fails every test: each failure draws its trace with the packaged viewer.
    const s = offline(course, 'npx', ['dsgrade', 'grade', 'ping-pong', '--out', 'skeleton']);
    assert.equal(s.status, 0, s.stderr);
    const html = fs.readFileSync(path.join(course, 'skeleton', 'report.html'), 'utf8');
    assert.equal(html.match(/<section class="tv"/g)?.length, 10);
  });
});
