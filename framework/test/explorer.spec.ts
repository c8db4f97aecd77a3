import assert from 'node:assert/strict';
import { Explorer, ModelChecker, System, type Context, type Message, type Process, type StateView } from '../src/index.js';
import { PongServer, RetryingClient } from './fixtures.js';

/** A server that keeps its clients in a Map and a Set, and throws on a BOOM message. */
class Registry implements Process {
  seen = new Map<string, number>();
  names = new Set<string>();
  onMessage(msg: Message, from: string, ctx: Context): void {
    if (msg.type === 'BOOM') throw new Error('boom from ' + from);
    this.seen.set(from, (this.seen.get(from) ?? 0) + 1);
    this.names.add(String(msg.data));
    ctx.send({ type: 'ACK', data: this.seen.get(from)! }, from);
  }
  onLocalMessage(): void {}
  onTimer(): void {}
}

class Bomber implements Process {
  onLocalMessage(_m: Message, ctx: Context): void {
    ctx.send({ type: 'BOOM', data: null }, 'reg');
  }
  onMessage(): void {}
  onTimer(): void {}
}

function pingPong(drop = 0.1): System {
  const sys = new System({ seed: 3, network: { dropRate: drop, dupRate: 0 } });
  sys.addNode('n1');
  sys.addNode('n2');
  sys.addProcess('n1', 'server', () => new PongServer());
  sys.addProcess('n2', 'client', () => new RetryingClient('server'));
  sys.sendLocalMessage('client', { type: 'REQ', data: 'a' });
  return sys;
}

// At most one PONG answered: false once the server served twice (a retry after a lost PONG).
const servedOnce = { name: 'servedOnce', test: (v: StateView) => ((v.state('server') as { served: number }).served <= 1 ? true : `server served ${(v.state('server') as { served: number }).served} PINGs`) };

