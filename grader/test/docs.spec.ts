import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('README', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('has the two-line quick start', () => {
    assert.match(readme, /## Quick start\n\n```\nnpm install && npm run grade -- ping-pong\nnpm test\n```/);
  });

  it('its TypeScript example runs and prints the PONG the client got back', () => {
    const [example] = tsBlocks(readme);
    assert.ok(example !== undefined, 'README has a ts example');
    const js = esbuild.transformSync(example, { loader: 'ts', format: 'esm' }).code;
    // Written inside the repository so that '@dsgrade/framework' resolves like it does for users.
    const dir = fs.mkdtempSync(path.join(ROOT, 'grader', 'dist', 'readme-'));
    const file = path.join(dir, 'example.mjs');
    fs.writeFileSync(file, js);
    try {
      const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^\[ \{ type: 'PONG', data: 'hi' \} \]/);
      assert.match(r.stdout, /sent: 2/);
      const again = spawnSync(process.execPath, [file], { encoding: 'utf8' });
      assert.equal(again.stdout, r.stdout, 'same seed, same output');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
