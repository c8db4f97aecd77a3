import { childPointer, SourceMap } from './source-map.js';

type Plain = { [key: string]: unknown };

export function isPlainObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `extends` rule: maps merge key by key with `over` winning; scalars and lists replace
 * whole. Positions follow the values, so an error in an inherited value points into the base.
 */
export function deepMerge(
  base: { value: unknown; map: SourceMap },
  over: { value: unknown; map: SourceMap },
): { value: unknown; map: SourceMap } {
  const map = new SourceMap();
  map.copySubtree(base.map, '');
  const value = mergeAt(base.value, over.value, '', map, over.map);
  return { value, map };
}

function mergeAt(base: unknown, over: unknown, pointer: string, map: SourceMap, overMap: SourceMap): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) {
    map.deleteSubtree(pointer);
    map.copySubtree(overMap, pointer);
    return over;
  }
  const pos = overMap.values.get(pointer);
  if (pos !== undefined) map.values.set(pointer, pos);
  const keyPos = overMap.keys.get(pointer);
  if (keyPos !== undefined) map.keys.set(pointer, keyPos);
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const p = childPointer(pointer, k);
    out[k] = Object.prototype.hasOwnProperty.call(base, k) ? mergeAt(base[k], v, p, map, overMap) : replace(v, p, map, overMap);
  }
  return out;
}

function replace(v: unknown, pointer: string, map: SourceMap, overMap: SourceMap): unknown {
  map.deleteSubtree(pointer);
  map.copySubtree(overMap, pointer);
  return v;
}
