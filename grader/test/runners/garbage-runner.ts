/**
 * A misbehaving runner for the protocol tests: it stands in for a child that has been taken
 * over, or a runner with a bug, and shows the parent stays in control.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobRunner } from '../../src/sandbox/index.js';

export interface GarbageJob {
  mode: 'ok' | 'not-json' | 'oversized' | 'exit' | 'uncaught' | 'non-error' | 'unserialisable' | 'wrong-id' | 'signal' | 'permissions';
  size?: number;
}

function errorCode(run: () => unknown): string {
  try {
    run();
    return 'ALLOWED';
  } catch (e) {
    return String((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}

const run: JobRunner = (input) => {
  const job = input as GarbageJob;
  switch (job.mode) {
    case 'ok':
      return { fine: true };
    case 'not-json':
      fs.writeSync(3, 'this is not json\n');
      return new Promise(() => {});
    case 'oversized':
      fs.writeSync(3, `{"kind":"output","id":1,"text":"${'x'.repeat(job.size ?? 1)}`);
      return new Promise(() => {});
    case 'exit':
      process.exit(3);
    case 'uncaught':
      setTimeout(() => {
        throw new Error('boom outside the runner');
      }, 0);
      return new Promise(() => {});
    case 'non-error':
      throw 'just a string';
    case 'unserialisable':
      return { big: 10n };
    case 'wrong-id':
      fs.writeSync(3, '{"kind":"result","id":999999,"value":"forged"}\n');
      return new Promise(() => {});
    case 'signal':
      process.kill(process.pid, 'SIGSEGV');
      return new Promise(() => {});
    case 'permissions': {
      const outside = path.join(os.tmpdir(), `dsgrade-perm-${process.pid}`);
      return {
        readOutside: errorCode(() => fs.readFileSync('/etc/hostname')),
        write: errorCode(() => fs.writeFileSync(outside, 'x')),
        spawn: errorCode(() => execSync('true')),
        // The parent looks for this file: the child may not even ask whether it exists.
        outside,
      };
    }
  }
};

export default run;
