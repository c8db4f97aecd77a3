import type { Process } from '@dsgrade/framework';

/**
 * The contract between the sandbox child and a *runner*: a module inside grader's dist whose
 * default export is a `JobRunner`. The child calls it once per job with the job's data and a
 * `SandboxEnv`; whatever it returns (JSON-serialisable) goes back to the parent.
 */

/** Sources of nondeterminism the student realm sees, supplied by the runner (seeded / simulated). */
export interface StudentHooks {
  /** Backs Math.random in the student realm; must return a number in [0, 1). */
  random(): number;
  /** Backs Date.now() and `new Date()` in the student realm: simulated time in milliseconds. */
  nowMs(): number;
}

/** Creates instances of the solution's process classes: all the scenario interpreter needs of them. */
export interface ProcessMaker {
  /**
   * Instantiates an exported class in the student realm with copies (JSON) of `args`. Returns a
   * host-side `Process`: a Proxy over the vm instance whose onMessage / onLocalMessage / onTimer
   * copy their arguments into the vm realm and hand the student a vm-side Context that forwards
   * to the host one. Every other property read / write / key listing goes straight to the vm
   * instance, so the framework can snapshot, restore and hash it as if it were the instance;
   * `proc[STUDENT_INSTANCE]` is the raw vm instance.
   * Student throws surface as `StudentCodeError` (host Error); errors the host Context threw
   * (e.g. a limit) are rethrown as they were, even if the student caught their vm copy.
   */
  create(className: string, args: unknown[]): Process;
}

export interface StudentClasses extends ProcessMaker {
  /** Names the solution exports (value exports only). */
  readonly exportNames: readonly string[];
}

/**
 * What a runner draws on: the sandbox gives a SandboxEnv; tests and benches that run trusted
 * code in-process give this narrower one (no export list, maybe no captured output).
 */
export interface RunEnv {
  /** Loads the solution afresh for one run, bound to that run's hooks. */
  loadStudent(hooks: StudentHooks): ProcessMaker;
  /** Exports of the assignment's checks (trusted), {} if none. */
  readonly checks: Readonly<Record<string, unknown>>;
  /** Console output of the student code in this job so far, when it is captured. */
  output?(): string;
}

export interface SandboxEnv extends RunEnv {
  /** Evaluates the solution in a fresh vm context (each call gets its own realm). */
  loadStudent(hooks: StudentHooks): StudentClasses;
  /** Console output of the student code in this job so far (truncated at the output limit). */
  output(): string;
}

export type JobRunner = (job: unknown, env: SandboxEnv) => unknown | Promise<unknown>;
