import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const templates = new URL('../../../templates/trace-viewer/', import.meta.url);
const viewerJs = fileURLToPath(new URL('viewer.js', templates));

describe('the trace viewer browser assets', function () {
  this.timeout(60_000);

  it('viewer.js type-checks as browser JavaScript with unused-code checks on', () => {
    const program = ts.createProgram([viewerJs, fileURLToPath(new URL('viewer-globals.d.ts', templates))], {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(problems, []);
  });

  it('never turns text into markup or code and never touches the network', () => {
    const source = readFileSync(viewerJs, 'utf8');
    for (const banned of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'fetch(', 'XMLHttpRequest', 'WebSocket', 'import(', 'Math.random', 'Date.now']) {
      assert.ok(!source.includes(banned), `viewer.js uses ${banned}`);
    }
  });
});
