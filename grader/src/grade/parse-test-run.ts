import { Ajv2020 } from 'ajv/dist/2020.js';
import type { TestRun } from '../run/result.js';

// What comes back from the sandbox child is untrusted data: it must have this shape to be scored.
const outcome = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { enum: ['passed', 'failed', 'limit', 'unknown', 'error'] },
    message: { type: 'string' },
    source: { enum: ['student', 'sandbox', 'compile'] },
    check: { type: ['string', 'null'] },
    limit: { type: 'string' },
    value: { type: 'number' },
    proc: { type: ['string', 'null'] },
    at: { type: ['object', 'null'], properties: { file: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' } } },
  },
};
const counters = {
  type: 'object',
  required: ['messages', 'steps', 'simTime', 'wallMs'],
  properties: { messages: { type: 'number' }, steps: { type: 'number' }, simTime: { type: 'number' }, wallMs: { type: 'number' } },
};
const schema = {
  type: 'object',
  required: ['test', 'kind', 'outcome', 'runs', 'failingSeeds', 'shown', 'counters', 'mc', 'procs', 'coverage', 'outputFrom'],
  properties: {
    test: { type: 'string' },
    kind: { enum: ['sim', 'mc'] },
    outcome,
    runs: { type: 'integer', minimum: 0 },
    failingSeeds: { type: 'array', items: { type: 'integer' } },
    shown: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['seed', 'outcome', 'counters', 'trace', 'failStep'],
          properties: {
            seed: { type: 'integer' },
            outcome,
            counters,
            failStep: { type: ['integer', 'null'] },
            trace: { oneOf: [{ type: 'null' }, { type: 'object', required: ['seed', 'events'], properties: { seed: { type: 'integer' }, events: { type: 'array', items: { type: 'object' } } } }] },
          },
        },
      ],
    },
    counters,
    mc: { type: ['object', 'null'] },
    procs: { type: 'array', items: { type: 'object', required: ['id', 'node'], properties: { id: { type: 'string' }, node: { type: 'string' } } } },
    coverage: { type: 'object', additionalProperties: { type: 'number' } },
    outputFrom: { type: ['integer', 'null'], minimum: 0 },
  },
};

const validate = new Ajv2020({ allErrors: false, strict: false }).compile(schema);

/** The child's answer as a TestRun, or why it is not one. */
export function parseTestRun(value: unknown, expectedTest: string): TestRun | string {
  if (!validate(value)) {
    const e = validate.errors?.[0];
    return `the sandbox answered with malformed data (${e?.instancePath ?? ''} ${e?.message ?? ''})`;
  }
  const run = value as unknown as TestRun;
  if (run.test !== expectedTest) return `the sandbox answered for test "${run.test}" instead of "${expectedTest}"`;
  return run;
}
