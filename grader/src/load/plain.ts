/** Defensive readers for values that may not have passed the schema: wrong shapes read as undefined. */

export type Plain = { [key: string]: unknown };

export function asObject(v: unknown): Plain | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Plain) : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function has(o: Plain | undefined, key: string): boolean {
  return o !== undefined && Object.prototype.hasOwnProperty.call(o, key);
}
