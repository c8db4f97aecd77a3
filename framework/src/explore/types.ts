import type { PathStep } from '../mc/index.js';
import type { PlainData } from './plain-data.js';

/** One event enabled in the current state; `choice` is its index in the checker's action list. */
export interface EnabledEvent {
  readonly choice: number;
  readonly label: string;
  readonly kind: 'deliver' | 'drop' | 'duplicate' | 'corrupt' | 'timer';
  /** Sender of a message; null for a timer. */
  readonly from: string | null;
  /** Receiver of a message, or the process whose timer fires. */
  readonly to: string;
  readonly msgType: string | null;
  readonly data: PlainData | null;
  readonly timer: string | null;
}

export interface ProcessState {
  readonly id: string;
  readonly node: string;
  readonly crashed: boolean;
  /** The process's own fields in declaration order; empty while crashed. */
  readonly fields: readonly (readonly [string, PlainData])[];
  /** Fields whose value differs from the state before the last step (all of them at the start: none). */
  readonly changed: readonly string[];
  readonly timers: readonly { readonly name: string; readonly deadline: number }[];
  readonly clock: number;
}

export interface InvariantStatus {
  readonly name: string;
  readonly ok: boolean;
  /** What the invariant said when it failed, or why it could not be evaluated. */
  readonly message: string | null;
}

/** A student handler threw at the step that led here: the path ends there. */
export interface StepError {
  readonly proc: string;
  readonly handler: string;
  readonly message: string;
  /** The thrown error's stack (student source lines), when it had one. */
  readonly stack: string | null;
}

/** A node of the tree of paths tried: the root is the initial state, every other node one step. */
export interface BranchNode {
  readonly id: number;
  readonly parent: number | null;
  readonly choice: number | null;
  readonly label: string | null;
  readonly children: readonly number[];
  readonly violated: boolean;
  readonly failed: boolean;
}

/** Everything a page shows about the explorer's current position, as JSON-serialisable data. */
export interface ExplorerView {
  /** Steps from the initial state to the current one. */
  readonly step: number;
  /** Length of the current line (back / forward move along it). */
  readonly lineLength: number;
  readonly current: number;
  readonly events: readonly EnabledEvent[];
  readonly processes: readonly ProcessState[];
  readonly invariants: readonly InvariantStatus[];
  readonly error: StepError | null;
  readonly path: readonly PathStep[];
  readonly token: string;
  readonly tree: readonly BranchNode[];
}

/** How "run to quiet" ended. */
export interface RunToQuietResult {
  readonly steps: number;
  readonly stopped: 'quiet' | 'violated' | 'studentError' | 'maxSteps';
}
