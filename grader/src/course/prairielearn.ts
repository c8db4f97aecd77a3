// `dsgrade prairielearn`: an assignment as a folder for a PrairieLearn course's serverFilesCourse/, with the external grader's entry script.
import fs from 'node:fs';
import path from 'node:path';
import { writeBundle, type Bundle, type BundleOptions } from './bundle.js';

/** grade.sh: grade /grade/student into /grade/results/results.json. PL_GRADE_ROOT moves /grade (for tests). */
export function prairieLearnScript(assignment: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(assignment)) throw new Error(`prairieLearnScript: "${assignment}" is not a plain folder name; rename the assignment folder to letters, digits, . _ -`);
  return `#!/usr/bin/env bash
# PrairieLearn's external grader runs this (externalGradingOptions.entrypoint) in an image with Node 20.
set -euo pipefail
ROOT="\${PL_GRADE_ROOT:-/grade}"
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$ROOT/results"
cd "$HERE"
# Exit code 0 whenever grading worked, whatever the score: PrairieLearn then reads results.json.
exec node node_modules/@dsgrade/grader/bin/dsgrade.js grade ${assignment} --solution "$ROOT/student" --out "$ROOT/results/report" --prairielearn "$ROOT/results/results.json"
`;
}

/** The question's info.json settings that use the folder, as written into its README. */
export function prairieLearnOptions(folder: string): Record<string, unknown> {
  return {
    externalGradingOptions: {
      enabled: true,
      image: 'node:20-bookworm-slim',
      serverFilesCourse: [`${folder}/`],
      entrypoint: `/grade/serverFilesCourse/${folder}/grade.sh`,
      timeout: 300,
    },
  };
}

/** Writes `outDir` (to be copied to serverFilesCourse/<its name>/ of the course): the bundle, grade.sh and a README. */
export function buildPrairieLearn(assignmentDir: string, outDir: string, opts: BundleOptions = {}): Bundle {
  const b = writeBundle(assignmentDir, outDir, opts);
  fs.writeFileSync(path.join(outDir, 'grade.sh'), prairieLearnScript(b.name), { mode: 0o755 });
  const folder = path.basename(path.resolve(outDir));
  fs.writeFileSync(
    path.join(outDir, 'README.md'),
    `# dsgrade external grader for ${b.name}

Copy this folder to \`serverFilesCourse/${folder}/\` of the course (it holds the hidden tests:
keep it out of anything students see). A question graded by it names the student's files
(e.g. \`index.ts\`) in its file editor or upload element and sets in its \`info.json\`:

\`\`\`json
${JSON.stringify(prairieLearnOptions(folder), null, 2)}
\`\`\`
`,
  );
  return b;
}
