import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatLoadError, loadAssignment } from '../src/load/index.js';

/**
 * Instructor files that used to hang the loader, eat its memory, or pass with a value the
 * host cannot honour: each is now one file:line:column error, quickly.
 */

const ASSIGNMENT = `title: T
summary: S
entry: index.ts
classes: [A]
points: 1
groups:
  - { name: g, points: 1 }
tests:
  - { file: t.yaml, group: g, points: 1 }
`;
const TEST_HEAD = 'kind: sim\nname: t\nnodes:\n  n: [{ id: a, class: A }]\nsteps: []\n';

function load(testYaml: string | Buffer, assignmentYaml: string = ASSIGNMENT): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-hostile-'));
  try {
    fs.mkdirSync(path.join(dir, 'tests'));
    fs.writeFileSync(path.join(dir, 'assignment.yaml'), assignmentYaml);
    fs.writeFileSync(path.join(dir, 'tests', 't.yaml'), testYaml);
    const r = loadAssignment(dir);
    return r.ok ? [] : r.errors.map(formatLoadError).map((l) => l.replaceAll(`${path.basename(dir)}/`, ''));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function billionLaughs(levels: number): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${TEST_HEAD}x:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

describe('loading hostile instructor files', function () {
  this.timeout(20_000);

  it('a 1 KB billion-laughs file (aliases of aliases) is one error at the alias, not a hang', () => {
    const text = billionLaughs(9);
    assert.ok(text.length < 1200, `${text.length} bytes`);
    const started = performance.now();
    const errors = load(text);
    assert.ok(performance.now() - started < 5_000, 'answers quickly');
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /^tests\/t\.yaml:\d+:\d+: (more than 10000 alias expansions|the file expands to more than 100000 values) \(an alias bomb\?\)/);
  });

  it('a file past the size bound is refused before it is parsed', () => {
    const text = `${TEST_HEAD}# ${'x'.repeat(1_100_000)}\n`;
    assert.deepEqual(load(text), [`tests/t.yaml:1:1: tests/t.yaml is ${text.length} bytes; YAML files may be at most 1048576 bytes`]);
  });

  it('.nan, .inf and 1e400 are named as such, not reported as "got null"', () => {
    const errors = load(`${TEST_HEAD}limits:\n  maxTime: .nan\n  wallTime: .inf\n  maxSteps: 1e400\n  maxMessages: -.inf\n`);
    assert.deepEqual(errors, [
      'tests/t.yaml:7:12: .nan is NaN (not a number); write a finite number',
      'tests/t.yaml:8:13: .inf is infinity; write a finite number',
      'tests/t.yaml:9:13: 1e400 is infinity (too large for a number); write a finite number',
      'tests/t.yaml:10:16: -.inf is minus infinity; write a finite number',
    ]);
  });

  it('unknown tags are rejected where they are written', () => {
    const errors = load(`${TEST_HEAD}description: !foo bar\nseed: !!binary aGk=\n`);
    assert.deepEqual(errors, [
      'tests/t.yaml:6:19: unknown YAML tag !foo; remove it: dsgrade reads plain maps, lists, strings, numbers, booleans and null',
      'tests/t.yaml:7:16: unknown YAML tag !!binary; remove it: dsgrade reads plain maps, lists, strings, numbers, booleans and null',
    ]);
  });

  it('invalid UTF-8 is rejected with its byte offset instead of becoming U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from(`${TEST_HEAD}description: caf`), Buffer.from([0xe9]), Buffer.from('\n')]);
    assert.deepEqual(load(bytes), [`tests/t.yaml:6:17: invalid UTF-8 at byte offset ${TEST_HEAD.length + 16} (byte 0xe9); save the file as UTF-8`]);
  });

  it('a wallTime the host timer cannot honour is refused by the schema', () => {
    const errors = load(`${TEST_HEAD}limits:\n  wallTime: 3000000\n`);
    assert.deepEqual(errors, ['tests/t.yaml:7:13: limits.wallTime must be <= 86400, got 3000000']);
    const inAssignment = load(TEST_HEAD, `${ASSIGNMENT}limits:\n  memoryMb: 1000000\n`);
    assert.deepEqual(inAssignment, ['assignment.yaml:11:13: limits.memoryMb must be <= 16384, got 1000000']);
  });
});
