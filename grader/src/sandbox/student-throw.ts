import { inspect, types } from 'node:util';
import type { VmApi } from './bridge-ops.js';
import { toPlainData } from './plain-data.js';
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
  // Shown from a plain-data copy: inspecting the value itself could run its getters or traps.
  const shown = cap(inspect(toPlainData(thrown, { maxDepth: 4 }), { depth: 4, breakLength: Infinity, maxArrayLength: 20, maxStringLength: MAX_MESSAGE }), MAX_MESSAGE);
  // No name: the message reads as a whole ("threw a non-Error value: 42").
  return new StudentCodeError('', `threw a non-Error value: ${shown}`, '', false);
}
