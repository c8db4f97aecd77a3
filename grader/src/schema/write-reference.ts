/**
 * Rewrites the generated key reference of assignments/FORMAT.md (between the reference
 * markers) from the schemas. Run after changing a schema:
 *   npx tsc -b grader && node grader/dist/src/schema/write-reference.js assignments/FORMAT.md
 */
import fs from 'node:fs';
import { replaceReference } from './replace-reference.js';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node grader/dist/src/schema/write-reference.js assignments/FORMAT.md');
  process.exit(2);
}
fs.writeFileSync(file, replaceReference(fs.readFileSync(file, 'utf8')));
