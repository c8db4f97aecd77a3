/**
 * What one sandboxed job came to. `output` is the student's console output for that job
 * (truncated); everything in it is untrusted text for display only.
 */
export type SandboxResult =
  | { status: 'ok'; value: unknown; output: string; wallMs: number }
  | { status: 'timeout'; limitMs: number; output: string }
  | { status: 'memory'; limitMb: number; output: string }
  /** The runner threw (student code errors included: reason starts with "student code threw"), or the child died abnormally. */
  | { status: 'crashed'; reason: string; output: string }
  /** The child broke the protocol: bad / oversized message, exit mid-job, uncaught error outside the runner, non-Error throw. */
  | { status: 'protocol'; reason: string };

export type SandboxStatus = SandboxResult['status'];
