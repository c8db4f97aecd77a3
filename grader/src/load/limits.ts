import type { Limits } from '../scenario/index.js';

/** dsgrade's limits when neither assignment.yaml nor the scenario sets one (maxMessagesPerProcess: maxMessages). */
export const DEFAULT_LIMITS: Readonly<Omit<Limits, 'maxMessagesPerProcess'>> = Object.freeze({
  maxSteps: 1_000_000,
  maxTime: 3600,
  maxMessages: 1_000_000,
  maxMessageBytes: 65_536,
  wallTime: 60,
  memoryMb: 512,
});

type PartialLimits = Partial<Limits>;

/** Layers limits: later layers override earlier ones key by key; unset keys take the defaults. */
export function mergeLimits(...layers: PartialLimits[]): Limits {
  const merged: PartialLimits = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer) as [keyof Limits, number | undefined][]) {
      if (v !== undefined) merged[k] = v;
    }
  }
  const maxMessages = merged.maxMessages ?? DEFAULT_LIMITS.maxMessages;
  return {
    maxSteps: merged.maxSteps ?? DEFAULT_LIMITS.maxSteps,
    maxTime: merged.maxTime ?? DEFAULT_LIMITS.maxTime,
    maxMessages,
    maxMessagesPerProcess: merged.maxMessagesPerProcess ?? maxMessages,
    maxMessageBytes: merged.maxMessageBytes ?? DEFAULT_LIMITS.maxMessageBytes,
    wallTime: merged.wallTime ?? DEFAULT_LIMITS.wallTime,
    memoryMb: merged.memoryMb ?? DEFAULT_LIMITS.memoryMb,
  };
}
