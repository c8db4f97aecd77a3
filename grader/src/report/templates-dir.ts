import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/*
 * The handlebars templates and viewer assets live in the repository's top-level templates/.
 * An installed @dsgrade/grader carries a copy in its own templates/ (copied there by the
 * package's prepack script), so that copy is looked for first.
 */
const IN_PACKAGE = new URL('../../../templates/', import.meta.url);
const IN_REPOSITORY = new URL('../../../../templates/', import.meta.url);

/** The URL of a subfolder of templates/ (with a trailing slash), e.g. templatesDir('report'). */
export function templatesDir(sub: string): URL {
  const found = fs.existsSync(fileURLToPath(IN_PACKAGE)) ? IN_PACKAGE : IN_REPOSITORY;
  if (!fs.existsSync(fileURLToPath(new URL(`${sub}/`, found)))) {
    throw new Error(`templatesDir: no templates/${sub}/ in ${fileURLToPath(found)}; is @dsgrade/grader installed completely (npm pack runs its prepack script)?`);
  }
  return pathToFileURL(fileURLToPath(new URL(`${sub}/`, found)) + '/');
}
