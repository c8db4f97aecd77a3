import type { Rng } from '../rng.js';
import type { System } from '../system.js';
import type { Range } from './chaos-config.js';

export function drawIn(rng: Rng, range: Range): number {
  return range[0] === range[1] ? range[0] : range[0] + rng.next() * (range[1] - range[0]);
}

/**
 * Schedules the fault loops of one chaos run. A loop starts a fault, waits a random interval,
 * and starts the next. When the processes have nothing pending, a loop goes dormant instead of
 * rescheduling itself (otherwise chaos alone would keep `stepUntilNoEvents` running forever);
 * the next step that is not a chaos action wakes it.
 */
export class FaultClock {
  private readonly dormant: (() => void)[] = [];
  private lastChaosStep = -1;

  constructor(
    private readonly system: System,
    private readonly until: number,
  ) {
    system.addStepHook(() => {
      if (this.dormant.length === 0 || system.stepCount() === this.lastChaosStep) return;
      for (const wake of this.dormant.splice(0)) wake();
    });
  }

  /** Runs `action` as a chaos step after `delay` seconds (fault endings use this too). */
  after(delay: number, action: () => void): void {
    this.system.scheduleAction(delay, () => {
      this.lastChaosStep = this.system.stepCount();
      action();
    });
  }

  /** Starts a loop calling `startFault` every `interval` seconds while processes are busy. */
  loop(interval: Range, startFault: () => void): void {
    const next = (): void => {
      this.after(drawIn(this.system.random(), interval), () => {
        if (this.system.time() > this.until) return;
        if (!this.system.hasProcessEvents()) {
          this.dormant.push(next);
          return;
        }
        startFault();
        next();
      });
    };
    next();
  }
}
