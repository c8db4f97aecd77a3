/**
 * Globals a solution may use besides the ES2023 library: only what the sandbox realm provides.
 * There is deliberately no `require`, `process`, timer or DOM declaration.
 */
export const AMBIENT_FILE_NAME = '__dsgrade_ambient__.d.ts';

export const AMBIENT_SOURCE = `
interface DsgradeConsole {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  trace(...args: unknown[]): void;
  dir(...args: unknown[]): void;
}
declare var console: DsgradeConsole;
`;
