import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const explorerJs = fileURLToPath(new URL('../../../templates/explorer/explorer.js', import.meta.url));
const globals = fileURLToPath(new URL('../../../templates/trace-viewer/viewer-globals.d.ts', import.meta.url));

describe('the explorer page script', function () {
  this.timeout(60_000);

  it('explorer.js type-checks as browser JavaScript with unused-code checks on', () => {
    const program = ts.createProgram([explorerJs, globals], {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(problems, []);
  });

  it('puts HTML only where the grader rendered it (the diagram) and asks only its own server', () => {
    const source = readFileSync(explorerJs, 'utf8');
    assert.equal(source.split('innerHTML').length - 1, 1, 'one innerHTML: the trace viewer fragment');
    for (const banned of ['outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'XMLHttpRequest', 'WebSocket', 'import(', 'http:', 'https:']) {
      assert.ok(!source.includes(banned), `explorer.js uses ${banned}`);
    }
    assert.deepEqual(source.match(/fetch\([^,)]*/g), ["fetch('/api/' + op"]);
  });
});
