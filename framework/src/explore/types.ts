import type { PathStep } from '../mc/index.js';
import type { PlainData } from './plain-data.js';

/**
 * One event enabled in the current state; `choice` is its index in `events()`. The checker's
 * actions come first, in its order (so their `choice` is the checker's choice index), then
 * crash / recover of the nodes the explorer may crash, then the start of the next stage.
 */
export interface EnabledEvent {
  readonly choice: number;
  /** The step's label in the path (and in the token's checksum). */
  readonly label: string;
  readonly kind: 'deliver' | 'drop' | 'duplicate' | 'corrupt' | 'timer' | 'crash' | 'recover' | 'stage';
  /** Sender of a message; null for every other kind. */
  readonly from: string | null;
  /** Receiver of a message, the process whose timer fires, or the node crashed / recovered; for a stage, "stage N". */
  readonly to: string;
  /** The node a crash / recover acts on; null for every other kind. */
  readonly node: string | null;
  /** For kind 'stage': the stage it starts (1 = the first stage after the first search); null otherwise. */
  readonly stage: number | null;
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
  /** The step of the path (1 = the first step from the initial state) whose handler threw. */
  readonly step: number;
  readonly message: string;
  /** Where in the student's source it threw (`file:line:col`): the error's own location when it carries one, else the first frame of its stack; null when neither says. */
  readonly location: string | null;
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
  /** The stage the current state belongs to: 0 for the first search, k after the k-th stage's start. */
  readonly stage: number;
  /** How many stages follow the first search (the test's `stages`). */
  readonly stages: number;
}

/** How "run to quiet" ended. */
export interface RunToQuietResult {
  readonly steps: number;
  readonly stopped: 'quiet' | 'violated' | 'studentError' | 'maxSteps';
}
