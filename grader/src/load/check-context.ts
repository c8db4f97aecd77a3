import type { LoadError, SourcePos } from '../scenario/index.js';
import { listNames } from './describe.js';
import type { SourceMap } from './source-map.js';

/** What semantic checks know and where they report. */
export class CheckContext {
  readonly errors: LoadError[] = [];

  constructor(
    readonly map: SourceMap,
    readonly classes: ReadonlySet<string>,
    readonly knownChecks: ReadonlySet<string> | undefined,
  ) {}

  at(pointer: string, message: string): void {
    this.push(this.map.valueAt(pointer), message);
  }

  atKey(pointer: string, message: string): void {
    this.push(this.map.keyAt(pointer), message);
  }

  push(pos: SourcePos, message: string): void {
    this.errors.push({ ...pos, message });
  }

  /** Reports an unknown check name (only when the caller said which checks exist). */
  checkName(pointer: string, name: unknown, where: string): void {
    if (this.knownChecks === undefined || typeof name !== 'string' || this.knownChecks.has(name)) return;
    this.at(pointer, `unknown check "${name}" in ${where}; checks.ts exports: ${listNames([...this.knownChecks].sort())}`);
  }
}
