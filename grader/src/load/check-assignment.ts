import fs from 'node:fs';
import path from 'node:path';
import type { CheckContext } from './check-context.js';
import { listNames } from './describe.js';
import { displayName, isInside } from './file-names.js';
import { asArray, asNumber, asObject, asString } from './plain.js';
import { childPointer } from './source-map.js';

const EPSILON = 1e-9;

/** A test entry of assignment.yaml whose file exists and may be loaded. */
export interface TestEntry {
  index: number;
  absolute: string;
}

/**
 * Semantic checks of assignment.yaml: unique names, points that add up, test files that
 * exist. Returns the test entries whose scenario file can be read.
 */
export function checkAssignment(cx: CheckContext, raw: unknown, testsDir: string, root: string): TestEntry[] {
  const a = asObject(raw);
  if (a === undefined) return [];
  const seenClasses = new Set<string>();
  asArray(a.classes).forEach((c, i) => {
    if (typeof c !== 'string') return;
    if (seenClasses.has(c)) cx.at(childPointer('/classes', i), `duplicate class "${c}" in classes`);
    seenClasses.add(c);
  });

  const groups = new Map<string, { points: number | undefined; bonus: boolean; index: number; sum: number }>();
  asArray(a.groups).forEach((g, i) => {
    const name = asString(asObject(g)?.name);
    if (name === undefined) return;
    if (groups.has(name)) {
      cx.at(childPointer(childPointer('/groups', i), 'name'), `duplicate group "${name}"; group names must be unique`);
      return;
    }
    groups.set(name, { points: asNumber(asObject(g)?.points), bonus: asObject(g)?.bonus === true, index: i, sum: 0 });
  });

  const entries: TestEntry[] = [];
  const files = new Map<string, number>();
  asArray(a.tests).forEach((t, i) => {
    const test = asObject(t);
    const p = childPointer('/tests', i);
    const group = asString(test?.group);
    const points = asNumber(test?.points);
    if (group !== undefined) {
      const g = groups.get(group);
      if (g === undefined) cx.at(childPointer(p, 'group'), `unknown group "${group}" in tests[${i}]; groups are: ${listNames(groups.keys())}`);
      else if (points !== undefined) g.sum += points;
    }
    const file = asString(test?.file);
    if (file === undefined) return;
    const absolute = path.resolve(testsDir, file);
    const first = files.get(absolute);
    if (first !== undefined) {
      cx.at(childPointer(p, 'file'), `test file "${file}" is listed twice: here and in tests[${first}]`);
      return;
    }
    files.set(absolute, i);
    if (!isInside(testsDir, absolute)) {
      cx.at(childPointer(p, 'file'), `test file "${file}" is outside the tests folder; name a file in ${displayName(root, testsDir)}/`);
    } else if (!/\.ya?ml$/.test(file)) {
      return; // the schema reports the file name
    } else if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) {
      cx.at(childPointer(p, 'file'), `test file "${file}" not found in ${displayName(root, testsDir)}/`);
    } else {
      entries.push({ index: i, absolute });
    }
  });

  checkPoints(cx, a, groups);
  return entries;
}

function checkPoints(
  cx: CheckContext,
  a: NonNullable<ReturnType<typeof asObject>>,
  groups: Map<string, { points: number | undefined; bonus: boolean; index: number; sum: number }>,
): void {
  const total = asNumber(a.points);
  let groupSum = 0;
  let complete = true;
  for (const [name, g] of groups) {
    if (g.points === undefined) {
      complete = false;
      continue;
    }
    if (!g.bonus) groupSum += g.points;
    if (Math.abs(g.sum - g.points) > EPSILON) {
      cx.at(`/groups/${g.index}/points`, `group "${name}" has ${g.points} points but its tests add up to ${round(g.sum)}; make them equal`);
    }
  }
  if (total !== undefined && complete && groups.size > 0 && Math.abs(groupSum - total) > EPSILON) {
    const bonus = [...groups.values()].some((g) => g.bonus) ? ' (bonus groups not counted)' : '';
    cx.at('/points', `points is ${total} but the groups add up to ${round(groupSum)}${bonus}; make them equal`);
  }
}

function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}
