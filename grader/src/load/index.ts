/** Loading assignments and scenarios: the one export list of grader/src/load. */
export { loadAssignment } from './load-assignment.js';
export type { LoadOptions } from './load-assignment.js';
export { formatLoadError } from './format-load-error.js';
export { DEFAULT_LIMITS } from './limits.js';
export { readSchema, schemaPath } from './schema-files.js';
export type * from '../scenario/index.js';
