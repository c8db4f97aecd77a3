/**
 * A JSON.stringify replacer that keeps Map and Set when the child sends a result to the parent:
 * state snapshots hold them (the framework copies them) and plain JSON would turn them into `{}`.
 * The tagged forms are the ones report/trace-viewer/json-safe.ts produces, so the viewer draws
 * both alike: `{ $Map: [[key, value], ...] }` and `{ $Set: [item, ...] }`.
 */
// Taken at load time, so nothing that runs later can change how results are tagged.
const toTag = Object.prototype.toString;

export function tagCollections(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // Tag checks rather than instanceof: the snapshots come from the student's realm.
  const tag = toTag.call(value);
  if (tag === '[object Map]') return { $Map: [...(value as Map<unknown, unknown>).entries()] };
  if (tag === '[object Set]') return { $Set: [...(value as Set<unknown>)] };
  return value;
}
