import { sometimes, type SystemView } from '@dsgrade/framework';

/**
 * Checks of the broadcast assignment. Most take `sent`: every message the test's user sent,
 * mapped to the process it was sent to (its origin), e.g. { a: p1, b: p2 }.
 *
 * A process's causal past is read from its own deliveries: the spec requires a process to
 * deliver its own message at once when its user sends it, so the messages its origin delivered
 * before it are exactly those the origin had delivered when it broadcast it.
 *
 * "Correct" processes are those running at the time of the check (a test crashes nodes for
 * good; no test recovers a node).
 */

interface SentParams {
  sent: Record<string, string>;
}

interface DeliveredParams {
  proc: string;
  message: string;
}

/** The messages `proc` delivered, in order; or a failure message about a malformed local message. */
function deliveries(view: SystemView, proc: string): string[] | string {
  const out: string[] = [];
  for (const m of view.localMessages(proc)) {
    const message = (m.data as { message?: unknown } | null)?.message;
    if (m.type !== 'DELIVER' || typeof message !== 'string') {
      return `${proc} sent its user ${JSON.stringify(m)}; the only local message allowed is { type: 'DELIVER', data: { message: <string> } }`;
    }
    out.push(message);
  }
  return out;
}

/** Every process's deliveries, or the first malformed local message. */
function allDeliveries(view: SystemView): Map<string, string[]> | string {
  const all = new Map<string, string[]>();
  for (const proc of view.processIds()) {
    const d = deliveries(view, proc);
    if (typeof d === 'string') return d;
    all.set(proc, d);
  }
  return all;
}

/** Checks a scenario's `sent` parameter; a typo in a test should say what to write instead. */
function sentOf(check: string, p: SentParams): Record<string, string> {
  const sent = (p as Partial<SentParams> | null)?.sent;
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent) || !Object.values(sent).every((v) => typeof v === 'string')) {
    throw new Error(`${check}: pass params { sent: { <message>: <process it was sent to>, ... } }, got ${JSON.stringify(p)}`);
  }
  return sent;
}

function isSent(sent: Record<string, string>, m: string): boolean {
  return Object.prototype.hasOwnProperty.call(sent, m);
}

function correctProcs(view: SystemView): string[] {
  return view.processIds().filter((p) => view.state(p) !== null);
}

function list(xs: readonly string[]): string {
  return xs.length === 0 ? 'nothing' : xs.map((x) => JSON.stringify(x)).join(', ');
}

/** No creation: every delivered message was sent by the test's user. */
export function noCreation(view: SystemView, p: SentParams): true | string {
  sentOf('noCreation', p);
  const all = allDeliveries(view);
  if (typeof all === 'string') return all;
  for (const [proc, delivered] of all) {
    const made = delivered.find((m) => !isSent(p.sent, m));
    if (made !== undefined) return `${proc} delivered ${JSON.stringify(made)}, which no user ever sent (sent: ${list(Object.keys(p.sent))})`;
  }
  return true;
}

/** No duplication: no process delivers a message twice. */
export function noDuplication(view: SystemView): true | string {
  const all = allDeliveries(view);
  if (typeof all === 'string') return all;
  for (const [proc, delivered] of all) {
    const seen = new Set<string>();
    for (const m of delivered) {
      if (seen.has(m)) return `${proc} delivered ${JSON.stringify(m)} twice (its deliveries: ${list(delivered)})`;
      seen.add(m);
    }
  }
  return true;
}

/** What `proc` delivered before `m` (nothing if it never delivered `m`). */
function deliveredBefore(all: Map<string, string[]>, proc: string, m: string): string[] {
  const own = all.get(proc) ?? [];
  const at = own.indexOf(m);
  return at < 0 ? [] : own.slice(0, at);
}

/**
 * The causal past of every message: what its origin had delivered before it, and
 * transitively their causal pasts.
 */
function causalPasts(all: Map<string, string[]>, sent: Record<string, string>): Map<string, Set<string>> {
  const direct = (m: string): string[] => deliveredBefore(all, sent[m]!, m);
  const pasts = new Map<string, Set<string>>();
  const pastOf = (m: string): Set<string> => {
    const known = pasts.get(m);
    if (known !== undefined) return known;
    const past = new Set<string>();
    pasts.set(m, past); // a (buggy) cycle ends here instead of recursing forever
    for (const d of direct(m)) {
      past.add(d);
      if (isSent(sent, d)) for (const dd of pastOf(d)) past.add(dd);
    }
    return past;
  };
  for (const m of Object.keys(sent)) pastOf(m);
  return pasts;
}

/** Causal order: a process delivers a message only after every message in its causal past. */
export function causalOrder(view: SystemView, p: SentParams): true | string {
  sentOf('causalOrder', p);
  const all = allDeliveries(view);
  if (typeof all === 'string') return all;
  const pasts = causalPasts(all, p.sent);
  for (const [proc, delivered] of all) {
    for (let i = 0; i < delivered.length; i++) {
      const m = delivered[i]!;
      const before = new Set(delivered.slice(0, i));
      for (const d of pasts.get(m) ?? []) {
        if (before.has(d)) continue;
        return (
          `${proc} delivered ${JSON.stringify(m)} before ${JSON.stringify(d)}, but ${JSON.stringify(d)} is in the causal past of ${JSON.stringify(m)} ` +
          `(${p.sent[m]} broadcast ${JSON.stringify(m)} after delivering ${list(deliveredBefore(all, p.sent[m]!, m))}); ` +
          `${proc}'s deliveries: ${list(delivered)}`
        );
      }
    }
  }
  return true;
}

