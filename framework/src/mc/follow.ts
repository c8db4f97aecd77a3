import { hashFields } from '../state.js';
import type { TraceEvent } from '../trace.js';
import { DELIVER, DROP, DUPLICATE, HandlerFailure, timerOf, type Engine } from './engine.js';
import type { MCState } from './model.js';
import type { PathStep } from './types.js';

/** How following a simulated run through the checker's transitions ended. */
export type FollowResult =
  | { readonly followed: true; readonly path: PathStep[] }
  | { readonly followed: false; readonly path: PathStep[]; readonly record: number; readonly reason: string };

function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Maps the records of a simulated run (what happened after the checker's initial state) to
 * the checker's actions, one step at a time: a delivery is the deliver (or, for the first
 * delivery of a message the network duplicated, the duplicate) action of that message, a
 * timer firing is that timer's action, a network drop the drop action of the message just
 * sent. When a record carries the process's state after the step (`recordStates`), the
 * checker's copy must equal it. Stops at the first record the checker cannot follow.
 */
export function followRecords(engine: Engine, initial: MCState, records: readonly TraceEvent[]): FollowResult {
  const path: PathStep[] = [];
  const duplicated = new Set<number>();
  const deliveredOnce = new Set<number>();
  let s = initial;
  const fail = (record: number, reason: string): FollowResult => ({ followed: false, path, record, reason });
  for (let r = 0; r < records.length; r++) {
    const rec = records[r]!;
    let code: number | null = null;
    switch (rec.kind) {
      case 'duplicate':
        duplicated.add(rec.id!);
        continue;
      case 'deliver': {
        const dup = duplicated.has(rec.id!) && !deliveredOnce.has(rec.id!);
        deliveredOnce.add(rec.id!);
        code = messageAction(engine, s, rec, dup ? DUPLICATE : DELIVER);
        if (code === null) return fail(r, `no ${dup ? 'duplicate' : 'deliver'} action for ${rec.type} ${rec.from}->${rec.to} with data ${JSON.stringify(rec.data)}`);
        break;
      }
      case 'drop':
        if (rec.detail !== 'network drop') continue; // lost at send time or by a crash: no step of its own in either driver
        code = messageAction(engine, s, rec, DROP);
        if (code === null) return fail(r, `no drop action for ${rec.type} ${rec.from}->${rec.to}`);
        break;
      case 'timer-fire': {
        code = timerAction(engine, s, rec.proc!, rec.timer!);
        if (code === null) return fail(r, `timer ${rec.proc}:${rec.timer} is not enabled in the checker (enabled: ${engine.actions(s).map((c) => engine.label(s, c)).join(', ') || 'nothing'})`);
        break;
      }
      case 'corrupt':
      case 'local-in':
      case 'crash':
      case 'recover':
      case 'network':
        return fail(r, `a ${rec.kind} record is not a checker action here; follow only runs that, after the checker's start, deliver, drop, duplicate and fire timers`);
      default:
        continue;
    }
    path.push({ choice: engine.actions(s).indexOf(code), label: engine.label(s, code) });
    try {
      s = engine.step(s, code);
    } catch (e) {
      if (!(e instanceof HandlerFailure)) throw e;
      return fail(r, `the step threw in the checker: ${e.message}`);
    }
    if (rec.state !== undefined && rec.proc !== undefined) {
      const p = engine.procIndex('follow', rec.proc);
      const inst = s.procs[p]!.instance;
      const mine = inst === null ? 0n : hashFields(inst, engine.owners[p]!).value();
      const theirs = hashFields(rec.state as object, engine.owners[p]!).value();
      if (mine !== theirs) return fail(r, `after this step process ${rec.proc}'s state differs between the simulator and the checker`);
    }
  }
  return { followed: true, path };
}

function messageAction(engine: Engine, s: MCState, rec: TraceEvent, variant: number): number | null {
  const from = engine.procIndex('follow', rec.from!);
  const to = engine.procIndex('follow', rec.to!);
  for (const code of engine.actions(s)) {
    if (code < 0 || (code & 3) !== variant) continue;
    const ev = s.events[code >> 2]!;
    if (ev.from === from && ev.to === to && ev.msg.type === rec.type && sameData(ev.msg.data, rec.data)) return code;
  }
  return null;
}

function timerAction(engine: Engine, s: MCState, proc: string, name: string): number | null {
  const p = engine.procIndex('follow', proc);
  for (const code of engine.actions(s)) {
    if (code >= 0) continue;
    const t = timerOf(code);
    if (t.proc === p && s.procs[p]!.timers[t.timer]!.name === name) return code;
  }
  return null;
}
