import assert from 'node:assert/strict';
import { readSchema } from '../src/load/schema-files.js';

type Node = { [key: string]: unknown };

/** Paths of properties (and $defs) that lack a description; these are the editor's docs. */
function undocumented(node: unknown, where: string, root: Node, out: string[] = []): string[] {
  if (typeof node !== 'object' || node === null) return out;
  const n = node as Node;
  for (const group of ['properties', '$defs']) {
    const children = n[group];
    if (typeof children !== 'object' || children === null) continue;
    for (const [key, child] of Object.entries(children as Node)) {
      const c = child as Node;
      if (group === 'properties' && !described(c, root)) out.push(`${where}.${key}`);
      undocumented(c, `${where}.${key}`, root, out);
    }
  }
  for (const key of ['items', 'additionalProperties']) undocumented(n[key], `${where}[]`, root, out);
  return out;
}

/** A property is described by its own description or by that of the definition it refers to. */
function described(n: Node, root: Node): boolean {
  if (typeof n.description === 'string') return true;
  if (typeof n.$ref !== 'string') return false;
  const target = (root.$defs as Node)[n.$ref.replace('#/$defs/', '')] as Node | undefined;
  return target !== undefined && typeof target.description === 'string';
}

describe('the JSON Schemas', () => {
  for (const name of ['assignment.schema.json', 'scenario.schema.json']) {
    it(`${name} is draft 2020-12, closed, and describes every property`, () => {
      const schema = readSchema(name);
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
      assert.equal(schema.additionalProperties, false);
      assert.deepEqual(undocumented(schema, '', schema), []);
    });
  }

  it('closes every object with additionalProperties: false, except maps of names', () => {
    const open: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Node;
      const isObject = n.type === 'object' || (Array.isArray(n.type) && n.type.includes('object'));
      if (isObject && n.properties !== undefined && n.additionalProperties !== false) open.push(where);
      for (const [k, v] of Object.entries(n)) visit(v, `${where}/${k}`);
    };
    visit(readSchema('scenario.schema.json'), '');
    visit(readSchema('assignment.schema.json'), '');
    assert.deepEqual(open, []);
  });

  it('both schemas define the same limits', () => {
    const a = (readSchema('assignment.schema.json').properties as Node).limits as Node;
    const s = (readSchema('scenario.schema.json').$defs as Node).limits as Node;
    assert.deepEqual(a.properties, s.properties);
  });
});
