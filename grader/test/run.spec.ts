import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sometimes, type Context, type Message, type Process, type SystemView } from '@dsgrade/framework';
import { loadAssignment } from '../src/load/index.js';
import type { TestRun } from '../src/contract/index.js';
import { runTest } from '../src/run/index.js';
import type { RunEnv } from '../src/sandbox/index.js';
import type { Scenario } from '../src/scenario/index.js';

/** Echoes local messages through the server; 'TICK' starts a timer that re-arms forever; 'SPAM' sends 5 messages; 'BIG' sends a large one. */
class Client implements Process {
  constructor(private readonly server: string) {}
  onLocalMessage(msg: Message, ctx: Context): void {
    if (msg.type === 'TICK') ctx.setTimer('t', 1);
    else if (msg.type === 'SPAM') for (let i = 0; i < 5; i++) ctx.send({ type: 'ECHO', data: i }, this.server);
    else if (msg.type === 'BIG') ctx.send({ type: 'ECHO', data: 'x'.repeat(5000) }, this.server);
    else if (msg.type === 'BOOM') throw new Error('boom');
    else ctx.send(msg, this.server);
  }
  onMessage(msg: Message, _from: string, ctx: Context): void {
    ctx.sendLocal(msg);
  }
  onTimer(_n: string, ctx: Context): void {
    ctx.setTimer('t', 1);
  }
}

class Server implements Process {
  received = 0;
  onMessage(msg: Message, from: string, ctx: Context): void {
    this.received++;
    ctx.send(msg, from);
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

const checks = {
  received(view: SystemView, p: { n: number }) {
    const got = (view.state('server') as { received: number } | null)?.received;
    return got === p.n ? true : `server received ${String(got)}, expected ${p.n}`;
  },
  lucky(view: SystemView) {
    sometimes(view.localMessages('client').length > 0 && view.time < 1.2, 'fast echo');
    return true;
  },
};

const env: RunEnv = {
  checks,
  loadStudent: () => ({
    create: (cls: string, args: unknown[]) => (cls === 'Client' ? new Client(args[0] as string) : new Server()),
  }),
};

let dir: string;

function load(body: string, kind: 'sim' | 'mc' = 'sim'): Scenario {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'tests'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'assignment.yaml'),
    'title: t\nsummary: s\nentry: index.ts\nclasses: [Client, Server]\npoints: 1\ngroups: [{ name: g, points: 1 }]\ntests: [{ file: t.yaml, group: g, points: 1 }]\n',
  );
  const topology = 'nodes:\n  ns: [{ id: server, class: Server }]\n  nc: [{ id: client, class: Client, args: [server] }]\n';
  fs.writeFileSync(path.join(dir, 'tests', 't.yaml'), `kind: ${kind}\nname: t\n${topology}${body}`);
  const r = loadAssignment(dir, { knownChecks: new Set(Object.keys(checks)) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.assignment.tests[0]!;
}

function run(body: string, opts: { seed?: number; trace?: boolean } = {}): TestRun {
  return runTest(load(body), env, opts);
}

function failure(r: TestRun): string {
  const o = r.outcome;
  return o.status === 'passed' ? '' : o.message;
}

describe('scenario interpreter', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-run-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the same trace for the same seed and different traces for different seeds', () => {
    const body = 'network: { delay: { min: 0.1, max: 3 }, drop: 0.3, duplicate: 0.3 }\nsteps:\n  - send: { to: client, type: SPAM, data: null }\n  - runFor: 20\n';
    const a = run(body, { seed: 5, trace: true });
    const b = run(body, { seed: 5, trace: true });
    const c = run(body, { seed: 6, trace: true });
    assert.equal(JSON.stringify(a.shown!.trace), JSON.stringify(b.shown!.trace));
    assert.notEqual(JSON.stringify(a.shown!.trace!.events), JSON.stringify(c.shown!.trace!.events));
  });

