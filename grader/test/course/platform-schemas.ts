// The results files of the three autograder platforms, as their documentation describes them, as JSON Schemas.
// Written from the platforms' docs (Gradescope "Autograder specifications", PrairieLearn "External grading",
// GitHub Classroom's autograding-grading-reporter), with additionalProperties false so a misspelt field fails.
import { Ajv2020 } from 'ajv/dist/2020.js';

const VISIBILITY = { enum: ['hidden', 'after_due_date', 'after_published', 'visible'] };
const FORMAT = { enum: ['text', 'html', 'simple_format', 'md', 'ansi'] };

export const GRADESCOPE_RESULTS = {
  type: 'object',
  additionalProperties: false,
  required: ['score', 'tests'],
  properties: {
    score: { type: 'number' },
    execution_time: { type: 'number', minimum: 0 },
    output: { type: 'string' },
    output_format: FORMAT,
    test_output_format: FORMAT,
    test_name_format: FORMAT,
    visibility: VISIBILITY,
    stdout_visibility: VISIBILITY,
    extra_data: { type: 'object' },
    leaderboard: { type: 'array' },
    // Not in the list of top-level fields, but Gradescope reads it as the submission's maximum.
    max_score: { type: 'number', minimum: 0 },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'score', 'max_score', 'output', 'visibility'],
        properties: {
          name: { type: 'string', minLength: 1 },
          name_format: FORMAT,
          number: { type: 'string' },
          score: { type: 'number' },
          max_score: { type: 'number', minimum: 0 },
          status: { enum: ['passed', 'failed'] },
          output: { type: 'string' },
          output_format: FORMAT,
          tags: { type: 'array', items: { type: 'string' } },
          visibility: VISIBILITY,
          extra_data: { type: 'object' },
        },
      },
    },
  },
} as const;

export const PRAIRIELEARN_RESULTS = {
  type: 'object',
  additionalProperties: false,
  required: ['gradable', 'score', 'tests'],
  properties: {
    gradable: { type: 'boolean' },
    score: { type: 'number', minimum: 0, maximum: 1 },
    message: { type: 'string' },
    output: { type: 'string' },
    images: { type: 'array' },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'points', 'max_points'],
        properties: {
          name: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          points: { type: 'number', minimum: 0 },
          max_points: { type: 'number', minimum: 0 },
          message: { type: 'string' },
          output: { type: 'string' },
          images: { type: 'array' },
        },
      },
    },
  },
} as const;

/** One runner's result: the base64-decoded `<RUNNER>_RESULTS` the grading reporter reads. */
export const CLASSROOM_RESULT = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'status', 'max_score', 'tests'],
  properties: {
    version: { const: 1 },
    status: { enum: ['pass', 'fail', 'error'] },
    max_score: { type: 'number', minimum: 0 },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'status', 'score'],
        properties: {
          name: { type: 'string', minLength: 1 },
          status: { enum: ['pass', 'fail', 'error'] },
          score: { type: 'number', minimum: 0 },
          message: { type: 'string' },
          test_code: { type: 'string' },
          filename: { type: 'string' },
          line_no: { type: 'integer' },
          duration: { type: 'number' },
        },
      },
    },
  },
} as const;

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validators = new Map([GRADESCOPE_RESULTS, PRAIRIELEARN_RESULTS, CLASSROOM_RESULT].map((s) => [s, ajv.compile(s)]));

/** Throws, naming every field that does not fit, unless `data` follows `schema`. */
export function assertFits(schema: object, data: unknown, what: string): void {
  const v = validators.get(schema as typeof GRADESCOPE_RESULTS);
  if (v === undefined) throw new Error('assertFits: pass one of the schemas of platform-schemas.ts');
  if (!v(data)) throw new Error(`${what} does not follow the platform's format: ${ajv.errorsText(v.errors)}`);
}
