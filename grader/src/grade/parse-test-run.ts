import { Ajv2020 } from 'ajv/dist/2020.js';
import { TestRunSchema, type TestRun } from '../contract/index.js';

// What comes back from the sandbox child is untrusted data: it must have the contract's shape to be scored.
const validate = new Ajv2020({ allErrors: false, strict: false }).compile<TestRun>(TestRunSchema);

/** The child's answer as a TestRun, or why it is not one. */
export function parseTestRun(value: unknown, expectedTest: string): TestRun | string {
  if (!validate(value)) {
    const e = validate.errors?.[0];
    return `the sandbox answered with malformed data (${e?.instancePath ?? ''} ${e?.message ?? ''})`;
  }
  if (value.test !== expectedTest) return `the sandbox answered for test "${value.test}" instead of "${expectedTest}"`;
  return value;
}
