import assert from 'node:assert/strict';
import path from 'node:path';
import { ECHO, dsgrade } from './runners/cli.js';

// echo's hidden test is "last", in group "extra"; the broken solution fails only it.
const BROKEN = path.join(ECHO, 'broken');

describe('dsgrade test keeps hidden tests hidden', function () {
  this.timeout(120_000);

  it('runs visible tests only: the hidden failing test is neither run, named nor counted', () => {
    const r = dsgrade(['test', ECHO, '--solution', BROKEN]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ first +2\/2/);
    assert.match(r.stdout, /✓ attack +2\/2/);
    assert.match(r.stdout, /^ {2}basics 4\/4\n/m);
    assert.match(r.stdout, /Score: 4\/4 {2}\(2\/2 tests passed/);
    assert.doesNotMatch(r.stdout + r.stderr, /last|extra|replay/);
  });

  it('does not run a hidden test by name, and lists only visible ones', () => {
    const r = dsgrade(['test', ECHO, '--solution', BROKEN, '--test', 'last']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'dsgrade: no visible test named "last" in echo; visible tests are: first, attack\n');
    assert.equal(r.stdout.includes('✗'), false);
  });

  it('--all runs the hidden tests too, and says so in the help', () => {
    const all = dsgrade(['test', ECHO, '--solution', BROKEN, '--all']);
    assert.equal(all.code, 1);
    assert.match(all.stdout, /✗ last +0\/2/);
    assert.match(all.stdout, /Score: 4\/6 {2}\(2\/3 tests passed/);
    const help = dsgrade(['help', 'test']);
    assert.match(help.stdout, /--all runs the hidden tests too/);
  });
});
