// The two packages as `npm pack` makes them, packed once per test process, and course folders that install them offline.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

let packed: string[] | undefined;

/** Paths of dsgrade-framework-*.tgz and dsgrade-grader-*.tgz, packed from this checkout. */
export function packedTarballs(): string[] {
  if (packed !== undefined) return packed;
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-pack-'));
  const r = spawnSync('npm', ['pack', '-w', 'framework', '-w', 'grader', '--pack-destination', dest, '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
  packed = fs.readdirSync(dest).filter((f) => f.endsWith('.tgz')).sort().map((f) => path.join(dest, f));
  if (packed.length !== 2) throw new Error(`npm pack made ${packed.length} tarballs in ${dest}, expected 2`);
  return packed;
}

/** Runs a command in `cwd` with npm in offline mode: any registry request fails (ENOTCACHED), so all comes from the tarballs and the cache. */
export function offline(cwd: string, cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env });
}
