// The contract between the grader and its sandbox child: what a job asks and what a test run answers.
export { OutcomeSchema, SourcePosSchema } from './outcome-schema.js';
export { TestRunSchema, SeedRunSchema, RunCountersSchema, McFiguresSchema } from './test-run.js';
export type { TestRun, SeedRun, RunCounters, McFigures } from './test-run.js';
export type { TestJob, TestJobOptions } from './job.js';
