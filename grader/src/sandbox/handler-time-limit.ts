/** A student call (handler, constructor, top level) ran past its wall-time budget and was ended. */
export class HandlerTimeLimit extends Error {
  override name = 'HandlerTimeLimit';
  constructor(
    readonly what: string,
    readonly budgetMs: number,
  ) {
    super(`${what} ran for more than ${budgetMs / 1000} s of wall time (an infinite loop?); each handler call must return within ${budgetMs / 1000} s`);
  }
}
