/**
 * A loaded, validated, fully-defaulted assignment and its scenarios: the contract between
 * `loadAssignment` and the scenario interpreter. Everything here is plain data (JSON-compatible),
 * so it can be sent to a sandbox child as is. Every optional YAML key has been given its
 * default, so the interpreter never re-derives one.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

import type { SourcePos } from '@dsgrade/framework';

/** Where something was written: file relative to the assignment's parent folder, 1-based line and column. */
export type { SourcePos };

export interface Limits {
  /** Most simulation events per run. */
  maxSteps: number;
  /** Most simulated seconds per run. */
  maxTime: number;
  /** Most network messages sent in total per run. */
  maxMessages: number;
  /** Most network messages sent by one process per run. */
  maxMessagesPerProcess: number;
  /** Largest message, in bytes of its JSON. */
  maxMessageBytes: number;
  /** Wall-clock seconds for the whole test, all seeds included. */
  wallTime: number;
  /** Memory of the sandbox running the test, megabytes. */
  memoryMb: number;
}

/** A reference to a named, parameterised function of the assignment's checks.ts. */
export interface CheckRef {
  check: string;
  params: { [key: string]: JsonValue };
  at: SourcePos;
}

export interface ProcessSpec {
  id: string;
  className: string;
  args: JsonValue[];
  /** The node hosting this process. */
  node: string;
  at: SourcePos;
}

export interface NodeSpec {
  name: string;
  processes: ProcessSpec[];
}

export type DelaySpec = { kind: 'fixed'; seconds: number } | { kind: 'uniform'; min: number; max: number };

export interface ChaosSpec {
  buggify: boolean;
  swarm: boolean;
  extraDelay: { probability: number; max: number } | null;
  clogLinks: { probability: number; rate: number; duration: number } | null;
  partitions: { rate: number; duration: number } | null;
  attrition: { rate: number; maxDown: number; downtime: number } | null;
}

export interface NetworkSpec {
  delay: DelaySpec;
  drop: number;
  duplicate: number;
  corrupt: number;
  drift: number;
  chaos: ChaosSpec;
}

/** A local message from the test to a process. */
export interface LocalMessage {
  type: string;
  data: JsonValue;
}

/** An expected local message; `data` absent means any data matches. */
export interface ExpectedMessage {
  type: string;
  data?: JsonValue;
}

export type ExpectMode = 'exact' | 'unordered' | 'subset';

/** One step of a scenario; `at` is the step's position in its YAML file. */
export type Step =
  | { kind: 'send'; to: string; msg: LocalMessage; at: SourcePos }
  | { kind: 'runUntilQuiet'; at: SourcePos }
  | { kind: 'runUntilLocal'; proc: string; at: SourcePos }
  | { kind: 'runFor'; seconds: number; at: SourcePos }
  | { kind: 'crash'; node: string; at: SourcePos }
  | { kind: 'recover'; node: string; at: SourcePos }
  | { kind: 'partition'; groups: string[][]; at: SourcePos }
  | { kind: 'heal'; at: SourcePos }
  | { kind: 'disableLink'; from: string; to: string; at: SourcePos }
  | { kind: 'enableLink'; from: string; to: string; at: SourcePos }
  | { kind: 'disconnect'; node: string; at: SourcePos }
  | { kind: 'connect'; node: string; at: SourcePos }
  | { kind: 'expectMessages'; proc: string; messages: ExpectedMessage[]; mode: ExpectMode; at: SourcePos }
  | { kind: 'expectCount'; proc: string; count: number; type: string | null; at: SourcePos }
  | { kind: 'check'; check: CheckRef; at: SourcePos };

export type StepKind = Step['kind'];

export interface Invariant {
  check: CheckRef;
  /** Checked after every N-th simulation event (mc: every state). */
  every: number;
}

export interface TestMeta {
  /** The scenario's `name`, unique within the assignment. */
  name: string;
  description: string;
  /** The scenario file, relative to the assignment's parent folder. */
  file: string;
  group: string;
  points: number;
  visibility: 'visible' | 'hidden';
}

interface ScenarioCommon extends TestMeta {
  nodes: NodeSpec[];
  network: NetworkSpec;
  /** Base seed: run i uses seed + i. */
  seed: number;
  invariants: Invariant[];
  /** The assignment's limits overridden by the scenario's. */
  limits: Limits;
}

/** How many seeded runs a sim test makes. */
export type SeedPlan = { kind: 'fixed'; count: number } | { kind: 'untilAllSometimesReached'; maxSeeds: number };

export interface SimScenario extends ScenarioCommon {
  kind: 'sim';
  /** Probability that a crash loses a process's unsynced storage writes. */
  loseUnsynced: number;
  seeds: SeedPlan;
  steps: Step[];
}

export interface SearchSpec {
  strategy: 'bfs' | 'dfs' | 'random';
  maxDepth: number;
  maxStates: number;
  /** Wall-clock seconds; defaults to the test's wallTime limit. */
  timeLimit: number;
  /** Number of random walks; null unless strategy is random. */
  walks: number | null;
  invariant: CheckRef | null;
  goal: CheckRef | null;
  prune: CheckRef | null;
  collect: CheckRef | null;
  passOnLimit: boolean;
  at: SourcePos;
}

export interface McStage {
  steps: Step[];
  search: SearchSpec;
}

export interface McScenario extends ScenarioCommon {
  kind: 'mc';
  /** Steps run once before the first search. */
  setup: Step[];
  /** The first search, from the state after setup. */
  search: SearchSpec;
  /** Later searches, each from every state the previous one collected. */
  stages: McStage[];
  /** Options that shape the transitions of every search of the test. */
  messagesFirst: boolean;
  maxDuplicates: number;
  symmetric: string[][];
}

export type Scenario = SimScenario | McScenario;

export interface PointGroup {
  name: string;
  points: number;
  /** Extra credit: its points count in a score but not in the assignment's total. */
  bonus: boolean;
}

/** A language a solution may be written in. */
export type Language = 'typescript' | 'python';

export interface LoadedAssignment {
  /** The assignment folder's name, e.g. "kv". */
  name: string;
  /** The assignment folder as passed to loadAssignment. */
  dir: string;
  title: string;
  summary: string;
  /** The solution's entry file, relative to a solution folder. */
  entry: string;
  /** The languages a solution may be written in (assignment.yaml `languages`, default [typescript]). */
  languages: Language[];
  /** The entry file of a Python solution (default solution.py). */
  pythonEntry: string;
  classes: string[];
  /** The total of the groups that are not bonus: what full marks are. */
  points: number;
  groups: PointGroup[];
  /** How a test whose result is unknown (an mc search stopped at a limit with passOnLimit) scores. */
  unknownScore: 'full' | 'zero';
  /** Whether the determinism lint's findings are warnings or make the build fail. */
  determinism: 'warning' | 'error';
  /** Default limits (dsgrade's defaults overridden by assignment.yaml). */
  limits: Limits;
  /** In assignment.yaml order. */
  tests: Scenario[];
  /** Every check name the scenarios refer to, sorted: what checks.ts must export. */
  checkNames: string[];
}

export interface LoadError {
  /** Relative to the assignment's parent folder, with `/` separators. */
  file: string;
  line: number;
  column: number;
  message: string;
}

export type LoadResult = { ok: true; assignment: LoadedAssignment } | { ok: false; errors: LoadError[] };
