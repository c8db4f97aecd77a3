/**
 * `true` only when A and B are the same type: `const x: Same<A, B> = true` fails to compile
 * when a schema's static type and the type it describes drift apart.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
