import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The schemas stay plain .json files under grader/src/schema (editors read them directly), so
 * they are read from the package's source folder at run time rather than compiled in: this
 * works the same from src/ and from dist/src/.
 */

function packageRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('schemaFile: no package.json above the grader module; is the install complete?');
  }
}

/** Absolute path of a schema file of grader/src/schema, e.g. "scenario.schema.json". */
export function schemaPath(name: string): string {
  return path.join(packageRoot(), 'src', 'schema', name);
}

/** The parsed JSON of a schema file of grader/src/schema. */
export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(schemaPath(name), 'utf8')) as Record<string, unknown>;
}
