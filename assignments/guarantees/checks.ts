import { sometimes, type Message, type SystemView } from '@dsgrade/framework';

/**
 * Every check compares the texts a receiver delivered to its user with the texts the test
 * gave the sender, in the order it gave them (`texts`). A text may appear several times:
 * each occurrence is a separate message, so counts matter, not just presence.
 */
interface Delivery {
  /** The receiver's process id. */
  proc: string;
  /** The texts the test sent to the sender, in order. */
  texts: string[];
}

interface Delivered {
  texts: string[];
  /** The first local message that is not { type: 'MESSAGE', data: { text: string } }, if any. */
  stray: Message | null;
}

function delivered(view: SystemView, proc: string): Delivered {
  const texts: string[] = [];
  let stray: Message | null = null;
  for (const m of view.localMessages(proc)) {
    const text = (m.data as { text?: unknown } | null)?.text;
    if (m.type === 'MESSAGE' && typeof text === 'string') texts.push(text);
    else stray ??= m;
  }
  return { texts, stray };
}

function counts(texts: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of texts) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

function strayMessage(p: Delivery, m: Message): string {
  return `${p.proc} sent its user ${JSON.stringify(m)}; every local message must be { type: 'MESSAGE', data: { text } }`;
}

/** The first text delivered more often than it was sent, as a failure message; null if none. */
function tooMany(p: Delivery, got: readonly string[]): string | null {
  const sent = counts(p.texts);
  for (const [text, n] of counts(got)) {
    const allowed = sent.get(text) ?? 0;
    if (n > allowed) {
      return allowed === 0
        ? `${p.proc} delivered ${JSON.stringify(text)}, which was never sent; the user got ${JSON.stringify(got)}`
        : `${p.proc} delivered ${JSON.stringify(text)} ${times(n)} but it was sent ${times(allowed)}; the user got ${JSON.stringify(got)}`;
    }
  }
  return null;
}

/** The first text delivered less often than it was sent, as a failure message; null if none. */
function tooFew(p: Delivery, got: readonly string[]): string | null {
  const have = counts(got);
  for (const [text, n] of counts(p.texts)) {
    const seen = have.get(text) ?? 0;
    if (seen < n) {
      return `${JSON.stringify(text)} was sent ${times(n)} but ${p.proc} delivered it ${seen === 0 ? 'never' : times(seen)}; sent ${JSON.stringify(p.texts)}, the user got ${JSON.stringify(got)}`;
    }
  }
  return null;
}

/** Each sent message was delivered at most once, nothing else was; with `atLeast`, at least that many were delivered. */
export function deliveredAtMostOnce(view: SystemView, p: Delivery & { atLeast?: number }): true | string {
  const { texts, stray } = delivered(view, p.proc);
  if (stray !== null) return strayMessage(p, stray);
  const why = tooMany(p, texts);
  if (why !== null) return why;
  if (p.atLeast !== undefined && texts.length < p.atLeast) {
    return `${p.proc} delivered only ${texts.length} of the ${p.texts.length} messages sent, expected at least ${p.atLeast}; the user got ${JSON.stringify(texts)}`;
  }
  return true;
}

/** Each sent message was delivered at least once (copies allowed), and nothing that was not sent. */
export function deliveredAtLeastOnce(view: SystemView, p: Delivery): true | string {
  const { texts, stray } = delivered(view, p.proc);
  if (stray !== null) return strayMessage(p, stray);
  const foreign = texts.find((t) => !p.texts.includes(t));
  if (foreign !== undefined) return `${p.proc} delivered ${JSON.stringify(foreign)}, which was never sent; the user got ${JSON.stringify(texts)}`;
  return tooFew(p, texts) ?? true;
}

/** Each sent message was delivered exactly once, in any order. */
export function deliveredExactlyOnce(view: SystemView, p: Delivery): true | string {
  const { texts, stray } = delivered(view, p.proc);
  if (stray !== null) return strayMessage(p, stray);
  return tooMany(p, texts) ?? tooFew(p, texts) ?? true;
}

