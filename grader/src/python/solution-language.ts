import fs from 'node:fs';
import path from 'node:path';
import type { Language, LoadedAssignment } from '../scenario/index.js';

/**
 * The language of a solution folder: the one asked for (--language), else the one whose entry
 * file the folder holds. Returns a string saying what to pass when it cannot tell.
 */
export function solutionLanguage(a: LoadedAssignment, solutionDir: string, requested: Language | undefined): Language | string {
  if (requested !== undefined) {
    return a.languages.includes(requested) ? requested : `${a.name} does not offer ${requested}; its languages are: ${a.languages.join(', ')}`;
  }
  const present = a.languages.filter((l) => fs.existsSync(path.join(solutionDir, l === 'python' ? a.pythonEntry : a.entry)));
  if (present.length === 1) return present[0]!;
  if (present.length === 0) return a.languages[0]!;
  return `${solutionDir} holds entry files of ${present.join(' and ')}; pass --language ${present.join(' or --language ')}`;
}
