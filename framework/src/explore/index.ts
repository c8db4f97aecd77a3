// The interactive explorer: one entry point for the rest of the framework.

export { Explorer } from './explorer.js';
export type { ExplorerOptions, ExplorerStage } from './explorer.js';
export { toPlainData } from './plain-data.js';
export type { PlainData } from './plain-data.js';
export type { BranchNode, EnabledEvent, ExplorerView, InvariantStatus, ProcessState, RunToQuietResult, StepError } from './types.js';
