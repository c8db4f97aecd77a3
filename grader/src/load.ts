/** Loading assignments and scenarios: the one export list of grader/src/load. */
export { loadAssignment } from './load/load-assignment.js';
export type { LoadOptions } from './load/load-assignment.js';
export { formatLoadError } from './load/format-load-error.js';
export { DEFAULT_LIMITS } from './load/limits.js';
export type * from './scenario/types.js';
