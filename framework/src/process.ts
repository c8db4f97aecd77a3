/**
 * The whole student-facing API. A student's process is a class implementing `Process`;
 * its state is its own fields. Rules: be deterministic (use ctx.random and ctx.time, never
 * Math.random or Date), never block, keep fields to plain data (objects, arrays, Map, Set,
 * primitives) so the framework can snapshot, restore and hash them.
 */

/** A message between processes, or between a process and its local user. `data` is JSON-compatible. */
export interface Message {
  type: string;
  data: unknown;
}

/**
 * A process's durable storage: it survives a crash of the node (process fields do not); a
 * recovered process is constructed fresh and reads it. Values are JSON data, copied in and out.
 */
export interface Storage {
  /** The value stored under `key`, or undefined. */
  get(key: string): unknown;
  put(key: string, value: unknown): void;
  delete(key: string): void;
  /**
   * Makes the writes so far durable (fsync). Only matters when the test loses unsynced writes
   * on a crash (`storage: { loseUnsynced: p }`); otherwise every write is durable at once.
   */
  sync(): void;
}

export interface Context {
  /** This process's id. */
  readonly self: string;
  /** Durable storage that survives crashes (see Storage). */
  readonly storage: Storage;
  /** This node's clock in seconds; may drift from simulated time. */
  time(): number;
  /** Sends over the network (unreliable if the scenario says so). */
  send(msg: Message, to: string): void;
  /** Sends to the outside world (the test / the user). */
  sendLocal(msg: Message): void;
  /** (Re)arms the named timer to fire after `delay` seconds. */
  setTimer(name: string, delay: number): void;
  /** Arms the named timer only if it is not armed already. */
  setTimerOnce(name: string, delay: number): void;
  cancelTimer(name: string): void;
  /** Seeded random number in [0, 1); never use Math.random. */
  random(): number;
  /** A fault-injection point: true only in chaos runs that activate it. */
  buggify(probability?: number): boolean;
}

export interface Process {
  onMessage(msg: Message, from: string, ctx: Context): void;
  onLocalMessage(msg: Message, ctx: Context): void;
  onTimer(name: string, ctx: Context): void;
}

/** Builds a fresh instance; used at start and again when a crashed node recovers. */
export type ProcessFactory = () => Process;
