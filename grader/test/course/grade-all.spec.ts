import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { gradeAll } from '../../src/course/grade-all.js';
import { mergeShards } from '../../src/course/merge.js';
import { inShard, parseShard } from '../../src/course/shard.js';
import { ECHO, echoCopy, removeCopy } from './echo-copy.js';
import { ROOT } from './packed.js';

const BIN = path.join(ROOT, 'grader', 'bin', 'dsgrade.js');
const HOSTILE = path.join(ROOT, 'grader', 'fixtures', 'assignments', 'echo-hostile');

/** summary.csv without its wall-time column: the part that must not depend on how the run went. */
function withoutWallTime(csv: string): string {
  return csv
    .split('\n')
    .map((l) => l.split(',').slice(0, -1).join(','))
    .join('\n');
}

/** A folder where `npx dsgrade` finds this checkout's command, as in a course repository after npm ci. */
function courseFolder(base: string): string {
  const dir = path.join(base, 'course');
  fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "course", "private": true }\n');
  fs.symlinkSync(BIN, path.join(dir, 'node_modules', '.bin', 'dsgrade'));
  return dir;
}

function sh(script: string, cwd: string, env: Record<string, string>): string {
  const r = spawnSync('sh', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true', ...env } });
  assert.equal(r.status, 0, `${script}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('dsgrade grade-all and merge', function () {
  this.timeout(400_000);
  let base: string;
  let subs: string;
  let full: string;

  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-class-'));
    subs = path.join(base, 'submissions');
    fs.mkdirSync(subs);
    fs.cpSync(path.join(ECHO, 'reference'), path.join(subs, 'alice'), { recursive: true });
    fs.cpSync(path.join(ECHO, 'solution'), path.join(subs, 'bob'), { recursive: true });
    fs.cpSync(path.join(ECHO, 'broken'), path.join(subs, 'carol'), { recursive: true });
    fs.cpSync(path.join(HOSTILE, 'process-exit'), path.join(subs, 'dave'), { recursive: true });
    fs.mkdirSync(path.join(subs, 'erin'));
    fs.writeFileSync(path.join(subs, 'erin', 'index.ts'), 'export class Client { this is not TypeScript');
    full = path.join(base, 'full');
    await gradeAll({ assignmentDir: ECHO, submissionsDir: subs, outDir: full, jobs: 2 });
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('grades every submission into report.html and results.json, and a class summary.csv and index.html', () => {
    const csv = fs.readFileSync(path.join(full, 'summary.csv'), 'utf8');
    assert.equal(
      withoutWallTime(csv),
      withoutWallTime(`student,basics,extra,total,max,compile,status,wall_s
alice,4,2,6,6,ok,graded,x
bob,0,0,0,6,ok,graded,x
carol,4,0,4,6,ok,graded,x
dave,2,2,4,6,ok,graded,x
erin,0,0,0,6,error,graded,x
`),
    );
    for (const s of ['alice', 'bob', 'carol', 'dave', 'erin']) {
      for (const f of ['report.html', 'results.json']) assert.ok(fs.existsSync(path.join(full, 'submissions', s, f)), `${s}/${f}`);
    }
    const html = fs.readFileSync(path.join(full, 'index.html'), 'utf8');
    for (const s of ['alice', 'bob', 'carol', 'dave', 'erin']) assert.ok(html.includes(`<a href="submissions/${s}/report.html">${s}</a>`));
    assert.match(html, /data-submissions="5"/);
    // Histogram: two submissions scored 0, two scored 4, one scored 6.
    assert.match(html, /data-score="0" data-count="2"/);
    assert.match(html, /data-score="4" data-count="2"/);
    assert.match(html, /data-score="6" data-count="1"/);
    assert.match(html, /<td>first<\/td><td>basics<\/td><td>3 \/ 5<\/td>/);
    assert.match(html, /<th data-sort="num">total \(6\)<\/th>/);
  });

  it('resumes after SIGKILL midway: only unfinished submissions are graded again, and the summary is the same', async () => {
    const out = path.join(base, 'killed');
    const child = spawn(process.execPath, [BIN, 'grade-all', ECHO, subs, '--out', out, '--jobs', '1'], { detached: true, stdio: 'ignore' });
    const finished = () => (fs.existsSync(path.join(out, 'submissions')) ? fs.readdirSync(path.join(out, 'submissions')).filter((d) => !d.includes('.tmp-')) : []);
    while (finished().length < 2) await new Promise((r) => setTimeout(r, 50));
    process.kill(-child.pid!, 'SIGKILL'); // the whole group: grade-all, its worker and the worker's sandbox
    await new Promise((r) => child.once('exit', r));
    const before = finished();
    assert.ok(before.length >= 2 && before.length < 5, `killed after ${before.length} of 5`);
    for (const d of before) assert.ok(fs.existsSync(path.join(out, 'submissions', d, 'report.html')), `${d} is complete`);
    assert.equal(fs.existsSync(path.join(out, 'summary.csv')), false, 'killed before the summary');
    const mtimes = new Map(before.map((d) => [d, fs.statSync(path.join(out, 'submissions', d, 'results.json')).mtimeMs]));

    const rerun = spawnSync(process.execPath, [BIN, 'grade-all', ECHO, subs, '--out', out, '--jobs', '1'], { encoding: 'utf8' });
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, new RegExp(`^${before.length}/5 already graded$`, 'm'));
    assert.equal(rerun.stdout.match(/^\[\d\/5\] /gm)?.length, 5 - before.length, 'plain progress lines, one per regraded submission');
    for (const [d, t] of mtimes) assert.equal(fs.statSync(path.join(out, 'submissions', d, 'results.json')).mtimeMs, t, `${d} was not graded again`);
    assert.deepEqual(fs.readdirSync(path.join(out, 'submissions')).filter((d) => d.includes('.tmp-')), []);
    assert.equal(withoutWallTime(fs.readFileSync(path.join(out, 'summary.csv'), 'utf8')), withoutWallTime(fs.readFileSync(path.join(full, 'summary.csv'), 'utf8')));
  });

  it('shards as the Kubernetes Indexed Job calls them (JOB_COMPLETION_INDEX), merged, equal one unsharded run', () => {
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'grade-all-kubernetes.yaml'), 'utf8');
    const [job, mergeJob] = docs.split(/^---$/m).map((d) => parseYaml(d) as { spec: { completionMode?: string; completions?: number; template: { spec: { containers: { command: string[] }[] } } } });
    assert.equal(job!.spec.completionMode, 'Indexed');
    const course = courseFolder(base);
    const results = path.join(base, 'k8s-results');
    const env = { ASSIGNMENT: ECHO, SHARDS: '2', SUBMISSIONS: subs, RESULTS: results };
    const [gradeCmd, mergeCmd] = [job!, mergeJob!].map((j) => j.spec.template.spec.containers[0]!.command);
    assert.deepEqual(gradeCmd!.slice(0, 2), ['sh', '-c']);
    for (const index of ['0', '1']) sh(gradeCmd![2]!, course, { ...env, JOB_COMPLETION_INDEX: index });
    const shard0 = fs.readdirSync(path.join(results, 'shard-0', 'submissions'));
    const shard1 = fs.readdirSync(path.join(results, 'shard-1', 'submissions'));
    assert.deepEqual([...shard0, ...shard1].sort(), ['alice', 'bob', 'carol', 'dave', 'erin']);
    assert.ok(shard0.length > 0 && shard1.length > 0, 'both shards have work');
    sh(mergeCmd![2]!, course, env);
    assert.equal(withoutWallTime(fs.readFileSync(path.join(results, 'class', 'summary.csv'), 'utf8')), withoutWallTime(fs.readFileSync(path.join(full, 'summary.csv'), 'utf8')));
  });

  it('shards as the GitHub Actions matrix calls them, merged by its merge job', () => {
    const wf = parseYaml(fs.readFileSync(path.join(ROOT, 'docs', 'grade-all-github-actions.yml'), 'utf8')) as {
      env: Record<string, string | number>;
      jobs: { grade: { strategy: { matrix: { shard: number[] } }; steps: { run?: string }[] }; merge: { steps: { run?: string }[] } };
    };
    const grade = wf.jobs.grade.steps.map((s) => s.run).find((r) => r?.includes('grade-all'))!;
    const merge = wf.jobs.merge.steps.map((s) => s.run).find((r) => r?.includes('merge'))!;
    assert.deepEqual(wf.jobs.grade.strategy.matrix.shard, [1, 2, 3, 4]);
    const course = fs.mkdtempSync(path.join(base, 'gh-'));
    fs.cpSync(courseFolder(course), course, { recursive: true });
    fs.symlinkSync(subs, path.join(course, 'submissions'));
    // Three shards here (one may be empty: a shard with no submission still writes its folder).
    for (const shard of [1, 2, 3]) sh(grade.replace(/\$\{\{ matrix\.shard \}\}/g, String(shard)), course, { ASSIGNMENT: ECHO, SHARDS: '3' });
    sh(merge, course, {});
    assert.equal(withoutWallTime(fs.readFileSync(path.join(course, 'results', 'class', 'summary.csv'), 'utf8')), withoutWallTime(fs.readFileSync(path.join(full, 'summary.csv'), 'utf8')));
  });

  it('merge refuses shards of another assignment or version of its tests, and a submission in two shards', async () => {
    assert.throws(() => mergeShards([full, full], path.join(base, 'dup')), /mergeShards: submission alice is in both .* and .*; were two shards given the same --shard I\/N\?/);
    const other = echoCopy();
    try {
      fs.appendFileSync(path.join(other, 'tests', 'first.yaml'), '  - runUntilQuiet: {}\n');
      const one = fs.mkdtempSync(path.join(base, 'one-'));
      fs.mkdirSync(path.join(one, 'only-bob'));
      fs.cpSync(path.join(subs, 'bob'), path.join(one, 'only-bob', 'bob'), { recursive: true });
      await gradeAll({ assignmentDir: other, submissionsDir: path.join(one, 'only-bob'), outDir: path.join(one, 'out'), jobs: 1 });
      assert.throws(() => mergeShards([full, path.join(one, 'out')], path.join(base, 'mixed')), /mergeShards: .* graded echo \(tests [0-9a-f]{12}\) but .* graded echo \(tests [0-9a-f]{12}\); merge only shards of one assignment and one version of its tests/);
      await assert.rejects(gradeAll({ assignmentDir: ECHO, submissionsDir: subs, outDir: path.join(one, 'out'), jobs: 1 }), /gradeAll: .* holds results of another run/);
    } finally {
      removeCopy(other);
    }
  });

  it('--shard slices are stable, disjoint and complete; a bad --shard is a usage error', () => {
    const names = Array.from({ length: 200 }, (_, i) => `student-${i}`);
    const owners = names.map((n) => [1, 2, 3].filter((i) => inShard(n, { index: i, count: 3 })));
    assert.ok(owners.every((o) => o.length === 1));
    for (const i of [1, 2, 3]) assert.ok(owners.filter((o) => o[0] === i).length > 40, `shard ${i} is a fair slice`);
    assert.throws(() => parseShard('0/2'), /parseShard: --shard must be I\/N with 1 <= I <= N/);
    const r = spawnSync(process.execPath, [BIN, 'grade-all', ECHO, subs, '--out', path.join(base, 'bad'), '--shard', '3/2'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--shard must be I\/N with 1 <= I <= N \(e\.g\. 2\/4\), got "3\/2"/);
  });
});
