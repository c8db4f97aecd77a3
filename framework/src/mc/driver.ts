import type { System } from '../system.js';
import type { Engine } from './engine.js';
import type { MCState } from './model.js';
import { ModelChecker } from './model-checker.js';
import { resolveOptions } from './options.js';
import type { ModelCheckerOptions } from './types.js';
import { View } from './view.js';

/** The options that shape the transition relation (everything else is about searching). */
export type TransitionOptions = Pick<ModelCheckerOptions, 'seed' | 'maxDuplicates' | 'messagesFirst'>;

/**
 * The door for a driver that is not the search (the explorer): the checker's engine and
 * initial state, built from a system exactly as `new ModelChecker(system, options)` builds
 * its own, plus that checker for traces, replay and `follow`. Tokens made by stepping this
 * engine therefore replay with `ModelChecker.replayToken` of a checker built the same way.
 */
export class StepDriver {
  readonly engine: Engine;
  readonly initial: MCState;
  readonly checker: ModelChecker;
  /** Applies registered stage `stage`'s prepare action (`checker.addStage`) to a state. */
  readonly prepare: (s: MCState, stage: number) => MCState;

  constructor(where: string, system: System, options: TransitionOptions) {
    resolveOptions(where, options);
    this.checker = new ModelChecker(system, options);
    // The checker's own engine and initial state: the explorer's steps are the checker's transitions, so its tokens replay there.
    const parts = this.checker.driverParts();
    this.engine = parts.engine;
    this.initial = parts.initial;
    this.prepare = parts.prepare;
  }

  view(state: MCState): View {
    return new View(this.engine, state);
  }
}

export { HandlerFailure, DELIVER, DROP, DUPLICATE, CORRUPT, timerOf } from './engine.js';
export type { MCState } from './model.js';
