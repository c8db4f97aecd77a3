// `dsgrade gradescope`: an assignment as a Gradescope autograder zip.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBundle, type BundleOptions } from './bundle.js';
import { runAutograderScript, setupScript } from './gradescope-scripts.js';
import { zipFolder } from './zip-folder.js';

export interface GradescopeZip {
  assignment: string;
  files: number;
  bytes: number;
}

/**
 * Writes `zipFile`: setup.sh and run_autograder at its root (where Gradescope looks for them),
 * the assignment with its hidden tests, and dsgrade installed in node_modules/. For the
 * instructor's upload only: it holds every hidden test.
 */
export async function buildGradescopeZip(assignmentDir: string, zipFile: string, opts: BundleOptions = {}): Promise<GradescopeZip> {
  if (!zipFile.endsWith('.zip')) throw new Error(`buildGradescopeZip: ${zipFile} does not end in .zip; pass the zip file to write, e.g. autograder.zip`);
  if (!fs.existsSync(path.dirname(path.resolve(zipFile)))) throw new Error(`buildGradescopeZip: the folder of ${zipFile} does not exist; create it first`);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'dsgrade-gradescope-'));
  try {
    const b = writeBundle(assignmentDir, stage, opts);
    fs.writeFileSync(path.join(stage, 'setup.sh'), setupScript(b.node), { mode: 0o755 });
    fs.writeFileSync(path.join(stage, 'run_autograder'), runAutograderScript(b.name), { mode: 0o755 });
    const z = await zipFolder(stage, zipFile);
    return { assignment: b.name, ...z };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
