import fs from 'node:fs';
import path from 'node:path';
import type { LoadError } from '../scenario/index.js';
import { deepMerge, isPlainObject } from './deep-merge.js';
import { displayName, isInside } from './file-names.js';
import { readYaml } from './read-yaml.js';
import { readYamlText } from './read-yaml-text.js';
import { SourceMap } from './source-map.js';

export interface ScenarioSource {
  /** The merged plain value (undefined when the file or a base could not be read). */
  value: unknown;
  map: SourceMap;
  errors: LoadError[];
}

/**
 * Reads a scenario file and the chain of files it `extends`, merged. `root` is the folder
 * error names are relative to; `testsDir` the folder every base must lie in.
 */
export function readScenarioFile(absolute: string, testsDir: string, root: string, chain: string[] = []): ScenarioSource {
  const file = displayName(root, absolute);
  const read = readYamlText(absolute, file, `cannot read ${file}`);
  if ('error' in read) return { value: undefined, map: new SourceMap(), errors: [read.error] };
  const own = readYaml(read.text, file);
  if (own.value === undefined || !isPlainObject(own.value) || typeof own.value.extends !== 'string') return own;

  const target = own.value.extends;
  const at = own.map.valueAt('/extends');
  const fail = (message: string): ScenarioSource => ({ value: undefined, map: own.map, errors: [{ ...at, message }] });
  const baseAbs = path.resolve(path.dirname(absolute), target);
  if (!isInside(testsDir, baseAbs)) {
    return fail(`extends "${target}" points outside the tests folder; name a file in ${displayName(root, testsDir)}/`);
  }
  const seen = [...chain, absolute];
  if (seen.includes(baseAbs)) {
    const cycle = [...seen.slice(seen.indexOf(baseAbs)), baseAbs].map((f) => path.basename(f)).join(' -> ');
    return fail(`extends "${target}" makes a cycle: ${cycle}`);
  }
  if (!fs.existsSync(baseAbs)) {
    return fail(`extends "${target}": no such file ${displayName(root, baseAbs)}`);
  }
  const base = readScenarioFile(baseAbs, testsDir, root, seen);
  if (base.value === undefined) return { value: undefined, map: own.map, errors: base.errors };
  if (!isPlainObject(base.value)) {
    return fail(`extends "${target}": the base file must be a map of scenario keys`);
  }
  const merged = deepMerge(base, own);
  if (isPlainObject(merged.value)) {
    // The merged scenario is not itself an extension any more.
    delete merged.value.extends;
    merged.map.deleteSubtree('/extends');
  }
  return { value: merged.value, map: merged.map, errors: [] };
}
