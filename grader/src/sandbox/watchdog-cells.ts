/**
 * Slots of the shared Int32Array through which the child's main thread tells its watchdog
 * thread which student call is running. Two atomic stores per call keep it cheap.
 */
export const CELL = {
  /** Incremented when a guarded student call starts. */
  seq: 0,
  /** 1 while a guarded student call runs. */
  busy: 1,
  /** The seq the watchdog interrupted (to tell a real hang from a late signal). */
  target: 2,
} as const;

export const CELL_COUNT = 3;

export interface WatchdogData {
  cells: Int32Array;
  /** How long one student call may run, in ms of wall time. */
  budgetMs: number;
  /** The pid of the grader that started this child: when it changes, the grader is gone. */
  parentPid: number;
  pollMs: number;
}
