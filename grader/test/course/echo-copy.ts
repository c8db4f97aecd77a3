// A scratch copy of the echo fixture assignment, for tests that plant mutants, skeletons and checks in it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ECHO = fileURLToPath(new URL('../../../fixtures/assignments/echo/', import.meta.url));

/** Copies the echo fixture (without its `broken` solution) into a fresh temp folder named `echo`. */
export function echoCopy(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-echo-')), 'echo');
  fs.cpSync(ECHO, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}broken`) });
  return dir;
}

export function removeCopy(dir: string): void {
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}

/** A mutant patch that makes the server answer `data` with a suffix: every test of echo fails. */
export function wrongEchoPatch(kills: string[]): string {
  return `# mistake: the server changes what it echoes
# kills: [${kills.join(', ')}]
--- a/index.ts
+++ b/index.ts
@@ -14,5 +14,5 @@
 export class Server implements Process {
   onMessage(msg: Message, from: string, ctx: Context): void {
-    ctx.send(msg, from);
+    ctx.send({ type: msg.type, data: String(msg.data) + '!' }, from);
   }
   onLocalMessage(): void {}
`;
}
