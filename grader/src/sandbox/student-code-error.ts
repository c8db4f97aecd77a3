/**
 * Host-side copy of something student code threw. Only strings cross from the vm realm, so
 * holding or printing one of these can never run student code. `name` is the student error's
 * own name (e.g. 'RangeError') so that messages read naturally.
 */
export class StudentCodeError extends Error {
  constructor(
    name: string,
    message: string,
    /** Stack as the student realm formatted it ('' if unreadable). */
    readonly studentStack: string,
    /** False when the student threw something that is not an Error (a string, a plain object...). */
    readonly isError: boolean,
    /** The first frame in the student's own files, `index.ts:12:5` ('' when unknown). */
    readonly location: string = '',
  ) {
    super(message);
    this.name = name;
  }
}
