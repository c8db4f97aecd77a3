import { pointerSegments } from './source-map.js';

/** `/steps/2/send/to` -> `steps[2].send.to`; the empty pointer -> `root`. */
export function describePath(pointer: string, root: string): string {
  let out = '';
  for (const seg of pointerSegments(pointer)) {
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  }
  return out === '' ? root : out;
}

/** A short rendering of a value found in the YAML, for "got ..." phrases. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  const json = JSON.stringify(v);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
  null: 'empty',
};

export function describeType(type: unknown): string {
  const list = Array.isArray(type) ? type : [type];
  return list.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

/** Sorted, comma-separated names for "expected one of" phrases. */
export function listNames(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? '(none)' : all.join(', ');
}
