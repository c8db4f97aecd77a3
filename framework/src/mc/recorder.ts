import { cloneJson } from '../json.js';
import type { Message } from '../process.js';
import type { TraceEvent, TraceKind } from '../trace.js';
import type { NetEvent } from './model.js';

/**
 * Writes the trace of a replayed path. Only replays record: the search itself never builds
 * a trace record. Message ids are given out at send time and follow identical copies in
 * FIFO order, so a deliver carries the id of the send it answers.
 */
export class Recorder {
  readonly events: TraceEvent[] = [];
  stepNo: number;
  private msgId: number;
  private readonly ids = new Map<string, number[]>();

  constructor(firstStep: number, firstMsgId: number) {
    this.stepNo = firstStep;
    this.msgId = firstMsgId;
  }

  /** Gives ids to messages already pending in the initial state (in the system's order). */
  adopt(ev: NetEvent, id: number): void {
    this.queue(ev).push(id);
  }

  private queue(ev: NetEvent): number[] {
    const key = `${ev.h1},${ev.h2}`;
    let q = this.ids.get(key);
    if (q === undefined) {
      q = [];
      this.ids.set(key, q);
    }
    return q;
  }

  private push(kind: TraceKind, proc: string | undefined, time: number): TraceEvent {
    const rec: TraceEvent = { kind, step: this.stepNo, time };
    if (proc !== undefined) rec.proc = proc;
    this.events.push(rec);
    return rec;
  }

  private msgRecord(kind: TraceKind, from: string, to: string, id: number, msg: Message, time: number): TraceEvent {
    const rec: TraceEvent = { kind, step: this.stepNo, time, proc: kind === 'deliver' ? to : from, from, to, id, type: msg.type, data: cloneJson(msg.data) };
    this.events.push(rec);
    return rec;
  }

  /** A network step: deliver / duplicate / corrupt (then delivered) / drop of a pending message. */
  netStep(kind: 'deliver' | 'duplicate' | 'corrupt' | 'drop', from: string, to: string, ev: NetEvent, time: number, detail?: string, delivered?: Message): void {
    this.stepNo++;
    const q = this.queue(ev);
    const id = (kind === 'duplicate' ? q[0] : q.shift()) ?? 0;
    if (kind === 'drop') {
      this.msgRecord('drop', from, to, id, ev.msg, time).detail = detail ?? 'network drop';
      return;
    }
    if (kind !== 'deliver') this.msgRecord(kind, from, to, id, delivered ?? ev.msg, time);
    this.msgRecord('deliver', from, to, id, delivered ?? ev.msg, time);
  }

  send(from: string, to: string, ev: NetEvent, time: number): void {
    const id = ++this.msgId;
    this.queue(ev).push(id);
    this.msgRecord('send', from, to, id, ev.msg, time);
  }

  /** A message lost without a step of its own (sent to a crashed node, over a down link, or pending when its receiver crashed). */
  dropPending(from: string, to: string, ev: NetEvent, why: string): void {
    const q = this.queue(ev);
    const id = q.pop() ?? 0;
    this.msgRecord('drop', from, to, id, ev.msg, this.events.at(-1)?.time ?? 0).detail = why;
  }

  timerFire(proc: string, timer: string, time: number): void {
    this.stepNo++;
    this.push('timer-fire', proc, time).timer = timer;
  }

  timerSet(proc: string, timer: string, delay: number, time: number): void {
    const rec = this.push('timer-set', proc, time);
    rec.timer = timer;
    rec.delay = delay;
  }

  timerCancel(proc: string, timer: string, time: number): void {
    this.push('timer-cancel', proc, time).timer = timer;
  }

  localIn(proc: string, msg: Message, time: number, crashed: boolean): void {
    this.stepNo++;
    const rec = this.push('local-in', proc, time);
    rec.type = msg.type;
    rec.data = cloneJson(msg.data);
    if (crashed) rec.detail = 'node crashed; message ignored';
  }

  localOut(proc: string, msg: Message, time: number): void {
    const rec = this.push('local-out', proc, time);
    rec.type = msg.type;
    rec.data = cloneJson(msg.data);
  }

  crash(node: string, time: number): void {
    this.stepNo++;
    const rec: TraceEvent = { kind: 'crash', step: this.stepNo, time, node };
    this.events.push(rec);
  }

  /** Marks the state where the search failed. */
  check(detail: string): void {
    this.push('check', undefined, this.events.at(-1)?.time ?? 0).detail = detail;
  }
}
