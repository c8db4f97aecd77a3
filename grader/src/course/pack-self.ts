// The running dsgrade as two npm tarballs, so a bundle installs exactly the grader that built it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameworkLocation } from '../framework-location.js';

/** Packs @dsgrade/framework and @dsgrade/grader, as installed or checked out, into `dest`; returns the two tarballs. */
export function packSelf(dest: string): string[] {
  if (!fs.existsSync(dest) || !fs.statSync(dest).isDirectory()) throw new Error(`packSelf: ${dest} is not a folder; pass an existing folder for the tarballs`);
  const grader = fileURLToPath(new URL('../../../', import.meta.url));
  const framework = frameworkLocation().packageDir;
  // In a checkout, the grader's prepack copies the repository's templates in; an installed package has them and no script.
  const checkout = fs.existsSync(path.join(grader, 'scripts', 'copy-templates.js'));
  const args = ['pack', framework, grader, '--pack-destination', dest, '--silent', ...(checkout ? [] : ['--ignore-scripts'])];
  const r = spawnSync('npm', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packSelf: "npm ${args.join(' ')}" failed: ${r.stderr.trim() || r.error?.message}`);
  const made = fs.readdirSync(dest).filter((f) => /^dsgrade-(framework|grader)-.*\.tgz$/.test(f)).sort();
  if (made.length !== 2) throw new Error(`packSelf: npm pack left ${made.length} dsgrade tarballs in ${dest}, expected 2`);
  return made.map((f) => path.join(dest, f));
}
