import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, formatLoadError, loadAssignment } from '../src/load/index.js';
import type { LoadedAssignment, Scenario } from '../src/load/index.js';

const GOOD = fileURLToPath(new URL('../../fixtures/yaml/good/kv', import.meta.url));
const EXPECTED = fileURLToPath(new URL('../../fixtures/yaml/good/kv.expected.json', import.meta.url));

function load(knownChecks?: ReadonlySet<string>): LoadedAssignment {
  const r = loadAssignment(GOOD, knownChecks === undefined ? {} : { knownChecks });
  if (!r.ok) assert.fail(r.errors.map(formatLoadError).join('\n'));
  return r.assignment;
}

function test(a: LoadedAssignment, name: string): Scenario {
  const t = a.tests.find((s) => s.name === name);
  assert.ok(t, `no test ${name}`);
  return t;
}

describe('loadAssignment on a good assignment', () => {
  it('loads into exactly the expected object (kv.expected.json)', () => {
    const expected = JSON.parse(fs.readFileSync(EXPECTED, 'utf8')) as LoadedAssignment;
    assert.deepEqual({ ...load(), dir: '<dir>' }, expected);
  });

  it('keeps the folder as given and names files relative to its parent', () => {
    const a = load();
    assert.equal(a.dir, GOOD);
    assert.equal(a.name, 'kv');
    assert.deepEqual(a.tests.map((t) => t.file), ['kv/tests/basic.yaml', 'kv/tests/mc-agreement.yaml', 'kv/tests/crash-primary.yaml', 'kv/tests/few-messages.yaml']);
  });

  it('takes inherited values, with their positions, from the extended file', () => {
    const basic = test(load(), 'basic');
    assert.equal(basic.kind, 'sim');
    assert.deepEqual(basic.nodes.map((n) => n.name), ['n1', 'n2', 'c']);
    assert.equal(basic.nodes[0].processes[0].at.file, 'kv/tests/_base.yaml');
    assert.deepEqual(basic.network.delay, { kind: 'uniform', min: 0.5, max: 1.5 });
    if (basic.kind !== 'sim') return;
    assert.deepEqual(basic.steps[0].at, { file: 'kv/tests/basic.yaml', line: 5, column: 5 });
  });

  it('merges maps key by key and replaces lists and scalars', () => {
    const crash = test(load(), 'crash-primary');
    assert.deepEqual(crash.network.delay, { kind: 'uniform', min: 0.5, max: 1.5 }, 'delay inherited');
    assert.equal(crash.network.drop, 0.1, 'drop added');
    assert.equal(crash.limits.maxSteps, 50000, 'base limit kept');
    assert.equal(crash.limits.maxTime, 300, 'own limit wins over the assignment default');
  });

  it('layers limits: dsgrade defaults < assignment.yaml < scenario', () => {
    const a = load();
    assert.equal(a.limits.maxSteps, DEFAULT_LIMITS.maxSteps);
    assert.equal(a.limits.maxTime, 120);
    const few = test(a, 'few-messages');
    assert.equal(few.limits.maxMessages, 20);
    assert.equal(few.limits.maxMessagesPerProcess, 20, 'per-process defaults to the total');
    assert.equal(few.limits.wallTime, 20);
  });

  it('resolves aliases to the anchored value', () => {
    const crash = test(load(), 'crash-primary');
    if (crash.kind !== 'sim') assert.fail('crash-primary is a sim test');
    const sends = crash.steps.filter((s) => s.kind === 'send');
    assert.equal(sends.length, 2);
    assert.deepEqual(sends[0].kind === 'send' && sends[0].msg, sends[1].kind === 'send' && sends[1].msg);
  });

  it('lists the check names checks.ts must export, and accepts exactly those', () => {
    const a = load();
    assert.deepEqual(a.checkNames, ['agreement', 'atMostOnePrimary', 'committed', 'sameData', 'tooManyMessages']);
    load(new Set(a.checkNames));
    const r = loadAssignment(GOOD, { knownChecks: new Set(a.checkNames.filter((c) => c !== 'committed')) });
    assert.equal(r.ok, false);
    const messages = r.ok ? [] : r.errors.map(formatLoadError);
    assert.deepEqual(messages, [
      'kv/tests/mc-agreement.yaml:15:18: unknown check "committed" in search.goal; checks.ts exports: agreement, atMostOnePrimary, sameData, tooManyMessages',
      'kv/tests/mc-agreement.yaml:16:21: unknown check "committed" in search.collect; checks.ts exports: agreement, atMostOnePrimary, sameData, tooManyMessages',
    ]);
  });
});

describe('loadAssignment arguments', () => {
  it('throws, naming itself, for a wrong argument', () => {
    assert.throws(() => loadAssignment(''), /^Error: loadAssignment: pass the assignment folder/);
    assert.throws(() => loadAssignment(GOOD, { knownChecks: ['a'] as unknown as Set<string> }), /^Error: loadAssignment: pass knownChecks as a Set/);
  });

  it('reports, not throws, a folder without assignment.yaml', () => {
    const r = loadAssignment(fileURLToPath(new URL('../../fixtures/yaml/good/kv/tests', import.meta.url)));
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? [] : r.errors.map(formatLoadError), [
      'tests/assignment.yaml:1:1: cannot read tests/assignment.yaml; an assignment folder needs an assignment.yaml',
    ]);
  });

  it('formatLoadError renders file:line:column: message and rejects non-errors', () => {
    assert.equal(formatLoadError({ file: 'a/b.yaml', line: 3, column: 7, message: 'm' }), 'a/b.yaml:3:7: m');
    assert.throws(() => formatLoadError(null as never), /^Error: formatLoadError: pass one LoadError/);
  });
});
