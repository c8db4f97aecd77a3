import type { System } from '../system.js';
import { AssertionFailure } from './assertion-failure.js';

/** How often one `sometimes` assertion was evaluated and true, over all seeds of a test. */
export interface SometimesCoverage {
  name: string;
  evaluations: number;
  hits: number;
  /** Number of seeds in which it was true at least once. */
  seedsHit: number;
  /** The first seed in which it was true; null if never. */
  firstSeed: number | null;
}

export interface AlwaysCoverage {
  name: string;
  evaluations: number;
  failures: number;
}

export interface AssertionCoverage {
  sometimes: SometimesCoverage[];
  always: AlwaysCoverage[];
  /** `sometimes` assertions evaluated at least once but never true. */
  neverTrue: string[];
  /** `sometimes` assertions declared up front but never evaluated. */
  neverExecuted: string[];
}

interface SometimesEntry extends SometimesCoverage {
  lastSeedHit: number | null;
}

interface RunBinding {
  seed: number;
  system: System;
  failure: AssertionFailure | null;
}

function checkName(where: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') throw new Error(`${where}: pass a non-empty assertion name as the second argument`);
}

/**
 * The always / sometimes assertions of one multi-seed test. Coverage accumulates over every
 * seed of the test (it is not reset per seed), so a `sometimes` counts as reached if any seed
 * reached it.
 */
export class Assertions {
  private readonly sometimesByName = new Map<string, SometimesEntry>();
  private readonly alwaysByName = new Map<string, AlwaysCoverage>();
  private run: RunBinding | null = null;

  constructor(options: { sometimes?: readonly string[] } = {}) {
    if (typeof options !== 'object' || options === null) throw new Error('new Assertions: pass options such as { sometimes: ["leader elected"] }');
    if (options.sometimes !== undefined) this.declareSometimes(...options.sometimes);
  }

  /** Declares `sometimes` assertions up front, so that one never reached is reported. */
  declareSometimes(...names: string[]): void {
    for (const name of names) {
      checkName('declareSometimes', name);
      this.sometimesEntry(name);
    }
  }

  /** Fails the run at once (throws AssertionFailure) when `cond` is false. */
  always(cond: boolean, name: string, details?: unknown): void {
    checkName('always', name);
    let entry = this.alwaysByName.get(name);
    if (entry === undefined) {
      entry = { name, evaluations: 0, failures: 0 };
      this.alwaysByName.set(name, entry);
    }
    entry.evaluations++;
    if (cond) return;
    entry.failures++;
    const run = this.run;
    const failure = new AssertionFailure(name, details, run === null ? null : run.system.stepCount());
    if (run !== null) {
      // Kept even if the code under test catches the throw: the run has failed regardless.
      if (run.failure === null) run.failure = failure;
      run.system.note('check', failure.message);
    }
    throw failure;
  }

  /** Records whether `cond` held; a `sometimes` never true over all seeds is reported. */
  sometimes(cond: boolean, name: string): void {
    checkName('sometimes', name);
    const entry = this.sometimesEntry(name);
    entry.evaluations++;
    if (!cond) return;
    entry.hits++;
    const seed = this.run === null ? null : this.run.seed;
    if (seed !== null && entry.lastSeedHit !== seed) {
      entry.lastSeedHit = seed;
      entry.seedsHit++;
      if (entry.firstSeed === null) entry.firstSeed = seed;
    }
  }

  /** True when every `sometimes` seen or declared so far has been true at least once. */
  allSometimesReached(): boolean {
    for (const e of this.sometimesByName.values()) if (e.hits === 0) return false;
    return true;
  }

  coverage(): AssertionCoverage {
    const sometimes = [...this.sometimesByName.values()].map(({ name, evaluations, hits, seedsHit, firstSeed }) => ({ name, evaluations, hits, seedsHit, firstSeed }));
    return {
      sometimes,
      always: [...this.alwaysByName.values()].map((e) => ({ ...e })),
      neverTrue: sometimes.filter((s) => s.evaluations > 0 && s.hits === 0).map((s) => s.name),
      neverExecuted: sometimes.filter((s) => s.evaluations === 0).map((s) => s.name),
    };
  }

  private sometimesEntry(name: string): SometimesEntry {
    let entry = this.sometimesByName.get(name);
    if (entry === undefined) {
      entry = { name, evaluations: 0, hits: 0, seedsHit: 0, firstSeed: null, lastSeedHit: null };
      this.sometimesByName.set(name, entry);
    }
    return entry;
  }

  /**
   * @internal Used by runSeedsParallel: adds one seed's coverage, recorded in a registry of its
   * own (a worker's), as if the seed had reported here. Names new to this registry are added in
   * the order that seed first saw them, so seeds absorbed in order list names as a serial run does.
   */
  static absorb(a: Assertions, seedCoverage: AssertionCoverage, seed: number): void {
    for (const s of seedCoverage.sometimes) {
      const entry = a.sometimesEntry(s.name);
      entry.evaluations += s.evaluations;
      entry.hits += s.hits;
      if (s.hits > 0 && entry.lastSeedHit !== seed) {
        entry.lastSeedHit = seed;
        entry.seedsHit++;
        if (entry.firstSeed === null) entry.firstSeed = seed;
      }
    }
    for (const x of seedCoverage.always) {
      let entry = a.alwaysByName.get(x.name);
      if (entry === undefined) {
        entry = { name: x.name, evaluations: 0, failures: 0 };
        a.alwaysByName.set(x.name, entry);
      }
      entry.evaluations += x.evaluations;
      entry.failures += x.failures;
    }
  }

  /** @internal Used by runSeeds: binds the registry to one run (seed and system). */
  static bind(a: Assertions, seed: number, system: System): void {
    a.run = { seed, system, failure: null };
    activeStack.push(a);
  }

  /** @internal Used by runSeeds: ends the run; returns the first `always` failure of it, caught or not. */
  static unbind(a: Assertions): AssertionFailure | null {
    const failure = a.run === null ? null : a.run.failure;
    a.run = null;
    const i = activeStack.lastIndexOf(a);
    if (i >= 0) activeStack.splice(i, 1);
    return failure;
  }

  /** @internal The registry of the run in progress, if any. */
  static active(): Assertions | null {
    return activeStack.length === 0 ? null : activeStack[activeStack.length - 1]!;
  }
}

const activeStack: Assertions[] = [];
