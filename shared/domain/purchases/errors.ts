/** The settlement transaction's refusals, named by the condition that failed. */

import { ConflictError } from '#domain/errors.js';
import type { SettlementConflict } from '#ports/purchases.js';

export class SettlementConflictError extends ConflictError {
  constructor(
    readonly reason: SettlementConflict,
    options: { cause?: unknown } = {},
  ) {
    super(`Settlement refused: ${reason}`, { code: reason, cause: options.cause });
  }
}
