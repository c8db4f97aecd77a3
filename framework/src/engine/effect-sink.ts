import type { Message } from '../process.js';

/**
 * Where a running handler's effects go: the driver's side of the transition model. The
 * HandlerFrame has already checked and copied everything (destinations resolved to process
 * indexes, data copied as JSON and sized, timer rules applied), so an implementation only
 * records the effect in its own state: the simulator schedules events, the model checker
 * builds a successor state.
 */
export interface EffectSink {
  /** A network message from process `from` to process `to` (indexes), `bytes` long on the wire. */
  send(from: number, to: number, msg: Message, bytes: number): void;
  sendLocal(from: number, msg: Message): void;
  isArmed(slot: number, name: string): boolean;
  /** Arms the named timer, replacing an armed one of that name. */
  arm(slot: number, name: string, delay: number): void;
  /** Disarms an armed timer (only called when `isArmed`). */
  disarm(slot: number, name: string): void;
  /** What `ctx.time()` reads for the process. */
  clock(slot: number): number;
  random(slot: number): number;
  /** `site`: the call's file:line:column when the compiler recorded it. */
  buggify(slot: number, probability: number, site: string | undefined): boolean;
  /** The stored value (the frame copies it before the student sees it), or undefined. */
  storageGet(slot: number, key: string): unknown;
  /** Stores a value the frame has already copied; `undefined` deletes. */
  storageWrite(slot: number, key: string, value: unknown): void;
  storageSync(slot: number): void;
}
