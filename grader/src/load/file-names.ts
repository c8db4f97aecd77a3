import path from 'node:path';

/** The name errors use for a file: relative to the assignment's parent folder, `/`-separated. */
export function displayName(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/** True when `absolute` lies inside folder `dir` (not equal to it). */
export function isInside(dir: string, absolute: string): boolean {
  const rel = path.relative(dir, absolute);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
