/**
 * What one sandboxed job came to. `output` is the student's console output for that job
 * (truncated); everything in it is untrusted text for display only.
 */
export type SandboxResult =
  | { status: 'ok'; value: unknown; output: string; wallMs: number }
  | { status: 'timeout'; limitMs: number; output: string }
  | { status: 'memory'; limitMb: number; output: string }
  /** Student code or the runner threw out of the job, or the child died abnormally: `cause` says which, as data. */
  | { status: 'crashed'; cause: CrashCause; reason: string; output: string }
  /** The child broke the protocol: bad / oversized message, exit mid-job, uncaught error outside the runner, non-Error throw. */
  | { status: 'protocol'; reason: string };

/** Who ended a job by crashing: the student's code, the runner (the grader's code in the child), or the child process itself. */
export type CrashCause = 'student' | 'runner' | 'child';

export type SandboxStatus = SandboxResult['status'];
