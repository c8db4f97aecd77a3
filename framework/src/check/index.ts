// The linearizability checker: one entry point (models for a key-value store and a register),
// and the glue checks use on simulated runs (a history recorder, a verdict with a message).

export { checkLinearizability } from './linearizability.js';
export { kvModel } from './kv-model.js';
export { registerModel } from './register-model.js';
export { describeOperation } from './describe-operation.js';
export type { Operation, Partition, Model, LinEvidence, LinStats, LinResult, LinOptions } from './lin-types.js';
export type { KvInput, KvOutput, KvState } from './kv-model.js';
export type { RegisterInput, RegisterOutput, RegisterState, RegisterValue } from './register-model.js';
export { HistoryRecorder } from './history-recorder.js';
export type { RecordedAnswer, RecordedHistory } from './history-recorder.js';
export { linearizabilityVerdict } from './linearizability-verdict.js';
export type { VerdictOptions } from './linearizability-verdict.js';
