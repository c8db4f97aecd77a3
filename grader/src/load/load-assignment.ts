import fs from 'node:fs';
import path from 'node:path';
import type { Language, Limits, LoadedAssignment, LoadError, LoadResult, PointGroup, Scenario } from '../scenario/index.js';
import { buildScenario } from './build-scenario.js';
import { checkAssignment, type TestEntry } from './check-assignment.js';
import { CheckContext } from './check-context.js';
import { checkLimits, checkScenario } from './check-scenario.js';
import { displayName } from './file-names.js';
import { mergeLimits } from './limits.js';
import { asObject, asString, type Plain } from './plain.js';
import { readScenarioFile, type ScenarioSource } from './read-scenario-file.js';
import { readYamlText } from './read-yaml-text.js';
import { readYaml } from './read-yaml.js';
import { schemaErrors } from './schema-errors.js';
import { validators } from './validators.js';

export interface LoadOptions {
  /** The export names of the assignment's checks.ts; when given, unknown check names are errors. */
  knownChecks?: ReadonlySet<string>;
}

/**
 * Loads and validates an assignment folder (assignment.yaml and every tests/*.yaml it lists).
 * Never throws for mistakes in the files: it reports all of them, positioned, in one result.
 * Error file names are relative to the assignment folder's parent, e.g. `kv/tests/basic.yaml`.
 */
export function loadAssignment(dir: string, opts: LoadOptions = {}): LoadResult {
  if (typeof dir !== 'string' || dir === '') {
    throw new Error('loadAssignment: pass the assignment folder as a non-empty string, e.g. "assignments/kv"');
  }
  if (typeof opts !== 'object' || opts === null) {
    throw new Error('loadAssignment: pass options as an object, e.g. { knownChecks: new Set(["linearizable"]) }');
  }
  const known = opts.knownChecks;
  if (known !== undefined && (typeof known !== 'object' || known === null || typeof known.has !== 'function')) {
    throw new Error('loadAssignment: pass knownChecks as a Set of check names, or leave it out');
  }

  const absolute = path.resolve(dir);
  const root = path.dirname(absolute);
  const testsDir = path.join(absolute, 'tests');
  const yamlPath = path.join(absolute, 'assignment.yaml');
  const yamlName = displayName(root, yamlPath);
  const read = readYamlText(yamlPath, yamlName, `cannot read ${yamlName}; an assignment folder needs an assignment.yaml`);
  if ('error' in read) return { ok: false, errors: [read.error] };
  const text = read.text;

  const errors: LoadError[] = [];
  const doc = readYaml(text, yamlName);
  errors.push(...doc.errors);
  let entries: TestEntry[] = [];
  const raw = asObject(doc.value);
  const classes = new Set<string>();
  let defaults: Partial<Limits> = {};
  if (doc.value !== undefined) {
    const validate = validators().assignment;
    if (!validate(doc.value)) errors.push(...schemaErrors(validate.errors ?? [], doc.map, 'assignment'));
    for (const c of Array.isArray(raw?.classes) ? raw.classes : []) if (typeof c === 'string') classes.add(c);
    const cx = new CheckContext(doc.map, classes, known);
    entries = checkAssignment(cx, doc.value, testsDir, root);
    defaults = numericFields(asObject(raw?.limits));
    checkLimits(cx, asObject(raw?.limits), {});
    errors.push(...cx.errors);
  }

  const loaded: { entry: TestEntry; source: ScenarioSource }[] = [];
  const names = new Map<string, string>();
  for (const entry of entries) {
    const source = readScenarioFile(entry.absolute, testsDir, root);
    errors.push(...source.errors);
    if (source.value === undefined) continue;
    const validate = validators().scenario;
    if (!validate(source.value)) errors.push(...schemaErrors(validate.errors ?? [], source.map, 'scenario'));
    const cx = new CheckContext(source.map, classes, known);
    checkScenario(cx, source.value, defaults);
    const name = asString(asObject(source.value)?.name);
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined) cx.at('/name', `duplicate test name "${name}"; ${first} already uses it`);
      else names.set(name, displayName(root, entry.absolute));
    }
    errors.push(...cx.errors);
    loaded.push({ entry, source });
  }

  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };
  return { ok: true, assignment: build(dir, absolute, raw as Plain, defaults, loaded, root) };
}

function numericFields(o: Plain | undefined): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const [k, v] of Object.entries(o ?? {})) if (typeof v === 'number') (out as Record<string, number>)[k] = v;
  return out;
}

/** One error per position and message, ordered by file, line, column. */
function sortErrors(errors: LoadError[]): LoadError[] {
  const unique = new Map<string, LoadError>();
  for (const e of errors) unique.set(`${e.file}\u0000${e.line}\u0000${e.column}\u0000${e.message}`, e);
  return [...unique.values()].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column),
  );
}

function build(
  dir: string,
  absolute: string,
  raw: Plain,
  defaults: Partial<Limits>,
  loaded: { entry: TestEntry; source: ScenarioSource }[],
  root: string,
): LoadedAssignment {
  const tests = raw.tests as Plain[];
  const scenarios: Scenario[] = loaded.map(({ entry, source }) => {
    const test = tests[entry.index];
    const value = source.value as Plain;
    const limits = mergeLimits(defaults, numericFields(asObject(value.limits)));
    return buildScenario(value, source.map, {
      file: displayName(root, entry.absolute),
      group: test.group as string,
      points: test.points as number,
      visibility: (test.visibility as 'visible' | 'hidden' | undefined) ?? 'visible',
    }, limits);
  });
  return {
    name: path.basename(absolute),
    dir,
    title: raw.title as string,
    summary: (raw.summary as string | undefined) ?? '',
    entry: raw.entry as string,
    languages: (raw.languages as Language[] | undefined) ?? ['typescript'],
    pythonEntry: (raw.pythonEntry as string | undefined) ?? 'solution.py',
    classes: raw.classes as string[],
    points: raw.points as number,
    groups: (raw.groups as PointGroup[]).map((g) => ({ name: g.name, points: g.points, bonus: g.bonus === true })),
    unknownScore: (raw.unknownScore as 'full' | 'zero' | undefined) ?? 'full',
    determinism: (raw.determinism as 'warning' | 'error' | undefined) ?? 'warning',
    limits: mergeLimits(defaults),
    tests: scenarios,
    checkNames: collectCheckNames(scenarios),
  };
}

function collectCheckNames(scenarios: Scenario[]): string[] {
  const names = new Set<string>();
  for (const s of scenarios) {
    for (const inv of s.invariants) names.add(inv.check.check);
    const steps = s.kind === 'sim' ? s.steps : [...s.setup, ...s.stages.flatMap((st) => st.steps)];
    for (const step of steps) if (step.kind === 'check') names.add(step.check.check);
    if (s.kind === 'mc') {
      for (const search of [s.search, ...s.stages.map((st) => st.search)]) {
        for (const ref of [search.invariant, search.goal, search.prune, search.collect]) if (ref !== null) names.add(ref.check);
      }
    }
  }
  return [...names].sort();
}
