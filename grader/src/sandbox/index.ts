// The export list of the sandbox: what the rest of the grader may use.
export { Sandbox } from './sandbox.js';
export type { SandboxOptions, RunOptions } from './sandbox.js';
export type { CrashCause, SandboxResult, SandboxStatus } from './result.js';
export type { JobRunner, ProcessMaker, RunEnv, SandboxEnv, StudentClasses, StudentHooks } from './runner-api.js';
export { StudentCodeError } from './student-code-error.js';
export { STUDENT_INSTANCE } from './student-instance.js';
