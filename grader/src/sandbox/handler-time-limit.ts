import { LimitExceeded } from '@dsgrade/framework';

/**
 * A student call (handler, constructor, top level) ran past its wall-time budget and was ended.
 * A LimitExceeded of its own kind, so the run ends with a `limit` outcome (handlerTime), not as a
 * student's error.
 */
export class HandlerTimeLimit extends LimitExceeded {
  override name = 'HandlerTimeLimit';
  constructor(
    readonly what: string,
    readonly budgetMs: number,
  ) {
    const detail = `${what} ran for more than ${budgetMs / 1000} s of wall time (an infinite loop?); each handler call must return within ${budgetMs / 1000} s`;
    super('handlerTime', budgetMs / 1000, detail, 0);
    // The student reads what happened, not the limit's bookkeeping.
    this.message = detail;
  }
}
