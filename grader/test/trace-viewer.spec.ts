import assert from 'node:assert/strict';
import { renderTraceViewer, renderTraceViewerPage } from '../src/report/trace-viewer/index.js';
import { embedJson } from '../src/report/trace-viewer/embed-json.js';
import { toJsonSafe } from '../src/report/trace-viewer/json-safe.js';
import { buildViewerModel } from '../src/report/trace-viewer/viewer-model.js';
import { HOSTILE_TEXT, handMadeInput, hostileInput } from './browser/fixtures.js';

describe('embedJson', () => {
  const nasty = { a: '</script><!-- <script>', b: 'x & y > z', c: 'line\u2028sep\u2029para', d: [1, null, true] };

  it('leaves no character that can end a script element or a JS line', () => {
    const text = embedJson(nasty);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.ok(text.includes('\\u003c/script\\u003e\\u003c!--'));
    assert.ok(text.includes('\\u2028') && text.includes('\\u2029') && text.includes('\\u0026'));
  });

  it('parses back to the same value', () => {
    assert.deepEqual(JSON.parse(embedJson(nasty)), nasty);
  });

  it('rejects values without a JSON form', () => {
    assert.throws(() => embedJson(undefined), /^Error: embedJson: .*pass JSON-compatible data/);
  });
});

describe('toJsonSafe', () => {
  it('shows Map, Set, cycles, bigint and non-finite numbers as plain data', () => {
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    const value = { m: new Map([['k', new Set([1, 2])]]), big: 10n, nan: Number.NaN, inf: -Infinity, u: undefined, cyclic, f: () => 1 };
    assert.deepEqual(toJsonSafe(value), {
      m: { $Map: [['k', { $Set: [1, 2] }]] },
      big: '10n',
      nan: 'NaN',
      inf: '-Infinity',
      u: null,
      cyclic: { name: 'c', self: '[circular]' },
      f: '[function]',
    });
  });

  it('does not mistake a repeated (shared, acyclic) object for a cycle', () => {
    const shared = { x: 1 };
    assert.deepEqual(toJsonSafe([shared, shared]), [{ x: 1 }, { x: 1 }]);
  });
});

describe('buildViewerModel', () => {
  const model = buildViewerModel(handMadeInput());

  it('groups lanes by node, keeping the given order inside a node', () => {
    assert.deepEqual(model.nodes, ['n1', 'n2']);
    assert.deepEqual(model.lanes, [
      { id: 'p1', node: 0 },
      { id: 'p2', node: 0 },
      { id: 'p3', node: 1 },
    ]);
  });

  it('links every message copy from its send to its delivery or drop', () => {
    const summary = model.arrows.map((a) => [model.events[a.send].msg, a.outcome, a.duplicate, a.corrupt, a.fromLane, a.toLane, a.end]);
    assert.deepEqual(summary, [
      [1, 'deliver', false, false, 0, 1, 4],
      [2, 'drop', false, false, 0, 2, 6],
      [3, 'deliver', false, false, 1, 0, 7],
      [4, 'deliver', false, false, 0, 2, 10],
      [4, 'deliver', true, false, 0, 2, 11],
      [5, 'deliver', false, true, 2, 0, 16],
    ]);
  });

  it('marks a send without an end in the trace as pending', () => {
    const pending = buildViewerModel({
      procs: [{ id: 'a', node: 'n' }, { id: 'b', node: 'n' }],
      trace: { seed: 1, events: [{ kind: 'send', step: 1, time: 0, proc: 'a', from: 'a', to: 'b', id: 9, type: 'T', data: null }] },
    });
    assert.deepEqual(pending.arrows, [{ send: 0, end: -1, outcome: 'pending', duplicate: false, corrupt: false, fromLane: 0, toLane: 1 }]);
  });

  it('shades crashes until recovery and a partition until the network is reset', () => {
    assert.deepEqual(model.spans, [
      { kind: 'network', start: 14, end: 19, node: -1, label: 'partition [n1] | [n2]' },
      { kind: 'crash', start: 15, end: 18, node: 1, label: 'crashed' },
    ]);
  });

  it('finds the failing check, the message types, and places unknown processes on their own node', () => {
    assert.equal(model.failEvent, 21);
    assert.deepEqual(model.types, ['Ack', 'Ping', 'Pong', 'Put', 'PutOk']);
    const stray = buildViewerModel({ procs: [], trace: { seed: 1, events: [{ kind: 'timer-fire', step: 1, time: 0, proc: 'ghost', timer: 't' }] } });
    assert.deepEqual(stray.nodes, ['(unplaced)']);
    assert.equal(stray.events[0].lane, 0);
    assert.equal(stray.failEvent, -1);
  });
});

describe('renderTraceViewer', () => {
  it('embeds hostile trace text only as escaped JSON', () => {
    const html = renderTraceViewer(hostileInput(), 'hostile-1');
    assert.equal(html.match(/<script/g)?.length, 2, 'one data script and one viewer script');
    assert.equal(html.match(/<\/script>/g)?.length, 2, 'no student text closes a script');
    assert.ok(!html.includes(HOSTILE_TEXT));
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;/title&gt;&lt;script&gt;'), 'the title is HTML-escaped');
    assert.match(html, /^<section class="tv" id="hostile-1"/);
  });

  it('inlines its assets, so the page needs no network', () => {
    const page = renderTraceViewerPage(handMadeInput());
    assert.match(page, /^<!DOCTYPE html>/);
    assert.ok(page.includes('window.dsgradeTraceViewer.mount(document.getElementById("trace"))'));
    assert.doesNotMatch(page, /(src|href)=["']?(https?:)?\/\//i);
    assert.doesNotMatch(page, /<link\b/i);
  });

  it('rejects bad input with errors naming the function', () => {
    const input = handMadeInput();
    assert.throws(() => renderTraceViewer(input, 'a b'), /^Error: renderTraceViewer: domId must be/);
    assert.throws(() => renderTraceViewer(input, '"x'), /^Error: renderTraceViewer: domId/);
    assert.throws(() => renderTraceViewer({ ...input, procs: [{ id: 'p1' }] as never }, 'x'), /^Error: renderTraceViewer: procs\[0\] must be \{ id: string, node: string \}/);
    assert.throws(() => renderTraceViewer({ ...input, procs: [{ id: 'p', node: 'n' }, { id: 'p', node: 'm' }] }, 'x'), /repeats process id "p"/);
    assert.throws(() => renderTraceViewer({ ...input, trace: { seed: 1, events: [{ kind: 'teleport', step: 0, time: 0 }] } as never }, 'x'), /trace\.events\[0\] must be a TraceEvent whose kind/);
    assert.throws(() => renderTraceViewer({ ...input, trace: { seed: 1, events: [{ kind: 'send', step: 0, time: Number.NaN }] } }, 'x'), /finite numeric step and time/);
    assert.throws(() => renderTraceViewerPage({ ...input, failStep: 1.5 }), /^Error: renderTraceViewerPage: failStep must be an integer/);
    assert.throws(() => renderTraceViewerPage(null as never), /^Error: renderTraceViewerPage: pass \{ trace, procs/);
  });
});