  const stepCases: [string, string, string, RegExp | null][] = [
    ['send + runUntilQuiet + expect exact', 'steps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - expect: { proc: client, messages: [{ type: ECHO, data: 1 }] }\n', 'steps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - expect: { proc: client, messages: [{ type: ECHO, data: 2 }] }\n', /client: expected exactly \[\{"type":"ECHO","data":2\}\], got \[\{"type":"ECHO","data":1\}\]/],
    ['expect unordered', 'steps:\n  - send: { to: client, type: SPAM, data: null }\n  - runUntilQuiet: {}\n  - expect: { proc: client, mode: unordered, messages: [{type: ECHO, data: 4}, {type: ECHO, data: 3}, {type: ECHO, data: 2}, {type: ECHO, data: 1}, {type: ECHO, data: 0}] }\n', 'steps:\n  - send: { to: client, type: SPAM, data: null }\n  - runUntilQuiet: {}\n  - expect: { proc: client, mode: unordered, messages: [{type: ECHO, data: 4}] }\n', /expected in any order .*unexpected/],
    ['expect subset', 'steps:\n  - send: { to: client, type: SPAM, data: null }\n  - runUntilQuiet: {}\n  - expect: { proc: client, mode: subset, messages: [{type: ECHO, data: 2}] }\n', 'steps:\n  - send: { to: client, type: SPAM, data: null }\n  - runUntilQuiet: {}\n  - expect: { proc: client, mode: subset, messages: [{type: ECHO, data: 9}] }\n', /expected at least .*missing \[\{"type":"ECHO","data":9\}\]/],
    ['expect count', 'steps:\n  - send: { to: client, type: SPAM, data: null }\n  - runUntilQuiet: {}\n  - expect: { proc: client, count: 5, type: ECHO }\n', 'steps:\n  - send: { to: client, type: SPAM, data: null }\n  - runUntilQuiet: {}\n  - expect: { proc: client, count: 4 }\n', /expected 4 local messages, got 5/],
    ['runUntilLocal', 'steps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilLocal: { proc: client }\n  - expect: { proc: client, count: 1 }\n', 'steps:\n  - runUntilLocal: { proc: client }\n', /runUntilLocal: no events left and client has sent no new local message/],
    ['runFor', 'steps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runFor: 2\n  - expect: { proc: client, count: 1 }\n', 'steps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runFor: 1.5\n  - expect: { proc: client, count: 1 }\n', /expected 1 local messages, got 0/],
    ['crash + recover', 'steps:\n  - crash: ns\n  - recover: ns\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - expect: { proc: client, count: 1 }\n', 'steps:\n  - crash: ns\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - expect: { proc: client, count: 1 }\n', /expected 1 local messages, got 0/],
    ['partition + heal', 'steps:\n  - partition: [[ns], [nc]]\n  - heal: {}\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - expect: { proc: client, count: 1 }\n', 'steps:\n  - partition: [[ns], [nc]]\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - expect: { proc: client, count: 1 }\n', /got 0/],
    ['disableLink + enableLink', 'steps:\n  - disableLink: { from: ns, to: nc }\n  - enableLink: { from: ns, to: nc }\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - check: { name: received, params: { n: 1 } }\n  - expect: { proc: client, count: 1 }\n', 'steps:\n  - disableLink: { from: ns, to: nc }\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - check: { name: received, params: { n: 1 } }\n  - expect: { proc: client, count: 1 }\n', /expected 1 local messages, got 0/],
    ['disconnect + connect', 'steps:\n  - disconnect: ns\n  - connect: ns\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - check: { name: received, params: { n: 1 } }\n', 'steps:\n  - disconnect: ns\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - check: { name: received, params: { n: 1 } }\n', /server received 0, expected 1/],
  ];
  for (const [name, pass, fail, why] of stepCases) {
    it(`${name}: a passing and a failing case`, () => {
      const ok = run(pass);
      assert.equal(ok.outcome.status, 'passed', failure(ok));
      const bad = run(fail);
      assert.equal(bad.outcome.status, 'failed');
      assert.match(failure(bad), why!);
      assert.ok(bad.shown !== null && bad.shown.trace !== null, 'a failing run comes with its trace');
      if (bad.outcome.status === 'failed' && bad.outcome.at !== null) assert.match(bad.outcome.at.file, /tests\/t\.yaml$/);
    });
  }

