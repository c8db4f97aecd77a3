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

/** Bounds on what aliases may expand to: a 1 KB file of aliases of aliases can name 10^9 values. */
export const YAML_LIMITS = Object.freeze({ aliases: 10_000, values: 100_000 });

const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Ends the walk at the first bound passed: past it, the rest would only repeat the error. */
class WalkAborted extends Error {}

/** Turns YAML nodes into plain values while recording each node's position by JSON pointer. */
class Walker {
  readonly map = new SourceMap();
  readonly errors: LoadError[] = [];
  private readonly onStack = new Set<Node>();
  private aliases = 0;
  private values = 0;

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
    private readonly text: string,
  ) {}

  private abort(offset: number, message: string): never {
    this.fail(offset, message);
    throw new WalkAborted();
  }

  /** False (after reporting it) when the node carries a tag other than the core ones. */
  private checkTag(n: Node, offset: number): boolean {
    const tag = n.tag;
    if (tag === undefined || CORE_TAGS.has(tag)) return true;
    const shown = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
    this.fail(offset, `unknown YAML tag ${shown}; remove it: dsgrade reads plain maps, lists, strings, numbers, booleans and null`);
    return false;
  }

  private scalar(value: unknown, n: Node, offset: number): unknown {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      const source = this.text.slice(offset, n.range?.[1] ?? offset).trim();
      const what = Number.isNaN(value) ? `${source} is NaN (not a number)` : `${source} is ${value > 0 ? '' : 'minus '}infinity${/inf/i.test(source) ? '' : ' (too large for a number)'}`;
      this.fail(offset, `${what}; write a finite number`);
      return null;
    }
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      this.fail(offset, 'unsupported YAML value; write a string, number, boolean or null');
      return null;
    }
    return value;
  }

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
    if (++this.values > YAML_LIMITS.values) {
      this.abort(offset, `the file expands to more than ${YAML_LIMITS.values} values (an alias bomb?); write the values out or use fewer aliases`);
    }
    if (isAlias(n)) {
      if (++this.aliases > YAML_LIMITS.aliases) {
        this.abort(offset, `more than ${YAML_LIMITS.aliases} alias expansions (an alias bomb?); use fewer aliases`);
      }
      const target = n.resolve(this.doc);
      if (target === undefined) return null; // the parser already reported the unknown anchor
      return this.walk(target, pointer, offset);
    }
    if (this.onStack.has(n)) {
      this.fail(offset, 'an alias refers to a map or list that contains it; YAML values here must not be recursive');
      return null;
    }
    this.map.values.set(pointer, this.pos(offset));
    if (!this.checkTag(n, offset)) return null;
    if (isScalar(n)) return this.scalar(n.value, n, offset);
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
  const walker = new Walker(doc, lines, file, text);
  for (const e of doc.errors) {
    const message =
      e.code === 'DUPLICATE_KEY'
        ? `duplicate key ${keyText(text, e.pos[0])}; a key may appear only once in a map`
        : e.message.split('\n')[0];
    walker.fail(e.pos[0], message);
  }
  if (walker.errors.length > 0) return { value: undefined, map: walker.map, errors: walker.errors };
  let value: unknown;
  try {
    value = walker.walk(doc.contents, '', 0);
  } catch (e) {
    if (!(e instanceof WalkAborted)) throw e;
  }
  return { value: walker.errors.length > 0 ? undefined : value, map: walker.map, errors: walker.errors };
}

/** The key written at `offset`, quoted, for messages about it. */
function keyText(text: string, offset: number): string {
  const m = /^(?:"[^"]*"|'[^']*'|[^:\s,{}[\]]+)/.exec(text.slice(offset));
  const key = m === null ? '' : m[0].replace(/^["']|["']$/g, '');
  return JSON.stringify(key);
}