/** What was delivered so far is a prefix of what was sent: nothing out of order, twice or made up. */
export function deliveredPrefix(view: SystemView, p: Delivery): true | string {
  const { texts, stray } = delivered(view, p.proc);
  if (stray !== null) return strayMessage(p, stray);
  const bad = texts.findIndex((t, i) => i >= p.texts.length || t !== p.texts[i]);
  if (bad === -1) return true;
  const expected = bad < p.texts.length ? JSON.stringify(p.texts[bad]) : 'nothing more';
  return `delivery ${bad + 1} of ${p.proc} was ${JSON.stringify(texts[bad])} but the sender's order calls for ${expected}; sent ${JSON.stringify(p.texts)}, the user got ${JSON.stringify(texts)}`;
}

/** Each sent message was delivered exactly once, in the order it was sent. */
export function deliveredInOrder(view: SystemView, p: Delivery): true | string {
  const prefix = deliveredPrefix(view, p);
  if (prefix !== true) return prefix;
  const got = delivered(view, p.proc).texts;
  if (got.length === p.texts.length) return true;
  return `${p.proc} delivered ${got.length} of the ${p.texts.length} messages sent; next missing: ${JSON.stringify(p.texts[got.length])}; the user got ${JSON.stringify(got)}`;
}

/**
 * Coverage, not correctness: records whether some message to `proc` is due to arrive before
 * one sent earlier, so a reordering test can prove that it reordered, whatever the wire format.
 */
export function reorderingSeen(view: SystemView, p: { proc: string }): true {
  let latestSent = -1;
  let inverted = false;
  // pending() lists events in delivery order; message ids grow in send order.
  for (const e of view.pending()) {
    if (e.kind !== 'deliver' || e.to !== p.proc || e.id === undefined) continue;
    if (e.id < latestSent) inverted = true;
    latestSent = Math.max(latestSent, e.id);
  }
  sometimes(inverted, 'a message to the receiver overtakes one sent before it');
  return true;
}

/**
 * Model-checking goal: every message delivered exactly once (in send order with `ordered`)
 * and nothing left to happen, so the search keeps checking its invariant until the protocol
 * has settled instead of stopping at the first state that looks finished.
 */
export function settled(view: SystemView, p: Delivery & { ordered?: boolean }): true | string {
  const done = p.ordered === true ? deliveredInOrder(view, p) : deliveredExactlyOnce(view, p);
  if (done !== true) return done;
  const left = view.pending().length;
  return left === 0 ? true : `${left} events still pending`;
}

/**
 * Retries stop at once: when `receiver` has delivered `count` messages and no network message
 * is in flight (so every acknowledgement has arrived), `sender` has no timer armed. Use it as an
 * invariant only while the network loses nothing, or a lost last acknowledgement would rightly
 * keep the sender's retry timer armed.
 */
export function noTimerWhenDone(view: SystemView, p: { sender: string; receiver: string; count: number }): true | string {
  if (delivered(view, p.receiver).texts.length < p.count) return true;
  const pending = view.pending();
  if (pending.some((e) => e.kind === 'deliver')) return true;
  const armed = pending.filter((e) => e.kind === 'timer' && e.to === p.sender);
  if (armed.length === 0) return true;
  const names = armed.map((e) => (e.kind === 'timer' ? JSON.stringify(e.timer) : '')).join(', ');
  return `${p.receiver} has delivered all ${p.count} messages and nothing is in flight, so everything is acknowledged, but ${p.sender} still has a timer armed (${names}); cancel the retry timer once nothing is unacknowledged`;
}

/**
 * For model checking: true once some process has sent more than `n` messages on the path to
 * this state (the checker's per-path counters, not process state). Pruning there bounds a
 * search of a protocol that retries forever, so that it can end as exhausted.
 */
export function anySentMoreThan(view: SystemView, p: { n: number }): boolean {
  const stats = view.stats();
  if (stats === null) return false;
  return Object.values(stats.byProcess).some((c) => c.sent > p.n);
}