  const limitCases: [string, string, RegExp][] = [
    ['maxSteps', 'limits: { maxSteps: 50 }\nsteps:\n  - send: { to: client, type: TICK, data: null }\n  - runUntilQuiet: {}\n', /limit maxSteps = 50 reached/],
    ['maxTime', 'limits: { maxTime: 30 }\nsteps:\n  - send: { to: client, type: TICK, data: null }\n  - runUntilQuiet: {}\n', /limit maxTime = 30 reached/],
    ['maxMessages', 'limits: { maxMessages: 3 }\nsteps:\n  - send: { to: client, type: SPAM, data: null }\n  - runUntilQuiet: {}\n', /limit maxMessages = 3 reached: 5 network messages sent/],
    ['maxMessagesPerProcess', 'limits: { maxMessagesPerProcess: 4 }\nsteps:\n  - send: { to: client, type: SPAM, data: null }\n  - runUntilQuiet: {}\n', /limit maxMessagesPerProcess = 4 reached: process "client" sent 5/],
    ['maxMessageBytes', 'limits: { maxMessageBytes: 1000 }\nsteps:\n  - send: { to: client, type: BIG, data: null }\n  - runUntilQuiet: {}\n', /limit maxMessageBytes = 1000 reached: a message of 5\d\d\d bytes/],
  ];
  for (const [limit, body, why] of limitCases) {
    it(`fails with a message naming ${limit} and its value`, () => {
      const r = run(body);
      assert.equal(r.outcome.status, 'limit');
      assert.equal(r.outcome.status === 'limit' && r.outcome.limit, limit);
      assert.match(failure(r), why);
    });
  }

  it('reports a throwing handler as a student error naming the process', () => {
    const r = run('steps:\n  - send: { to: client, type: BOOM, data: null }\n');
    assert.equal(r.outcome.status, 'error');
    assert.equal(r.outcome.status === 'error' && r.outcome.source, 'student');
    assert.match(failure(r), /process "client" threw in onLocalMessage at step 1: Error: boom/);
  });

  it('stops a multi-seed test at the first failing seed and names it', () => {
    const r = run('seeds: 30\nnetwork: { drop: 0.5 }\nsteps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - expect: { proc: client, count: 1 }\n');
    assert.equal(r.outcome.status, 'failed');
    assert.equal(r.failingSeeds.length, 1);
    assert.equal(r.runs, r.failingSeeds[0]! - 1 + 1);
    let written = 0;
    const counted = runTest(load('seeds: 30\nnetwork: { drop: 0.5 }\nsteps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - expect: { proc: client, count: 1 }\n'), { ...env, output: () => 'x'.repeat(++written) });
    assert.equal(counted.outputFrom, written, 'the shown run\'s console output starts where the traced rerun began');
    const replay = run('seeds: 30\nnetwork: { drop: 0.5 }\nsteps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n  - expect: { proc: client, count: 1 }\n', { seed: r.failingSeeds[0]! });
    assert.equal(replay.outcome.status, 'failed');
    assert.equal(JSON.stringify(replay.shown!.trace), JSON.stringify(r.shown!.trace));
  });

  it('untilAllSometimesReached stops once every sometimes was hit, and fails when one never is', () => {
    const covered = run('untilAllSometimesReached: 50\nnetwork: { delay: { min: 0.1, max: 1 } }\nsteps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilLocal: { proc: client }\n  - check: { name: lucky }\n');
    assert.equal(covered.outcome.status, 'passed', failure(covered));
    assert.ok(covered.runs < 50 && covered.runs >= 1);
    assert.ok((covered.coverage['fast echo'] ?? 0) >= 1);
    const never = run('untilAllSometimesReached: 5\nnetwork: { delay: 2 }\nsteps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilLocal: { proc: client }\n  - check: { name: lucky }\n');
    assert.equal(never.outcome.status, 'failed');
    assert.equal(never.runs, 5);
    assert.match(failure(never), /sometimes-assertion\(s\) never reached in 5 seeds: fast echo/);
    assert.deepEqual(never.failingSeeds, [], 'no single seed replays a coverage failure');
    assert.equal(never.shown, null);
  });

  it('applies chaos from the scenario: attrition crashes nodes and the trace shows it', () => {
    const r = run('network: { chaos: { attrition: { rate: 1, maxDown: 1, downtime: 2 } } }\nsteps:\n  - send: { to: client, type: TICK, data: null }\n  - runFor: 30\n', { trace: true });
    assert.equal(r.outcome.status, 'passed', failure(r));
    assert.ok(r.shown!.trace!.events.some((e) => e.kind === 'crash'));
  });

  it('checks invariants every N steps', () => {
    const r = run('invariants: [{ check: received, params: { n: 0 }, every: 1 }]\nsteps:\n  - send: { to: client, type: ECHO, data: 1 }\n  - runUntilQuiet: {}\n');
    assert.equal(r.outcome.status, 'failed');
    assert.match(failure(r), /invariant "received" violated at step 2: server received 1, expected 0/);
  });

