import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { readSchema } from './schema-files.js';

let compiled: { assignment: ValidateFunction; scenario: ValidateFunction } | undefined;

/** The two schema validators, compiled once per process. */
export function validators(): { assignment: ValidateFunction; scenario: ValidateFunction } {
  if (compiled === undefined) {
    // verbose: errors carry the failing data and schema, which the messages quote.
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, strictTypes: false });
    compiled = {
      assignment: ajv.compile(readSchema('assignment.schema.json')),
      scenario: ajv.compile(readSchema('scenario.schema.json')),
    };
  }
  return compiled;
}
