// Writing the grader's outputs: paths checked before any test runs, every file written by rename.
export { OutputError } from './output-error.js';
export { prepareOutputs, type OutputTarget } from './prepare-outputs.js';
export { writeAtomic } from './write-atomic.js';
