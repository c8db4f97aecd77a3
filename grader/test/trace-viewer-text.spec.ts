import assert from 'node:assert/strict';
import { renderTraceText } from '../src/report/trace-text.js';
import { handMadeInput } from './browser/fixtures.js';

describe('renderTraceText', () => {
  const procs = [
    { id: 'p1', node: 'n1' },
    { id: 'p2', node: 'n2' },
  ];
  const trace = {
    seed: 5,
    events: [
      { kind: 'send' as const, step: 1, time: 0, proc: 'p1', from: 'p1', to: 'p2', id: 1, type: 'Ping', data: { n: 1 }, delay: 0.1 },
      { kind: 'deliver' as const, step: 2, time: 0.1, proc: 'p2', from: 'p1', to: 'p2', id: 1, type: 'Ping', data: { n: 1 } },
      { kind: 'timer-set' as const, step: 12, time: 1.25, proc: 'p2', timer: 'retry', delay: 2 },
      { kind: 'crash' as const, step: 13, time: 2, node: 'n1' },
      { kind: 'drop' as const, step: 14, time: 2.5, proc: 'p2', from: 'p2', to: 'p1', id: 2, type: 'Pong', data: 'x', detail: 'node down' },
    ],
  };

  it('prints one aligned line per event', () => {
    assert.equal(
      renderTraceText(trace, procs, { failStep: 13 }),
      [
        'trace of seed 5: 5 events',
        '  step   time  process  event      details',
        '     1  0.000  p1@n1    send       -> p2  Ping #1 {"n":1}  (delay 0.100)',
        '     2  0.100  p2@n2    deliver    <- p1  Ping #1 {"n":1}',
        '    12  1.250  p2@n2    timer-set  retry in 2.000',
        '>   13  2.000  [n1]     crash',
        '    14  2.500  p2@n2    drop       p2 -> p1  Pong #2 "x"  dropped: node down',
        '',
      ].join('\n'),
    );
  });

  it('keeps columns aligned on a trace with every kind of event', () => {
    const { trace: all, procs: placed } = handMadeInput();
    const text = renderTraceText(all, placed);
    // A trace whose records carry states ends with where it leaves each process.
    const [rows, end] = text.split('state at the end:\n') as [string, string];
    assert.equal(end.trim().split('\n').length, placed.length);
    const lines = rows.split('\n').slice(1, -1);
    assert.equal(lines.length, all.events.length + 1);
    const column = lines[0].indexOf('event');
    for (const line of lines.slice(1)) assert.match(line.slice(column - 2, column), /^ {2}$/, `aligned: ${line}`);
    const kinds = lines.slice(1).map((line) => line.slice(column).split(' ')[0]);
    assert.deepEqual(kinds, all.events.map((event) => event.kind));
  });

  it('ends with each process\'s last recorded state, or that its node is down', () => {
    const withStates = { seed: 1, events: [{ ...trace.events[1]!, state: { n: new Map([['a', 1]]) } }, { kind: 'deliver' as const, step: 3, time: 0.2, proc: 'p1', from: 'p2', to: 'p1', id: 3, type: 'Ack', data: null, state: { acked: true } }, trace.events[3]!] };
    const text = renderTraceText(withStates, procs);
    assert.ok(text.endsWith('state at the end:\n  p1  crashed\n  p2  {"n":{"$Map":[["a",1]]}}\n'), text);
    assert.doesNotMatch(renderTraceText(trace, procs), /state at the end/, 'nothing without recorded states');
  });

  it('escapes control characters so student text cannot drive the terminal', () => {
    const text = renderTraceText({ seed: 1, events: [{ kind: 'check', step: 1, time: 0, detail: 'red \u001b[31mX\u0007\rover' }] }, []);
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f]/);
    assert.ok(text.includes('red \\u001b[31mX\\u0007\\u000dover'));
  });

  it('cuts long message data', () => {
    const long = { kind: 'local-out' as const, step: 1, time: 0, proc: 'p1', type: 'Big', data: 'y'.repeat(500) };
    const line = renderTraceText({ seed: 1, events: [long] }, procs, { maxDataChars: 20 }).split('\n')[2];
    assert.ok(line.endsWith('Big "yyyyyyyyyyyyyyyyyy…'), line);
  });

  it('rejects bad input with errors naming the function', () => {
    assert.throws(() => renderTraceText({ seed: 1 } as never, []), /^Error: renderTraceText: trace must be a Trace object/);
    assert.throws(() => renderTraceText(trace, {} as never), /^Error: renderTraceText: procs must be an array/);
    assert.throws(() => renderTraceText(trace, procs, { maxDataChars: 2 }), /^Error: renderTraceText: options\.maxDataChars/);
  });
});
