import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLoadError, loadAssignment } from '../src/load/index.js';
import { replaceReference } from '../src/schema/replace-reference.js';

/*
 * The examples of assignments/FORMAT.md are a real assignment: every ```yaml block starts with
 * `# file: <path>`, and together they must load without a single error.
 */

const FORMAT = fileURLToPath(new URL('../../../assignments/FORMAT.md', import.meta.url));

function fencedBlocks(markdown: string, lang: string): string[] {
  const re = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm');
  return [...markdown.matchAll(re)].map((m) => m[1]);
}

describe('assignments/FORMAT.md', () => {
  const markdown = fs.readFileSync(FORMAT, 'utf8');
  const blocks = fencedBlocks(markdown, 'yaml');

  it('has yaml examples of assignment.yaml, sim and mc scenarios and a base', () => {
    const text = blocks.join('\n');
    for (const needle of ['# file: assignment.yaml', 'kind: sim', 'kind: mc', 'extends:', 'stages:', 'chaos:']) {
      assert.ok(text.includes(needle), `no example contains ${needle}`);
    }
  });

  it('shows every step kind and both expect forms', () => {
    const text = blocks.join('\n');
    for (const kind of ['send', 'sendMany', 'runUntilQuiet', 'runUntilLocal', 'runFor', 'crash', 'recover', 'partition', 'heal', 'disableLink', 'enableLink', 'disconnect', 'connect', 'expect', 'check']) {
      assert.match(text, new RegExp(`- ${kind}:`), `no example step ${kind}`);
    }
    assert.match(text, /expect: \{ proc: \w+, count:/);
    assert.match(text, /mode: unordered/);
  });

  it('every yaml example parses and validates, as one assignment with the checks.ts shown', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-format-'));
    const assignment = path.join(dir, 'kv');
    try {
      fs.mkdirSync(path.join(assignment, 'tests'), { recursive: true });
      for (const block of blocks) {
        const m = /^# file: (\S+)\n/.exec(block);
        assert.ok(m, `a yaml block lacks its "# file: <path>" first line:\n${block.slice(0, 80)}`);
        fs.writeFileSync(path.join(assignment, m[1]), block);
      }
      const checksTs = fencedBlocks(markdown, 'ts').join('\n');
      const knownChecks = new Set([...checksTs.matchAll(/export function (\w+)/g)].map((x) => x[1]));
      assert.ok(knownChecks.size > 0);
      const r = loadAssignment(assignment, { knownChecks });
      assert.equal(r.ok ? '' : r.errors.map(formatLoadError).join('\n'), '');
      assert.equal(r.ok && r.assignment.tests.length, 4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('its key reference is the one generated from the schemas', () => {
    assert.equal(markdown, replaceReference(markdown), 'run: node grader/dist/src/schema/write-reference.js assignments/FORMAT.md');
  });
});