  it('model-checks: a later stage starts from the collected states and does not inherit the earlier prune', () => {
    const body = [
      'setup:',
      '  - send: { to: client, type: ECHO, data: 1 }',
      'search: { strategy: bfs, maxDepth: 10, maxStates: 1000, collect: { check: received, params: { n: 1 } }, prune: { check: received, params: { n: 1 } } }',
      'stages:',
      '  - steps: [{ send: { to: client, type: ECHO, data: 2 } }]',
      '    search: { strategy: bfs, maxDepth: 10, maxStates: 1000, invariant: { check: received, params: { n: 1 } } }',
      '',
    ].join('\n');
    const r = runTest(load(body, 'mc'), env);
    assert.equal(r.kind, 'mc');
    assert.equal(r.outcome.status, 'failed', failure(r));
    assert.match(failure(r), /invariant received violated after \d+ steps: server received 2, expected 1/);
    assert.ok(r.shown !== null && r.shown.trace !== null && r.shown.trace.events.some((e) => e.kind === 'deliver'));
    assert.match(r.token ?? '', /^[0-9.]*s1[0-9.]*-[0-9a-f]{8}$/, 'the path goes through the second stage');
    const replayed = runTest(load(body, 'mc'), env, { path: r.token! });
    assert.equal(replayed.outcome.status, 'failed');
    assert.equal(JSON.stringify(replayed.shown!.trace), JSON.stringify(r.shown.trace), 'replaying the token shows exactly the counterexample');
  });

  it('model-checks with the transition options: maxDuplicates, messagesFirst, and crash + recover as stage steps', () => {
    const body = (extra: string) => [
      'network: { duplicate: 0.5 }',
      extra,
      'setup:',
      '  - send: { to: client, type: ECHO, data: 1 }',
      'search: { strategy: bfs, maxDepth: 200, maxStates: 100000 }',
      '',
    ].join('\n');
    const states = (extra: string) => {
      const r = runTest(load(body(extra), 'mc'), env);
      assert.equal(r.outcome.status, 'passed', failure(r));
      return r.mc!.unique;
    };
    const bounded = states('');
    assert.ok(states('maxDuplicates: 0') < bounded, 'no duplication, fewer states');
    assert.ok(states('maxDuplicates: 4') > bounded, 'more duplication, more states');
    const recovered = [
      'setup:',
      '  - send: { to: client, type: ECHO, data: 1 }',
      'search: { strategy: bfs, maxDepth: 10, maxStates: 1000, collect: { check: received, params: { n: 1 } } }',
      'stages:',
      '  - steps: [{ crash: ns }, { recover: ns }, { send: { to: client, type: ECHO, data: 2 } }]',
      '    search: { strategy: bfs, maxDepth: 10, maxStates: 1000, invariant: { check: received, params: { n: 0 } } }',
      '',
    ].join('\n');
    const r = runTest(load(recovered, 'mc'), env);
    assert.equal(r.outcome.status, 'failed', failure(r));
    // The recovered server starts from a fresh instance: it has received only the second ECHO.
    assert.match(failure(r), /server received 1, expected 0/);
  });

  it('model-checks: a search stopped at a limit is a limit failure, or unknown with passOnLimit, and a later stage can still fail it', () => {
    const search = (extra: string) => `search: { strategy: bfs, maxDepth: 30, maxStates: 3${extra} }`;
    const setup = 'setup:\n  - send: { to: client, type: SPAM, data: null }\n';
    const limited = runTest(load(`${setup}${search('')}\n`, 'mc'), env);
    assert.equal(limited.outcome.status, 'limit', failure(limited));
    assert.equal(limited.outcome.status === 'limit' && limited.outcome.limit, 'maxStates');
    const unknown = runTest(load(`${setup}${search(', passOnLimit: true, collect: { check: received, params: { n: 0 } }')}\n`, 'mc'), env);
    assert.equal(unknown.outcome.status, 'unknown', failure(unknown));
    assert.match(failure(unknown), /stopped at its maxStates limit \(3\) without finding a violation/);
    const stage = 'stages:\n  - steps: [{ send: { to: client, type: ECHO, data: 2 } }]\n    search: { strategy: bfs, maxDepth: 30, maxStates: 1000, invariant: { check: received, params: { n: 0 } } }\n';
    const later = runTest(load(`${setup}${search(', passOnLimit: true, collect: { check: received, params: { n: 0 } }')}\n${stage}`, 'mc'), env);
    assert.equal(later.outcome.status, 'failed', failure(later));
  });
});
