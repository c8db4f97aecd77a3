import { LinkTable } from '../network.js';
import type { System } from '../system.js';
import { Engine } from './engine.js';
import { initialState } from './initial.js';
import { MCState } from './model.js';
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

  constructor(where: string, system: System, options: TransitionOptions) {
    this.checker = new ModelChecker(system, options);
    const resolved = resolveOptions(where, options);
    const snap = system.snapshot();
    const links = new LinkTable();
    for (const [a, b] of snap.links.disabled) links.disable(a!, b!);
    for (const n of snap.links.disconnected) links.disconnect(n);
    const { topology, classNames } = system.engineParts();
    const maxDuplicates = snap.network.dupRate > 0 ? resolved.maxDuplicates : 0;
    this.engine = new Engine({ topology, classNames, network: snap.network, links, seed: resolved.seed, maxDuplicates, messagesFirst: resolved.messagesFirst });
    this.initial = initialState(this.engine, system, snap, maxDuplicates).state;
  }

  view(state: MCState): View {
    return new View(this.engine, state);
  }
}

export { HandlerFailure, DELIVER, DROP, DUPLICATE, CORRUPT, timerOf } from './engine.js';
export type { MCState } from './model.js';
