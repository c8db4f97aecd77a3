import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { LoadError, SourcePos } from '../scenario/index.js';
import { childPointer, SourceMap } from './source-map.js';

export interface ReadYaml {
  /** The plain value (aliases and `<<` merge keys resolved); undefined when there are errors. */
  value: unknown;
  map: SourceMap;
  errors: LoadError[];
}

type Plain = { [key: string]: unknown };

/** Turns YAML nodes into plain values while recording each node's position by JSON pointer. */
class Walker {
  readonly map = new SourceMap();
  readonly errors: LoadError[] = [];
  private readonly onStack = new Set<Node>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  pos(offset: number): SourcePos {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  fail(offset: number, message: string): void {
    this.errors.push({ ...this.pos(offset), message });
  }

  walk(node: unknown, pointer: string, fallbackOffset: number): unknown {
    if (node === null || node === undefined) {
      this.map.values.set(pointer, this.pos(fallbackOffset));
      return null;
    }
    const n = node as Node;
    const offset = n.range?.[0] ?? fallbackOffset;
    if (isAlias(n)) {
      const target = n.resolve(this.doc);
      if (target === undefined) return null; // the parser already reported the unknown anchor
      return this.walk(target, pointer, offset);
    }
    if (this.onStack.has(n)) {
      this.fail(offset, 'an alias refers to a map or list that contains it; YAML values here must not be recursive');
      return null;
    }
    this.map.values.set(pointer, this.pos(offset));
    if (isScalar(n)) return n.value;
    this.onStack.add(n);
    try {
      if (isSeq(n)) return n.items.map((item, i) => this.walk(item, childPointer(pointer, i), offset));
      if (isMap(n)) return this.walkMap(n, pointer, offset);
    } finally {
      this.onStack.delete(n);
    }
    this.fail(offset, 'unsupported YAML node; use maps, lists and plain values');
    return null;
  }

  private walkMap(node: YAMLMap, pointer: string, offset: number): Plain {
    const out: Plain = {};
    const merges: unknown[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const keyOffset = key?.range?.[0] ?? offset;
      if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
        this.fail(keyOffset, 'map keys must be plain names; write `name: value`');
        continue;
      }
      const name = String(key.value);
      if (name === '<<' && key.type === 'PLAIN') {
        merges.push(pair.value);
        continue;
      }
      const p = childPointer(pointer, name);
      this.map.keys.set(p, this.pos(keyOffset));
      out[name] = this.walk(pair.value, p, keyOffset);
    }
    for (const m of merges) this.mergeKeys(out, m, pointer, offset);
    return out;
  }

  /** `<<: *anchor` (or a list of them) adds the anchored map's keys this map does not set itself. */
  private mergeKeys(out: Plain, source: unknown, pointer: string, offset: number): void {
    let node = source as Node | null;
    if (isAlias(node)) node = (node.resolve(this.doc) as Node | undefined) ?? null;
    if (isSeq(node)) {
      for (const item of node.items) this.mergeKeys(out, item, pointer, offset);
      return;
    }
    if (!isMap(node)) {
      this.fail((source as Node | null)?.range?.[0] ?? offset, '`<<` must be followed by an alias of a map (`<<: *name`) or a list of them');
      return;
    }
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key)) continue;
      const name = String(key.value);
      if (Object.prototype.hasOwnProperty.call(out, name)) continue;
      const p = childPointer(pointer, name);
      const keyOffset = key.range?.[0] ?? offset;
      this.map.keys.set(p, this.pos(keyOffset));
      out[name] = this.walk(pair.value, p, keyOffset);
    }
  }
}

/** Parses one YAML file's text; `file` is the name errors carry. */
export function readYaml(text: string, file: string): ReadYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const walker = new Walker(doc, lines, file);
  for (const e of doc.errors) {
    const message =
      e.code === 'DUPLICATE_KEY'
        ? `duplicate key ${keyText(text, e.pos[0])}; a key may appear only once in a map`
        : e.message.split('\n')[0];
    walker.fail(e.pos[0], message);
  }
  if (walker.errors.length > 0) return { value: undefined, map: walker.map, errors: walker.errors };
  const value = walker.walk(doc.contents, '', 0);
  return { value: walker.errors.length > 0 ? undefined : value, map: walker.map, errors: walker.errors };
}

/** The key written at `offset`, quoted, for messages about it. */
function keyText(text: string, offset: number): string {
  const m = /^(?:"[^"]*"|'[^']*'|[^:\s,{}[\]]+)/.exec(text.slice(offset));
  const key = m === null ? '' : m[0].replace(/^["']|["']$/g, '');
  return JSON.stringify(key);
}
