import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { annotateBuggifySites } from '../src/compile/buggify-sites.js';
import { gradeSubmission } from '../src/grade/grade-submission.js';

describe('compile-time buggify sites', () => {
  it('adds file:line:column of the buggify name as the last argument of each call', () => {
    const src = [
      'class A {',
      '  onTimer(_n: string, ctx: Ctx) {',
      '    if (ctx.buggify()) return;',
      '    if (ctx.buggify(0.1)) ctx.send(m, "b");',
      '    const s = "ctx.buggify(0.5)"; // ctx.buggify(1)',
      '    this.ctx?.buggify(f(1, 2));',
      '    ctx.buggify(...args);',
      '  }',
      '}',
    ].join('\n');
    const out = annotateBuggifySites(src, 'src/node.ts').split('\n');
    assert.equal(out[2], '    if (ctx.buggify(undefined, "src/node.ts:3:13")) return;');
    assert.equal(out[3], '    if (ctx.buggify(0.1, "src/node.ts:4:13")) ctx.send(m, "b");');
    assert.equal(out[4], '    const s = "ctx.buggify(0.5)"; // ctx.buggify(1)', 'strings and comments are not code');
    assert.equal(out[5], '    this.ctx?.buggify(f(1, 2), "src/node.ts:6:15");');
    assert.equal(out[6], '    ctx.buggify(...args);', 'a spread call is left to the run-time site capture');
  });

  it('gives a site the same id until the lines before it are edited', () => {
    const a = annotateBuggifySites('x;\nctx.buggify(0.2);\n', 'n.ts');
    assert.equal(annotateBuggifySites('x;\nctx.buggify(0.2);\n', 'n.ts'), a);
    assert.match(annotateBuggifySites('x;\ny;\nctx.buggify(0.2);\n', 'n.ts'), /"n\.ts:3:5"/);
    assert.match(annotateBuggifySites('x;\nctx.buggify(0.2); z();\n', 'n.ts'), /"n\.ts:2:5"/, 'an edit after it on the line does not move it');
  });

  it('in a graded chaos run, sites are named by the compiler and activate by seed', async function () {
    this.timeout(120_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-buggify-'));
    try {
      const a = path.join(root, 'assignment');
      fs.mkdirSync(path.join(a, 'tests'), { recursive: true });
      fs.writeFileSync(path.join(a, 'assignment.yaml'), 'title: t\nsummary: s\nentry: index.ts\nclasses: [Node]\npoints: 1\ngroups: [{ name: g, points: 1 }]\ntests: [{ file: t.yaml, group: g, points: 1 }]\n');
      fs.writeFileSync(
        path.join(a, 'tests', 't.yaml'),
        'kind: sim\nname: t\nnodes:\n  n1: [{ id: a, class: Node, args: [b] }]\n  n2: [{ id: b, class: Node, args: [a] }]\nnetwork: { chaos: { buggify: true } }\nsteps:\n  - send: { to: a, type: GO, data: 0 }\n  - runUntilQuiet: {}\n',
      );
      const sol = path.join(root, 'solution');
      fs.mkdirSync(sol);
      fs.writeFileSync(
        path.join(sol, 'index.ts'),
        [
          "import type { Context, Message, Process } from '@dsgrade/framework';",
          'export class Node implements Process {',
          '  hops = 0;',
          '  constructor(private readonly peer: string) {}',
          '  onLocalMessage(_m: Message, ctx: Context): void { this.pass(ctx); }',
          '  onMessage(_m: Message, _f: string, ctx: Context): void { this.pass(ctx); }',
          '  onTimer(): void {}',
          '  private pass(ctx: Context): void {',
          '    if (++this.hops > 20) return;',
          '    if (ctx.buggify(0.9)) return;',
          "    ctx.send({ type: 'HOP', data: this.hops }, this.peer);",
          '  }',
          '}',
          '',
        ].join('\n'),
      );
      const fired = new Set<string>();
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const r = await gradeSubmission({ assignmentDir: a, solutionDir: sol, seed, trace: true, replayCommand: () => '' });
        for (const e of r.tests[0]!.trace?.events ?? []) if (e.detail?.startsWith('buggify fired at ')) fired.add(e.detail);
      }
      assert.deepEqual([...fired], ['buggify fired at index.ts:10:13'], 'the one site, named by its source position, fires in the seeds that activate it');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
