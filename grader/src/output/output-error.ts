/** An output path the grader cannot write: one line for the user, exit code 2, never a stack trace. */
export class OutputError extends Error {
  override name = 'OutputError';
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** A short reason for a file-system error, e.g. "permission denied (EACCES)". */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return `${REASONS[code] ?? 'cannot be written'} (${code})`;
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}
