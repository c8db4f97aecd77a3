import type { System } from '../system.js';

/** Per-run bounds on work: a run that goes past one fails with a `limit` outcome naming it. */
export interface RunLimits {
  /** Most simulation steps. */
  maxSteps?: number;
  /** Most simulated seconds. */
  maxTime?: number;
  /** Most network messages sent in total. */
  maxMessages?: number;
  /** Most network messages sent by one process. */
  maxMessagesPerProcess?: number;
  /** Largest message, in bytes of its JSON. */
  maxMessageBytes?: number;
}

export type RunLimitName = keyof RunLimits;

const NAMES: readonly RunLimitName[] = ['maxSteps', 'maxTime', 'maxMessages', 'maxMessagesPerProcess', 'maxMessageBytes'];

/** A run went past one of its limits; thrown out of the stepping call. */
export class LimitExceeded extends Error {
  override name = 'LimitExceeded';
  constructor(
    /** A RunLimits key, or a limit the host enforces itself (the sandbox's per-handler wall time, `handlerTime`). */
    readonly limit: RunLimitName | 'handlerTime',
    readonly value: number,
    detail: string,
    readonly step: number,
  ) {
    super(`limit ${limit} = ${value} reached: ${detail}`);
  }
}

export function validateLimits(where: string, limits: unknown): asserts limits is RunLimits {
  if (typeof limits !== 'object' || limits === null) throw new Error(`${where}: limits must be an object such as { maxSteps: 10000, maxTime: 60 }`);
  for (const [k, v] of Object.entries(limits)) {
    if (!(NAMES as readonly string[]).includes(k)) throw new Error(`${where}: limits.${k} is not a limit; pass some of ${NAMES.join(', ')}`);
    if (v !== undefined && !(typeof v === 'number' && v >= 0)) throw new Error(`${where}: limits.${k} must be a non-negative number, got ${String(v)}`);
  }
}

/** Checks the limits after every step with the system's cheap counters; throws LimitExceeded. */
export function watchLimits(sys: System, limits: RunLimits): void {
  validateLimits('watchLimits', limits);
  const { maxSteps = Infinity, maxTime = Infinity, maxMessages = Infinity, maxMessagesPerProcess = Infinity, maxMessageBytes = Infinity } = limits;
  sys.addStepHook((s) => {
    const step = s.stepCount();
    if (step > maxSteps) throw new LimitExceeded('maxSteps', maxSteps, `more than ${maxSteps} simulation steps`, step);
    if (s.time() > maxTime) throw new LimitExceeded('maxTime', maxTime, `simulated time passed ${maxTime} s`, step);
    const sent = s.messagesSent();
    if (sent > maxMessages) throw new LimitExceeded('maxMessages', maxMessages, `${sent} network messages sent in total`, step);
    const busiest = s.busiestSender();
    if (busiest.sent > maxMessagesPerProcess) {
      throw new LimitExceeded('maxMessagesPerProcess', maxMessagesPerProcess, `process "${busiest.proc}" sent ${busiest.sent} network messages`, step);
    }
    const largest = s.largestMessage();
    if (largest > maxMessageBytes) throw new LimitExceeded('maxMessageBytes', maxMessageBytes, `a message of ${largest} bytes was sent`, step);
  });
}