/** Validity: a message sent to a correct process is delivered by every correct process. */
export function validity(view: SystemView, p: SentParams): true | string {
  sentOf('validity', p);
  const all = allDeliveries(view);
  if (typeof all === 'string') return all;
  const correct = correctProcs(view);
  for (const [m, origin] of Object.entries(p.sent)) {
    if (!correct.includes(origin)) continue;
    for (const proc of correct) {
      if (all.get(proc)!.includes(m)) continue;
      const whose = proc === origin ? `its own message ${JSON.stringify(m)}` : `${JSON.stringify(m)}, which the user sent to ${origin}, and both are up`;
      return `${proc} never delivered ${whose} (${proc}'s deliveries: ${list(all.get(proc)!)})`;
    }
  }
  return true;
}

/** Agreement: if a correct process delivers a message, every correct process does. */
export function agreement(view: SystemView): true | string {
  const all = allDeliveries(view);
  if (typeof all === 'string') return all;
  const correct = correctProcs(view);
  for (const proc of correct) {
    for (const m of all.get(proc)!) {
      const missing = correct.find((q) => !all.get(q)!.includes(m));
      if (missing !== undefined) {
        return `${proc} delivered ${JSON.stringify(m)} but ${missing} never did, and both are up (${missing}'s deliveries: ${list(all.get(missing)!)})`;
      }
    }
  }
  return true;
}

/** Coverage: were two concurrent messages delivered in different orders by two processes? */
function noteReordering(all: Map<string, string[]>): void {
  const orders = [...all.values()];
  let reordered = false;
  for (let i = 0; i < orders.length && !reordered; i++) {
    for (let j = i + 1; j < orders.length && !reordered; j++) {
      const common = orders[i]!.filter((m) => orders[j]!.includes(m));
      const inJ = orders[j]!.filter((m) => common.includes(m));
      reordered = common.some((m, k) => inJ[k] !== m);
    }
  }
  sometimes(reordered, 'concurrent messages delivered in different orders');
}

/** The safety properties, which must hold in every state: no creation, no duplication, causal order. */
export function broadcastSafe(view: SystemView, p: SentParams): true | string {
  for (const check of [noCreation(view, p), noDuplication(view), causalOrder(view, p)]) if (check !== true) return check;
  return true;
}

/** Everything, for the end of a run: the safety properties, validity and agreement. */
export function broadcastCorrect(view: SystemView, p: SentParams): true | string {
  const safe = broadcastSafe(view, p);
  if (safe !== true) return safe;
  for (const check of [validity(view, p), agreement(view)]) if (check !== true) return check;
  const all = allDeliveries(view);
  if (typeof all !== 'string') noteReordering(all);
  return true;
}

/** `proc` has delivered `message` (a goal or collect condition for model checking). */
export function hasDelivered(view: SystemView, p: DeliveredParams): boolean {
  if (typeof p?.proc !== 'string' || typeof p.message !== 'string') {
    throw new Error(`hasDelivered: pass params { proc: <process id>, message: <message> }, got ${JSON.stringify(p)}`);
  }
  const d = deliveries(view, p.proc);
  return typeof d !== 'string' && d.includes(p.message);
}

/**
 * More than `max` network messages are in flight: model-checking tests prune such states, which
 * bounds retransmission storms (a retry timer may fire at any moment when time is abstracted).
 */
export function inFlightOver(view: SystemView, p: { max: number }): boolean {
  if (typeof p?.max !== 'number') throw new Error(`inFlightOver: pass params { max: <number of messages> }, got ${JSON.stringify(p)}`);
  let inFlight = 0;
  for (const e of view.pending()) if (e.kind === 'deliver') inFlight += (e as { count?: number }).count ?? 1;
  return inFlight > p.max;
}

/** No process sends a network message to itself: it holds everything it could tell itself already. */
export function noSelfSends(view: SystemView): true | string {
  const self = view.pending().find((e) => e.kind === 'deliver' && e.from === e.to);
  if (self === undefined) return true;
  return `${self.to} sent a network message to itself (${self.type ?? '?'} #${self.id ?? '?'}); a process never needs to send itself anything: leave ctx.self out of the peers you send to`;
}

/**
 * Going quiet at once: when every process has delivered every message of `sent` and no network
 * message is in flight (so every relay and acknowledgement has arrived), no timer is armed. Use
 * it as an invariant only while the network loses nothing: after a loss a process may rightly
 * wait for a retransmission timer to learn that a peer holds a message.
 */
export function quietWhenDone(view: SystemView, p: SentParams): true | string {
  const sent = Object.keys(sentOf('quietWhenDone', p));
  const all = allDeliveries(view);
  if (typeof all === 'string') return all;
  if (![...all.values()].every((d) => sent.every((m) => d.includes(m)))) return true;
  const pending = view.pending();
  if (pending.some((e) => e.kind === 'deliver')) return true;
  const timer = pending.find((e) => e.kind === 'timer');
  if (timer === undefined) return true;
  return `every process has delivered ${list(sent)} and no message is in flight, but ${timer.to} still has timer ${JSON.stringify(timer.timer)} armed; cancel a retransmission timer as soon as every peer is known to hold its message`;
}
