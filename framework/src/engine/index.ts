// The transition model every driver shares: processes and nodes, the handler frame with the
// context rules, and the sink through which a driver receives a handler's effects.

export { Topology } from './topology.js';
export { HandlerFrame, type Handler } from './handler-frame.js';
export type { EffectSink } from './effect-sink.js';
export { ProcessContext, type ContextHost } from './context.js';
