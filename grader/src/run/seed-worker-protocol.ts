import type { SeedReport } from '@dsgrade/framework';
import type { TestJobOptions } from '../contract/index.js';
import type { SimScenario } from '../scenario/index.js';

/** What a seed worker starts with. */
export interface SeedWorkerData {
  bundlePath: string;
  checksPath: string | null;
  outputLimit: number;
  /** Where the worker marks its student calls (slots as in sandbox/watchdog-cells.ts). */
  cells: Int32Array;
}

/** One seed of one sim test. */
export interface SeedTask {
  task: number;
  scenario: SimScenario;
  seed: number;
  opts: TestJobOptions;
}

/** A seed's report with the console output it printed. */
export interface WorkerSeedReport extends SeedReport {
  output: string;
}

export type SeedWorkerReply = { task: number; report: WorkerSeedReport } | { task: number; error: string };
