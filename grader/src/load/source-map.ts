import type { SourcePos } from '../scenario/index.js';

/** JSON pointer of `key` under `parent` (RFC 6901 escaping, as ajv's instancePath uses). */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Splits a JSON pointer into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/**
 * Where each value (and each map key) of a loaded YAML value was written, by JSON pointer.
 * After `extends` merging, one map holds positions from several files.
 */
export class SourceMap {
  readonly values = new Map<string, SourcePos>();
  readonly keys = new Map<string, SourcePos>();

  /** Position of the value at `pointer`, or of its nearest ancestor that has one. */
  valueAt(pointer: string): SourcePos {
    for (let p = pointer; ; p = parentPointer(p)) {
      const pos = this.values.get(p);
      if (pos !== undefined) return pos;
      if (p === '') throw new Error('SourceMap.valueAt: the map has no root position; record one for pointer ""');
    }
  }

  /** Position of the key naming the value at `pointer` (falls back to the value's position). */
  keyAt(pointer: string): SourcePos {
    return this.keys.get(pointer) ?? this.valueAt(pointer);
  }

  /** Drops every entry at `pointer` or below it. */
  deleteSubtree(pointer: string): void {
    for (const table of [this.values, this.keys]) {
      for (const p of [...table.keys()]) {
        if (p === pointer || p.startsWith(`${pointer}/`)) table.delete(p);
      }
    }
  }

  /** Copies `other`'s entries at `pointer` or below it into this map. */
  copySubtree(other: SourceMap, pointer: string): void {
    for (const [mine, theirs] of [
      [this.values, other.values],
      [this.keys, other.keys],
    ] as const) {
      for (const [p, pos] of theirs) {
        if (p === pointer || p.startsWith(`${pointer}/`)) mine.set(p, pos);
      }
    }
  }
}
