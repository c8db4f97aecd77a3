import type { System } from '../system.js';
import type { PendingEvent } from '../system-types.js';

const MAX_LINKS = 6;

function round(t: number): string {
  return String(Math.round(t * 1000) / 1000);
}

/** `a → b: PING ×3, PONG ×1` for the busiest links first, so the loop that kept the run going is on top. */
function inFlight(pending: readonly PendingEvent[]): string {
  const byLink = new Map<string, Map<string, number>>();
  let total = 0;
  for (const ev of pending) {
    if (ev.kind !== 'deliver') continue;
    total++;
    const link = `${ev.from ?? '?'} → ${ev.to}`;
    const types = byLink.get(link) ?? new Map<string, number>();
    types.set(ev.type ?? '?', (types.get(ev.type ?? '?') ?? 0) + 1);
    byLink.set(link, types);
  }
  if (total === 0) return '  in flight: no messages';
  const links = [...byLink.entries()]
    .map(([link, types]) => ({ link, count: [...types.values()].reduce((a, b) => a + b, 0), types }))
    .sort((a, b) => b.count - a.count || (a.link < b.link ? -1 : 1));
  const shown = links.slice(0, MAX_LINKS).map((l) => `    ${l.link}: ${[...l.types.entries()].map(([t, n]) => `${t} ×${n}`).join(', ')}`);
  if (links.length > MAX_LINKS) shown.push(`    … and ${links.length - MAX_LINKS} more link(s)`);
  return [`  in flight: ${total} message(s)`, ...shown].join('\n');
}

/** Armed timers per process with when each fires next, from the simulator's queue. */
function timers(pending: readonly PendingEvent[]): string {
  const byProc = new Map<string, string[]>();
  for (const ev of pending) {
    if (ev.kind !== 'timer') continue;
    const list = byProc.get(ev.to) ?? [];
    list.push(`${ev.timer ?? '?'} (fires at ${round(ev.time)})`);
    byProc.set(ev.to, list);
  }
  if (byProc.size === 0) return '  armed timers: none';
  return ['  armed timers:', ...[...byProc.entries()].map(([p, l]) => `    ${p}: ${l.join(', ')}`)].join('\n');
}

function senders(sys: System): string {
  const counts = sys
    .processIds()
    .map((p) => ({ p, n: sys.messagesSent(p) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || (a.p < b.p ? -1 : 1));
  if (counts.length === 0) return '  messages sent: none';
  return `  messages sent so far: ${counts.map((c) => `${c.p} ${c.n}`).join(', ')}`;
}

/**
 * What kept a run going when it hit a limit: the armed timers, the messages in flight (by link
 * and type) and who sent how much. A student reads it to find the retry loop or the timer that
 * never stops re-arming.
 */
export function limitDiagnosis(sys: System): string {
  // One copy of the queue serves both listings (pendingEvents copies every message's data).
  const pending = sys.pendingEvents();
  return [`what was still going at step ${sys.stepCount()}, time ${round(sys.time())}:`, timers(pending), inFlight(pending), senders(sys)].join('\n');
}
