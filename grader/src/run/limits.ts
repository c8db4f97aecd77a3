import type { System } from '@dsgrade/framework';
import type { Limits } from '../scenario/types.js';

/** Thrown from a step hook when a run goes past one of the scenario's limits. */
export class LimitHit extends Error {
  override name = 'LimitHit';
  constructor(
    readonly limit: keyof Limits,
    readonly value: number,
    detail: string,
  ) {
    super(`limit ${limit} = ${value} reached: ${detail}`);
  }
}

/** Checks the per-run limits after every simulation step; cheap counters only. */
export function watchLimits(sys: System, limits: Limits): void {
  sys.addStepHook((s) => {
    if (s.stepCount() > limits.maxSteps) throw new LimitHit('maxSteps', limits.maxSteps, `more than ${limits.maxSteps} simulation steps`);
    if (s.time() > limits.maxTime) throw new LimitHit('maxTime', limits.maxTime, `simulated time passed ${limits.maxTime} s`);
    const sent = s.messagesSent();
    if (sent > limits.maxMessages) throw new LimitHit('maxMessages', limits.maxMessages, `${sent} network messages sent in total`);
    const busiest = s.busiestSender();
    if (busiest.sent > limits.maxMessagesPerProcess) {
      throw new LimitHit('maxMessagesPerProcess', limits.maxMessagesPerProcess, `process "${busiest.proc}" sent ${busiest.sent} network messages`);
    }
    const largest = s.largestMessage();
    if (largest > limits.maxMessageBytes) throw new LimitHit('maxMessageBytes', limits.maxMessageBytes, `a message of ${largest} bytes was sent`);
  });
}
