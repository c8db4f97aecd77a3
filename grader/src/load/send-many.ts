import type { JsonValue, SourcePos, Step } from '../scenario/index.js';
import type { Plain } from './plain.js';

/** `{i}` in a string of a sendMany step's data: the number of the message. */
const NUMBER = /\{i\}/g;

function numbered(v: JsonValue, i: string): JsonValue {
  if (typeof v === 'string') return v.replace(NUMBER, i);
  if (Array.isArray(v)) return v.map((x) => numbered(x, i));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numbered(x, i)]));
  return v;
}

/**
 * Expands a validated `sendMany` step into the `send` steps it stands for, all at the sendMany's
 * position: a bulk workload is one line of YAML, and everything after loading (the simulator,
 * the model checker's setup and stages, traces) sees ordinary sends.
 */
export function sendMany(o: Plain, at: SourcePos): Step[] {
  const to = o.to as string[];
  const count = (o.count as number | undefined) ?? to.length;
  const first = (o.first as number | undefined) ?? 0;
  const data = (o.data as JsonValue | undefined) ?? null;
  const type = o.type as string;
  const out: Step[] = new Array<Step>(count);
  for (let j = 0; j < count; j++) {
    out[j] = { kind: 'send', to: to[j % to.length]!, msg: { type, data: numbered(data, String(first + j)) }, at };
  }
  return out;
}
