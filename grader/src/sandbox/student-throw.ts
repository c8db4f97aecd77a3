import { types } from 'node:util';
import type { VmApi } from './bridge-ops.js';
import { StudentCodeError } from './student-code-error.js';

const MAX_NAME = 200;
const MAX_MESSAGE = 4_000;
const MAX_STACK = 8_000;

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [truncated]`;
}

/**
 * Turns whatever student code threw into a host StudentCodeError. Reading the thrown value's
 * fields happens in the vm realm (`describe`), which hands back strings only.
 */
export function studentThrow(thrown: unknown, describe: VmApi['describe']): StudentCodeError {
  const isObject = (typeof thrown === 'object' && thrown !== null) || typeof thrown === 'function';
  if (isObject && types.isNativeError(thrown)) {
    const name = cap(describe(thrown, 0), MAX_NAME) || 'Error';
    return new StudentCodeError(name, cap(describe(thrown, 1), MAX_MESSAGE), cap(describe(thrown, 2), MAX_STACK), true);
  }
  const shown = cap(describe(thrown, 3), MAX_MESSAGE);
  return new StudentCodeError('StudentCodeError', `non-Error value thrown: ${typeof thrown === 'string' ? JSON.stringify(shown) : shown}`, '', false);
}
