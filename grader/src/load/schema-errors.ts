import type { ErrorObject } from 'ajv/dist/2020.js';
import type { LoadError, SourcePos } from '../scenario/index.js';
import { describePath, describeType, describeValue, listNames } from './describe.js';
import { childPointer, SourceMap } from './source-map.js';

const STEP_POINTER = /^(?:\/steps|\/setup|\/stages\/\d+\/steps)\/\d+$/;

const COMPARISONS: Record<string, string> = {
  minimum: '>=',
  maximum: '<=',
  exclusiveMinimum: '>',
  exclusiveMaximum: '<',
};

/**
 * Turns ajv's errors into positioned messages that name the offending value and what was
 * expected. `root` names the top level in messages ("scenario", "assignment").
 */
export function schemaErrors(errors: readonly ErrorObject[], map: SourceMap, root: string): LoadError[] {
  const out: LoadError[] = [];
  for (const e of errors) {
    const translated = translate(e, map, root);
    if (translated !== null) out.push({ ...translated.at, message: translated.message });
  }
  return out;
}

function translate(e: ErrorObject, map: SourceMap, root: string): { at: SourcePos; message: string } | null {
  const path = describePath(e.instancePath, root);
  const at = map.valueAt(e.instancePath);
  const got = describeValue(e.data);
  const description = typeof e.parentSchema?.description === 'string' ? e.parentSchema.description : '';
  const params = e.params as Record<string, unknown>;
  if (e.propertyName !== undefined) {
    const keyAt = map.keyAt(childPointer(e.instancePath, e.propertyName));
    return { at: keyAt, message: `invalid name "${e.propertyName}" in ${path}: ${description}` };
  }
  switch (e.keyword) {
    case 'propertyNames':
      return null; // reported through the inner error, which carries propertyName
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      const keyAt = map.keyAt(childPointer(e.instancePath, key));
      if (STEP_POINTER.test(e.instancePath)) {
        return { at: keyAt, message: `unknown step "${key}" in ${path}; expected one of: ${listNames(allowed)}` };
      }
      if (allowed.length === 0) return { at: keyAt, message: `${path} takes no keys, got "${key}"` };
      return { at: keyAt, message: `unknown key "${key}" in ${path}; expected one of: ${listNames(allowed)}` };
    }
    case 'required':
      return { at, message: `${path} is missing required key "${String(params.missingProperty)}"` };
    case 'type':
      return { at, message: `${path} must be ${describeType(params.type)}, got ${got}` };
    case 'enum':
      return { at, message: `${path} must be one of: ${listNames((params.allowedValues as unknown[]).map(String))}; got ${got}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { at, message: `${path} must be ${COMPARISONS[e.keyword]} ${String(params.limit)}, got ${got}` };
    case 'minLength':
      return { at, message: `${path} must not be empty` };
    case 'pattern':
      return { at, message: `${path} ${got} is not valid: ${description}` };
    case 'minItems':
      return { at, message: `${path} must have at least ${String(params.limit)} item(s), got ${count(e.data)}` };
    case 'minProperties':
    case 'maxProperties': {
      const keys = Object.keys((e.data as object | null) ?? {});
      if (STEP_POINTER.test(e.instancePath)) {
        const which = keys.length === 0 ? 'none' : `${keys.length}: ${keys.join(', ')}`;
        return { at, message: `${path} must have exactly one key, its kind (e.g. send, crash), got ${which}` };
      }
      return { at, message: `${path} must have at least ${String(params.limit)} key(s), got ${keys.length}` };
    }
    default:
      return { at, message: `${path} ${e.message ?? 'is not valid'}` };
  }
}

function count(v: unknown): number {
  return Array.isArray(v) ? v.length : 0;
}
