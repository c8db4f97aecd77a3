import { escapeInvisible } from '../invisible.js';

/**
 * Turns trace payloads and state snapshots into plain JSON data for display. Snapshots may hold
 * Map and Set (the framework copies them), and student data may hold values JSON cannot carry;
 * none of that may make rendering throw or silently show `{}`.
 */
export function toJsonSafe(value: unknown): unknown {
  return convert(value, new Set<object>());
}

/** Deeper data is shown as a note: the child already cuts at this depth, and recursion here must stay bounded. */
const MAX_DEPTH = 200;

function convert(value: unknown, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      return escapeInvisible(value);
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return `${value.toString()}n`;
    case 'undefined':
      return null;
    case 'function':
      return '[function]';
    case 'symbol':
      return value.toString();
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return '[circular]';
  if (ancestors.size >= MAX_DEPTH) return `[nested deeper than ${MAX_DEPTH} levels]`;
  ancestors.add(object);
  try {
    return convertObject(object, ancestors);
  } finally {
    ancestors.delete(object);
  }
}

function convertObject(object: object, ancestors: Set<object>): unknown {
  if (Array.isArray(object)) return object.map((item) => convert(item, ancestors));
  // Tag checks rather than instanceof: snapshots may come from another realm (the sandbox).
  const tag = Object.prototype.toString.call(object);
  if (tag === '[object Map]') {
    const entries = [...(object as Map<unknown, unknown>).entries()];
    return { $Map: entries.map(([key, item]) => [convert(key, ancestors), convert(item, ancestors)]) };
  }
  if (tag === '[object Set]') return { $Set: [...(object as Set<unknown>)].map((item) => convert(item, ancestors)) };
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    plain[escapeInvisible(key)] = convert((object as Record<string, unknown>)[key], ancestors);
  }
  return plain;
}