describe('Explorer (the interactive driver)', () => {
  it('lists enabled events with kind, ends, type and data, and applies one', () => {
    const ex = new Explorer(pingPong());
    const evs = ex.events();
    assert.deepEqual(evs.map((e) => e.label), ['deliver PING client->server', 'drop PING client->server', 'timer client:retry']);
    assert.deepEqual(evs[0], { choice: 0, label: 'deliver PING client->server', kind: 'deliver', from: 'client', to: 'server', msgType: 'PING', data: { kind: 'string', text: 'a' }, timer: null, node: null, stage: null });
    assert.equal(evs[2]!.kind, 'timer');
    assert.equal(evs[2]!.timer, 'retry');
    ex.apply(0);
    const server = ex.processes().find((p) => p.id === 'server')!;
    assert.deepEqual(server.changed, ['served']);
    assert.deepEqual(server.fields, [['served', { kind: 'number', text: '1' }]]);
    assert.deepEqual(ex.events().map((e) => e.label), ['deliver PONG server->client', 'drop PONG server->client', 'timer client:retry']);
    assert.throws(() => ex.apply(7), /^Error: Explorer.apply: pass the choice of an enabled event \(0 to 2\)/);
  });

  it('goes back and forward along the line, and branches into a tree', () => {
    const ex = new Explorer(pingPong());
    ex.apply(0);
    ex.apply(0);
    assert.equal(ex.view().step, 2);
    assert.equal(ex.back(), true);
    assert.equal(ex.back(), true);
    assert.equal(ex.back(), false);
    assert.equal(ex.forward(), true);
    assert.deepEqual(ex.path().map((p) => p.label), ['deliver PING client->server']);
    assert.equal(ex.view().lineLength, 2);
    ex.apply(1); // drop the PONG: a new branch beside "deliver PONG"
    assert.equal(ex.view().lineLength, 2);
    const tree = ex.tree();
    assert.equal(tree.length, 4);
    assert.deepEqual(tree[1]!.children.map((c) => tree[c]!.label), ['deliver PONG server->client', 'drop PONG server->client']);
    ex.goTo(2);
    assert.deepEqual(ex.path().map((p) => p.label), ['deliver PING client->server', 'deliver PONG server->client']);
    assert.throws(() => ex.goTo(99), /^Error: Explorer.goTo: pass the id of a node/);
  });

  it('shows Maps and Sets as such, and a throwing handler at its step', () => {
    const sys = new System({ seed: 1 });
    sys.addNode('a');
    sys.addNode('b');
    sys.addProcess('a', 'reg', () => new Registry());
    sys.addProcess('b', 'c', () => new RetryingClient('reg'));
    sys.sendLocalMessage('c', { type: 'REQ', data: 'x' });
    const ex = new Explorer(sys);
    ex.apply(ex.events().findIndex((e) => e.label === 'deliver PING c->reg'));
    const reg = ex.processes().find((p) => p.id === 'reg')!;
    assert.deepEqual(reg.fields, [
      ['seen', { kind: 'map', entries: [[{ kind: 'string', text: 'c' }, { kind: 'number', text: '1' }]] }],
      ['names', { kind: 'set', items: [{ kind: 'string', text: 'x' }] }],
    ]);
    assert.deepEqual(reg.changed, ['seen', 'names']);
    const s2 = new System({ seed: 1 });
    s2.addNode('a');
    s2.addProcess('a', 'reg', () => new Registry());
    s2.addNode('b');
    s2.addProcess('b', 'c', () => new Bomber());
    s2.sendLocalMessage('c', { type: 'GO', data: null });
    const ex2 = new Explorer(s2);
    ex2.apply(0);
    assert.equal(ex2.view().error?.proc, 'reg');
    assert.equal(ex2.view().error?.handler, 'onMessage');
    assert.match(ex2.view().error!.message, /boom from c/);
    assert.equal(ex2.view().error!.step, 1);
    assert.match(ex2.view().error!.location ?? '', /explorer\.spec\.js:\d+:\d+$/, 'the throw\'s own source line');
    assert.match(ex2.view().error!.stack ?? '', /boom from c/);
    assert.deepEqual(ex2.events(), []);
    assert.throws(() => ex2.apply(0), /^Error: Explorer.apply: the step that led here threw in reg's onMessage/);
    assert.equal(ex2.tree()[1]!.failed, true);
  });

  it('evaluates invariants at every state; run to quiet stops at the first violation', () => {
    const ex = new Explorer(pingPong(), { invariants: [servedOnce] });
    assert.deepEqual(ex.invariants(), [{ name: 'servedOnce', ok: true, message: null }]);
    ex.apply(0); // deliver PING
    ex.apply(1); // drop PONG
    ex.apply(ex.events().findIndex((e) => e.kind === 'timer'));
    ex.apply(0); // deliver the retried PING
    assert.deepEqual(ex.invariants(), [{ name: 'servedOnce', ok: false, message: 'server served 2 PINGs' }]);
    assert.equal(ex.tree().at(-1)!.violated, true);
    const fresh = new Explorer(pingPong(0), { invariants: [servedOnce] });
    const r = fresh.runToQuiet({ seed: 5, maxSteps: 50 });
    assert.ok(r.stopped === 'quiet' || r.stopped === 'violated', r.stopped);
    assert.equal(fresh.view().step, r.steps);
    const again = new Explorer(pingPong(0), { invariants: [servedOnce] });
    assert.deepEqual(again.runToQuiet({ seed: 5, maxSteps: 50 }), r, 'same seed, same run');
    assert.equal(again.token(), fresh.token());
  });

  it('its token replays with ModelChecker.replayToken to the same trace, and loads back', () => {
    const ex = new Explorer(pingPong());
    ex.apply(0);
    ex.apply(1);
    ex.apply(0);
    const token = ex.token();
    const mc = new ModelChecker(pingPong());
    const replayed = mc.replayToken(token);
    assert.equal(replayed.error, null);
    assert.deepEqual(replayed.trace, ex.trace());
    const other = new Explorer(pingPong());
    other.loadToken(token);
    assert.equal(other.token(), token);
    assert.deepEqual(other.processes(), ex.processes());
    assert.throws(() => other.loadToken('0.0.0.0.0-00000000'), /replayToken/);
  });

  it('loads a simulated run (a failed seed) by following its records', () => {
    const sys = pingPong(0.3);
    const ex = new Explorer(sys);
    const from = sys.traceLength();
    sys.stepUntilNoEvents();
    const r = ex.loadRecords(sys.traceSince(from));
    assert.equal(r.followed, true);
    assert.ok(ex.path().length >= 3, ex.token());
    for (const p of ex.processes()) {
      const live = sys.processState(p.id) as Record<string, unknown>;
      assert.deepEqual(p.fields.map(([k]) => k), Object.keys(live));
    }
    assert.equal((ex.processes().find((p) => p.id === 'server')!.fields[0]![1] as { text: string }).text, String((sys.processState('server') as { served: number }).served));
  });

  it('offers crash / recover of crashable nodes; a path with them replays from its token', () => {
    const ex = new Explorer(pingPong(0), { crashable: ['n1'] });
    assert.deepEqual(ex.events().map((e) => e.label), ['deliver PING client->server', 'timer client:retry', 'crash n1']);
    const crash = ex.events().at(-1)!;
    assert.deepEqual([crash.kind, crash.node, crash.to, crash.from], ['crash', 'n1', 'n1', null]);
    ex.apply(0); // the server serves the PING
    ex.apply(ex.events().findIndex((e) => e.kind === 'crash'));
    const server = () => ex.processes().find((p) => p.id === 'server')!;
    assert.equal(server().crashed, true);
    assert.deepEqual(ex.events().map((e) => e.label), ['deliver PONG server->client', 'timer client:retry', 'recover n1'], 'what n1 sent is still in flight');
    ex.apply(2);
    assert.equal(server().crashed, false);
    assert.deepEqual(server().fields, [['served', { kind: 'number', text: '0' }]], 'a recovered process starts fresh');
    ex.apply(ex.events().findIndex((e) => e.kind === 'timer'));
    ex.apply(ex.events().findIndex((e) => e.label === 'deliver PING client->server')); // the retried PING reaches the fresh server
    const token = ex.token();
    assert.match(token, /^0\.c0\.r0\.\d+\.\d+-[0-9a-f]{8}$/);
    const replayed = new ModelChecker(pingPong(0)).replayToken(token);
    assert.equal(replayed.error, null);
    assert.deepEqual({ ...(replayed.view.state('server') as object) }, { served: 1 });
    assert.deepEqual(replayed.trace, ex.trace());
    assert.ok(replayed.trace.events.some((e) => e.kind === 'crash' && e.node === 'n1') && replayed.trace.events.some((e) => e.kind === 'recover'));
    assert.deepEqual({ ...(replayed.trace.events.filter((e) => e.kind === 'deliver').at(-1)!.state as object) }, { served: 1 }, 'a replayed step records the handler\'s state');
    const other = new Explorer(pingPong(0), { crashable: ['n1'] });
    other.loadToken(token);
    assert.deepEqual(other.processes(), ex.processes());
    assert.throws(() => new Explorer(pingPong(0)).loadToken(token), /Explorer.loadToken: step 1 of the path does not apply: that node is not one this test lets the explorer crash/);
    assert.throws(() => new ModelChecker(pingPong(0)).replayToken(token.replace(/-.*/, '-00000000')), /replayToken: the path does not fit/);
    assert.throws(() => new ModelChecker(pingPong(0)).replayToken('c0.c0-00000000'), /replayToken: step 1 \(crash n1\) does not fit this system: crashNode: node "n1" is already crashed/);
  });

  it('starts the next stage by hand where the previous search\'s collect condition holds', () => {
    const served = { name: 'served', test: (v: StateView) => (v.state('server') as { served: number }).served >= 1 };
    const prepare = (p: { crashNode(n: string): void; sendLocalMessage(proc: string, m: Message): void }) => {
      p.crashNode('n1');
      p.sendLocalMessage('client', { type: 'REQ', data: 'b' });
    };
    const down = { name: 'serverDown', test: (v: StateView) => (v.isCrashed('n1') ? true : 'n1 is up') };
    const ex = new Explorer(pingPong(0), { stages: [{ from: served, prepare, invariants: [down] }] });
    assert.deepEqual([ex.view().stage, ex.view().stages], [0, 1]);
    assert.equal(ex.events().some((e) => e.kind === 'stage'), false, 'not before the server served');
    ex.apply(0);
    const start = ex.events().find((e) => e.kind === 'stage')!;
    assert.deepEqual([start.label, start.stage], ['prepare stage 1', 1]);
    ex.apply(start.choice);
    assert.equal(ex.view().stage, 1);
    assert.deepEqual(ex.invariants(), [{ name: 'serverDown', ok: true, message: null }], 'the stage\'s own invariants');
    assert.equal(ex.processes().find((p) => p.id === 'server')!.crashed, true);
    assert.equal(ex.events().some((e) => e.kind === 'stage'), false, 'no stage after the last');
    const token = ex.token();
    assert.match(token, /^0\.s1-[0-9a-f]{8}$/);
    const mc = new ModelChecker(pingPong(0));
    mc.addStage(prepare);
    assert.deepEqual(mc.replayToken(token).trace, ex.trace());
    ex.back();
    assert.equal(ex.view().stage, 0);
  });

  it('checks its inputs', () => {
    assert.throws(() => new Explorer(pingPong(), { crashable: ['n9'] }), /^Error: new Explorer: crashable must list node names of the system \(n1, n2\)/);
    assert.throws(() => new Explorer(pingPong(), { stages: [{ from: null }] as never }), /^Error: new Explorer: stages must be a list/);
    assert.throws(() => new Explorer(null as unknown as System), /^Error: new Explorer: pass a System/);
    assert.throws(() => new Explorer(pingPong(), { invariants: [() => true] as never }), /^Error: new Explorer: invariants must be a list/);
  });
});
