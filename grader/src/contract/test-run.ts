import { Type, type Static } from '@sinclair/typebox';
import type { Trace } from '@dsgrade/framework';
import { OutcomeSchema } from './outcome-schema.js';

/*
 * What the sandbox child answers for one test, declared once: the types are the schema's
 * static types, and the parent validates the child's answer against this very schema
 * (grade/parse-test-run.ts). Child-side code imports these types only (`import type`): the
 * child may not read typebox's files.
 */

const count = Type.Number({ minimum: 0 });

export const RunCountersSchema = Type.Object({ messages: count, steps: count, simTime: count, wallMs: count });

// A trace is only shape-checked: renderers escape every string in it.
const TraceSchema = Type.Unsafe<Trace>(Type.Object({ seed: Type.Integer(), events: Type.Array(Type.Object({})) }));

/** One seeded simulation run, or a model-checking counterexample shown like one. */
export const SeedRunSchema = Type.Object({
  seed: Type.Integer(),
  outcome: OutcomeSchema,
  counters: RunCountersSchema,
  /** Recorded for failing runs and when asked for. */
  trace: Type.Union([TraceSchema, Type.Null()]),
  /** The simulation step at which the failure was detected. */
  failStep: Type.Union([Type.Integer(), Type.Null()]),
});

export const McFiguresSchema = Type.Object({
  /** The last search's status (the model checker's SearchResult status), or notStarted. */
  status: Type.String({ maxLength: 40 }),
  states: count,
  unique: count,
  maxDepth: count,
  statesPerSec: count,
  elapsedMs: count,
});

export const TestRunSchema = Type.Object({
  test: Type.String(),
  kind: Type.Union([Type.Literal('sim'), Type.Literal('mc')]),
  outcome: OutcomeSchema,
  runs: Type.Integer({ minimum: 0 }),
  failingSeeds: Type.Array(Type.Integer()),
  /** The first failing run (with its trace), or with --trace the last run. */
  shown: Type.Union([SeedRunSchema, Type.Null()]),
  counters: RunCountersSchema,
  mc: Type.Union([McFiguresSchema, Type.Null()]),
  /** Process → node, for drawing the trace. */
  procs: Type.Array(Type.Object({ id: Type.String(), node: Type.String() })),
  /** sometimes-assertion coverage: name → hits, when the run used any. */
  coverage: Type.Record(Type.String(), Type.Number()),
  /** Where, in the job's captured console output, the shown run's output begins (null: all of it). */
  outputFrom: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  /** The replay token of the shown model-checking path (`dsgrade replay --path TOKEN`); null for sim tests and when no path is shown. */
  token: Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()]),
});

export type RunCounters = Static<typeof RunCountersSchema>;
export type SeedRun = Static<typeof SeedRunSchema>;
export type McFigures = Static<typeof McFiguresSchema>;
/** Everything the sandbox reports about one test; the parent turns it into points. */
export type TestRun = Static<typeof TestRunSchema>;
