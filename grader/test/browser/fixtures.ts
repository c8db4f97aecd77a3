import type { TraceViewerInput } from '../../src/report/trace-viewer/index.js';

/**
 * A hand-made trace with one of everything the viewer draws. Its messages end as: #1 delivered,
 * #2 dropped, #3 delivered, #4 delivered twice (the network duplicated it), #5 corrupted then
 * delivered: 6 arrows. Processes p1, p2 on n1 and p3 on n2; the failing check is at step 14.
 */
export function handMadeInput(): TraceViewerInput {
  return {
    title: 'hand-made trace',
    failStep: 14,
    failMessage: 'linearizable: Get(a) returned 2 after Put(a, 1)',
    procs: [
      { id: 'p1', node: 'n1' },
      { id: 'p3', node: 'n2' },
      { id: 'p2', node: 'n1' },
    ],
    trace: {
      seed: 42,
      events: [
        { kind: 'local-in', step: 1, time: 0, proc: 'p1', type: 'Put', data: { key: 'a', value: 1 } },
        { kind: 'send', step: 1, time: 0, proc: 'p1', from: 'p1', to: 'p2', id: 1, type: 'Ping', data: { n: 1 }, delay: 0.1 },
        { kind: 'send', step: 1, time: 0, proc: 'p1', from: 'p1', to: 'p3', id: 2, type: 'Ping', data: { n: 2 } },
        { kind: 'timer-set', step: 1, time: 0, proc: 'p1', timer: 'retry', delay: 1 },
        { kind: 'deliver', step: 2, time: 0.1, proc: 'p2', from: 'p1', to: 'p2', id: 1, type: 'Ping', data: { n: 1 }, state: { pings: 1 } },
        { kind: 'send', step: 2, time: 0.1, proc: 'p2', from: 'p2', to: 'p1', id: 3, type: 'Pong', data: { n: 1 } },
        { kind: 'drop', step: 3, time: 0.2, proc: 'p1', from: 'p1', to: 'p3', id: 2, type: 'Ping', data: { n: 2 }, detail: 'random loss' },
        { kind: 'deliver', step: 4, time: 0.25, proc: 'p1', from: 'p2', to: 'p1', id: 3, type: 'Pong', data: { n: 1 }, state: { acks: 1 } },
        { kind: 'send', step: 5, time: 0.3, proc: 'p1', from: 'p1', to: 'p3', id: 4, type: 'Ping', data: { n: 3 } },
        { kind: 'duplicate', step: 5, time: 0.3, proc: 'p1', from: 'p1', to: 'p3', id: 4, type: 'Ping', data: { n: 3 } },
        { kind: 'deliver', step: 6, time: 0.4, proc: 'p3', from: 'p1', to: 'p3', id: 4, type: 'Ping', data: { n: 3 }, state: { pings: 1 } },
        { kind: 'deliver', step: 7, time: 0.45, proc: 'p3', from: 'p1', to: 'p3', id: 4, type: 'Ping', data: { n: 3 }, state: { pings: 2 } },
        { kind: 'send', step: 7, time: 0.45, proc: 'p3', from: 'p3', to: 'p1', id: 5, type: 'Ack', data: { ok: 'true' } },
        { kind: 'corrupt', step: 7, time: 0.45, proc: 'p3', from: 'p3', to: 'p1', id: 5, type: 'Ack', data: { ok: 'tru#' } },
        { kind: 'network', step: 8, time: 0.5, detail: 'partition [n1] | [n2]' },
        { kind: 'crash', step: 9, time: 0.6, node: 'n2' },
        { kind: 'deliver', step: 10, time: 0.7, proc: 'p1', from: 'p3', to: 'p1', id: 5, type: 'Ack', data: { ok: 'tru#' }, state: { acks: 2 } },
        { kind: 'timer-fire', step: 11, time: 1, proc: 'p1', timer: 'retry', state: { acks: 2, retried: true } },
        { kind: 'recover', step: 12, time: 1.2, node: 'n2' },
        { kind: 'network', step: 13, time: 1.3, detail: 'network reset' },
        { kind: 'local-out', step: 14, time: 1.4, proc: 'p1', type: 'PutOk', data: { key: 'a' } },
        { kind: 'check', step: 14, time: 1.4, detail: 'linearizable: violated' },
        { kind: 'timer-cancel', step: 15, time: 1.5, proc: 'p1', timer: 'retry' },
      ],
    },
  };
}

export const HOSTILE_TEXT = '</script><img src=x onerror=window.__pwned=1>';

/** Student-controlled text in every field a student can reach, trying to break out of the page. */
export function hostileInput(): TraceViewerInput {
  return {
    title: '</title><script>window.__pwned=2</script>',
    failStep: 2,
    failMessage: '<img src=y onerror=window.__pwned=3><!--',
    procs: [
      { id: 'a', node: 'n1' },
      { id: 'b', node: 'n2' },
    ],
    trace: {
      seed: 1,
      events: [
        { kind: 'send', step: 1, time: 0, proc: 'a', from: 'a', to: 'b', id: 1, type: '<b onmouseover=window.__pwned=4>T</b>', data: { text: HOSTILE_TEXT, line: 'a\u2028b\u2029c' } },
        { kind: 'deliver', step: 2, time: 0.1, proc: 'b', from: 'a', to: 'b', id: 1, type: '<b onmouseover=window.__pwned=4>T</b>', data: { text: HOSTILE_TEXT, line: 'a\u2028b\u2029c' }, state: { last: HOSTILE_TEXT } },
        { kind: 'check', step: 2, time: 0.1, detail: '<script>window.__pwned=5</script>' },
      ],
    },
  };
}
