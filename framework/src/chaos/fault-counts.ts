/** How many faults a chaos run injected, by kind. */
export interface FaultCounts {
  delayedMessages: number;
  clogs: number;
  cloggedMessages: number;
  partitions: number;
  crashes: number;
  recoveries: number;
}

export function newFaultCounts(): FaultCounts {
  return { delayedMessages: 0, clogs: 0, cloggedMessages: 0, partitions: 0, crashes: 0, recoveries: 0 };
}
