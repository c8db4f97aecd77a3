import type { JobRunner } from '../sandbox/runner-api.js';
import type { Scenario } from '../scenario/index.js';
import { ExploreSession, type SessionAnswer } from './session.js';

/** A job for the explorer's sandbox child: open a session on a test, or one operation on the open session. */
export type ExploreJob =
  | { op: 'open'; scenario: Scenario; token?: string; seed?: number }
  | { op: 'state' | 'back' | 'forward' | 'counterexample' }
  | { op: 'apply'; choice: number }
  | { op: 'goto'; id: number }
  | { op: 'quiet'; seed: number }
  | { op: 'token'; token: string }
  | { op: 'seed'; seed: number };

/** The answer of a job: the session's state, or what went wrong (a bad request, or the explorer refused). */
/** `lost`: this child holds no session (a new child, after the old one died). */
export type ExploreAnswer = ({ ok: true } & SessionAnswer) | { ok: false; error: string; lost?: true };

// The session lives as long as the child: the child runs one explorer for one person.
let session: ExploreSession | null = null;

function int(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Error(`exploreJob: ${name} must be a non-negative integer`);
  return v;
}

const exploreJob: JobRunner = (raw, env) => {
  const job = raw as Record<string, unknown> | null;
  if (typeof job !== 'object' || job === null || typeof job.op !== 'string') throw new Error('exploreJob: the job must be { op, ... }');
  try {
    if (job.op === 'open') {
      session = new ExploreSession(job.scenario as Scenario, env);
      if (typeof job.token === 'string') session.loadToken(job.token);
      if (job.seed !== undefined) session.loadSeed(int(job.seed, 'seed'));
      return { ok: true, ...session.answer() };
    }
    if (session === null) return { ok: false, lost: true, error: 'no explorer session is open in this sandbox child (it may have been restarted)' };
    switch (job.op) {
      case 'state':
        break;
      case 'apply':
        session.apply(int(job.choice, 'choice'));
        break;
      case 'back':
        session.back();
        break;
      case 'forward':
        session.forward();
        break;
      case 'goto':
        session.goTo(int(job.id, 'id'));
        break;
      case 'quiet':
        session.runToQuiet(int(job.seed, 'seed'));
        break;
      case 'token':
        if (typeof job.token !== 'string') throw new Error('exploreJob: token must be a string');
        session.loadToken(job.token);
        break;
      case 'seed':
        session.loadSeed(int(job.seed, 'seed'));
        break;
      case 'counterexample':
        session.loadCounterexample();
        break;
      default:
        return { ok: false, error: `unknown operation "${job.op.slice(0, 40)}"` };
    }
    return { ok: true, ...session.answer() };
  } catch (e) {
    // A refused operation (bad choice, token of another solution) is an answer, not a dead child.
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
};

export default exploreJob;
