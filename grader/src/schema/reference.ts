import { readSchema } from '../load/index.js';

/*
 * The key reference of FORMAT.md, generated from the schemas' descriptions so the docs cannot
 * drift from the validator. Shared definitions (network, limits, steps, search) get their own
 * table and are linked by name from where they are used.
 */

type SchemaNode = { [key: string]: unknown };

const SECTIONS: Record<string, string> = {
  network: 'Network', chaos: 'Chaos', limits: 'Limits', step: 'Steps', search: 'Search', stage: 'Stages', process: 'Processes',
};

interface Row {
  key: string;
  type: string;
  description: string;
}

class Renderer {
  constructor(private readonly schema: SchemaNode) {}

  private def(ref: string): [string, SchemaNode] {
    const name = ref.replace('#/$defs/', '');
    const defs = (this.schema.$defs ?? {}) as Record<string, SchemaNode>;
    return [name, defs[name]];
  }

  /** Follows $refs that are not sections; returns the node and, for a section, its title. */
  private resolve(node: SchemaNode): { node: SchemaNode; section?: string } {
    let n = node;
    while (typeof n.$ref === 'string') {
      const [name, target] = this.def(n.$ref);
      if (SECTIONS[name] !== undefined) return { node: { ...target, ...stripRef(n) }, section: SECTIONS[name] };
      n = { ...target, ...stripRef(n), description: n.description ?? target.description };
    }
    return { node: n };
  }

  typeOf(node: SchemaNode): string {
    const { node: n, section } = this.resolve(node);
    if (section !== undefined) return `(see ${section})`;
    if (Array.isArray(n.enum)) return n.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
    const types = Array.isArray(n.type) ? n.type : n.type === undefined ? ['any JSON'] : [n.type];
    return types
      .map((t) => (t === 'array' && typeof n.items === 'object' ? `list of ${this.typeOf(n.items as SchemaNode)}` : String(t)))
      .join(' or ')
      .replace('object', 'map');
  }

  rows(node: SchemaNode, prefix: string, out: Row[] = []): Row[] {
    const { node: n } = this.resolve(node);
    const required = new Set((n.required as string[] | undefined) ?? []);
    for (const [key, child] of Object.entries((n.properties ?? {}) as Record<string, SchemaNode>)) {
      const path = `${prefix}${key}`;
      const resolved = this.resolve(child);
      const description = String(child.description ?? resolved.node.description ?? '');
      out.push({ key: `\`${path}\`${required.has(key) ? ' (required)' : ''}`, type: this.typeOf(child), description });
      if (resolved.section !== undefined) continue;
      const items = resolved.node.items as SchemaNode | undefined;
      if (resolved.node.properties !== undefined || typeof resolved.node.additionalProperties === 'object') this.rows(resolved.node, `${path}.`, out);
      else if (items !== undefined && this.resolve(items).section === undefined) this.rows(items, `${path}[].`, out);
    }
    const extra = n.additionalProperties;
    if (typeof extra === 'object' && extra !== null) {
      const e = extra as SchemaNode;
      out.push({ key: `\`${prefix}<name>\``, type: this.typeOf(e), description: String(e.description ?? '') });
      if (e.items !== undefined && this.resolve(e.items as SchemaNode).section === undefined) this.rows(e.items as SchemaNode, `${prefix}<name>[].`, out);
    }
    return out;
  }

  section(name: string): SchemaNode {
    return this.def(`#/$defs/${name}`)[1];
  }
}

function stripRef(n: SchemaNode): SchemaNode {
  const { $ref: _ref, ...rest } = n;
  return rest;
}

function table(rows: Row[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = rows.map((r) => `| ${r.key} | ${r.type} | ${esc(r.description)} |`);
  return ['| Key | Type | Description |', '|---|---|---|', ...lines].join('\n');
}

/** The reference section of FORMAT.md: one table per file format and per shared definition. */
export function schemaReference(): string {
  const assignment = new Renderer(readSchema('assignment.schema.json'));
  const scenario = new Renderer(readSchema('scenario.schema.json'));
  const parts = [
    '### assignment.yaml', table(assignment.rows(readSchema('assignment.schema.json'), '')),
    '### Scenario (tests/*.yaml)', table(scenario.rows(readSchema('scenario.schema.json'), '')),
  ];
  for (const [def, title] of Object.entries(SECTIONS)) {
    parts.push(`### ${title}`, table(scenario.rows(scenario.section(def), '')));
  }
  return `${parts.join('\n\n')}\n`;
}
