/**
 * Key under which a sandboxed Process proxy exposes the raw vm instance. A registry symbol,
 * so the framework can read it without depending on the grader.
 */
export const STUDENT_INSTANCE: unique symbol = Symbol.for('dsgrade.studentInstance') as never;
