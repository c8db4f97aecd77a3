/**
 * Operations the student realm may ask of the host, by number. The vm side receives this table
 * as JSON text, so no host object ever reaches it.
 */
export const OPS = {
  random: 0,
  now: 1,
  log: 2,
  time: 3,
  send: 4,
  sendLocal: 5,
  setTimer: 6,
  setTimerOnce: 7,
  cancelTimer: 8,
  ctxRandom: 9,
  buggify: 10,
  storageGet: 11,
  storagePut: 12,
  storageDelete: 13,
  storageSync: 14,
} as const;

export type OpName = keyof typeof OPS;

/** Handlers the host asks the vm side to invoke, by number. */
export const HANDLERS = { onMessage: 0, onLocalMessage: 1, onTimer: 2 } as const;

/**
 * The one host function the student realm can call (held only in a closure of the bootstrap).
 * It takes and returns primitives only and never throws: a string result means failure.
 */
export type HostCall = (op: number, gen?: number, a?: unknown, b?: unknown) => string | number | boolean | undefined;

/** Functions of the vm side, called by the host with primitives and vm objects only. */
export interface VmApi {
  load(exportsObject: unknown): string;
  create(className: string, argsJson: string): unknown;
  invoke(instance: unknown, handler: number, payloadJson: string | undefined, arg: string | undefined, self: string, gen: number): void;
  /** 0: name, 1: message, 2: stack, 3: a printable rendering of a non-Error value. Always a string. */
  describe(thrown: unknown, field: number): string;
}
