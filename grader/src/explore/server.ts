import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderTraceViewer, type ViewerTrace } from '../report/index.js';
import type { SandboxResult } from '../sandbox/index.js';
import type { Scenario } from '../scenario/index.js';
import { explorerPage } from './page.js';
import type { ExploreAnswer, ExploreJob } from './session-runner.js';

/** Sends one job to the sandbox child that hosts the session (Sandbox.run bound to its limits). */
export type Relay = (job: ExploreJob) => Promise<SandboxResult>;

export interface ExploreServerOptions {
  relay: Relay;
  scenario: Scenario;
  title: string;
  /** Where the session starts: a path token or a seed's run (else the test's first state). */
  start?: { token?: string; seed?: number };
  /** Port to listen on; default 0 (a free one). */
  port?: number;
}

export interface ExploreServer {
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const POST_OPS = new Set(['apply', 'back', 'forward', 'goto', 'quiet', 'token', 'seed', 'counterexample']);
const MAX_BODY = 64 * 1024;

/** True for an address of this machine's loopback interface, the only peers the explorer serves. */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.has(address);
}

function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY) reject(new Error('request body too large'));
    });
    req.on('end', () => {
      try {
        const v: unknown = text === '' ? {} : JSON.parse(text);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        resolve(v as Record<string, unknown>);
      } catch {
        reject(new Error('the request body must be a JSON object'));
      }
    });
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/**
 * The explorer's web server: one page and a JSON API on 127.0.0.1. It runs no student code:
 * every operation is a job for the sandbox child, whose answer it turns into the page's data
 * (the diagram through the report's trace viewer). When the child dies, the next job starts a
 * new one; the server reopens the session at the last path it knew and says so.
 */
export async function startExploreServer(opts: ExploreServerOptions): Promise<ExploreServer> {
  if (typeof opts !== 'object' || opts === null || typeof opts.relay !== 'function' || typeof opts.scenario !== 'object') {
    throw new Error('startExploreServer: pass { relay, scenario, title, start?, port? }');
  }
  let lastToken: string | null = opts.start?.token ?? null;
  let diagrams = 0;
  let pendingNote: string | null = null;
  const open: ExploreJob = { op: 'open', scenario: opts.scenario, ...(opts.start?.token !== undefined ? { token: opts.start.token } : {}), ...(opts.start?.seed !== undefined ? { seed: opts.start.seed } : {}) };

  async function run(job: ExploreJob): Promise<{ status: number; body: unknown }> {
    let r = await opts.relay(job);
    let restarted: string | null = null;
    // The child died in this job, or before it (then the new child answers "lost"): reopen where we were.
    const lost = r.status === 'ok' && (r.value as { lost?: unknown } | null)?.lost === true;
    if (r.status !== 'ok' || lost) {
      const why = r.status === 'ok' ? 'between two requests' : r.status === 'protocol' || r.status === 'crashed' ? r.reason : r.status;
      restarted = `the sandbox child ended (${why}); a new one was started and the session reopened${lastToken !== null ? ` at path ${lastToken}` : ''}`;
      r = await opts.relay({ op: 'open', scenario: opts.scenario, ...(lastToken !== null ? { token: lastToken } : {}) });
      if (r.status !== 'ok') return { status: 502, body: { ok: false, error: `${restarted}, but it failed too: ${r.status}` } };
    }
    const a = r.value as ExploreAnswer;
    if (typeof a !== 'object' || a === null || typeof a.ok !== 'boolean') return { status: 502, body: { ok: false, error: 'the sandbox child sent a malformed answer' } };
    if (!a.ok) return { status: 200, body: { ok: false, error: restarted ?? String(a.error) } };
    lastToken = typeof a.view?.token === 'string' ? a.view.token : lastToken;
    let diagram: string;
    try {
      const failing = a.view.invariants.find((i) => !i.ok) ?? null;
      const last = a.trace.events.at(-1);
      diagram = renderTraceViewer(
        { trace: a.trace as ViewerTrace, procs: a.procs, title: `Path so far (${a.view.step} step${a.view.step === 1 ? '' : 's'})`, ...(failing !== null && last !== undefined ? { failStep: last.step, failMessage: failing.message ?? failing.name } : {}) },
        `tv-${++diagrams}`,
      );
    } catch (e) {
      return { status: 502, body: { ok: false, error: `the sandbox child sent a trace the viewer refuses: ${e instanceof Error ? e.message : String(e)}` } };
    }
    const note = restarted ?? a.note ?? pendingNote;
    pendingNote = null;
    return { status: 200, body: { ok: true, view: a.view, diagram, note } };
  }

  // The session opens before the server listens, so a bad token or seed is reported at once.
  const first = await opts.relay(open);
  if (first.status !== 'ok') throw new Error(`startExploreServer: the sandbox child could not open the session: ${'reason' in first ? first.reason : first.status}`);
  const opened = first.value as ExploreAnswer;
  if (!opened.ok) throw new Error(`startExploreServer: ${opened.error}`);
  // What opening did (e.g. how far a seed's run was followed) is news for the page's first request.
  pendingNote = opened.note;

  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    const port = (server.address() as AddressInfo).port;
    // Loopback peers only, and only under our own name: a page on another site cannot reach us by DNS rebinding.
    if (!isLoopback(req.socket.remoteAddress) || (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)) {
      send(res, 403, 'text/plain; charset=utf-8', 'the explorer serves only this machine (http://127.0.0.1)\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/') {
      send(res, 200, 'text/html; charset=utf-8', explorerPage(opts.title));
      return;
    }
    const op = url.pathname.startsWith('/api/') ? url.pathname.slice(5) : null;
    if (op === null || (op === 'state' ? req.method !== 'GET' : req.method !== 'POST' || !POST_OPS.has(op))) {
      send(res, 404, 'application/json', JSON.stringify({ ok: false, error: `no such endpoint: ${req.method} ${url.pathname}` }));
      return;
    }
    const body = op === 'state' ? Promise.resolve({}) : readBody(req);
    body
      .then((b) => run({ ...b, op } as ExploreJob))
      .then(
        (r) => send(res, r.status, 'application/json', JSON.stringify(r.body)),
        (e: unknown) => send(res, 400, 'application/json', JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) })),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
