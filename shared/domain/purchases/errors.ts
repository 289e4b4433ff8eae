/** The settlement transaction's refusals, named by the condition that failed. */

import type { SettlementConflict } from '../../ports/purchases.js';
import { ConflictError } from '../errors.js';

export class SettlementConflictError extends ConflictError {
  constructor(
    readonly reason: SettlementConflict,
    options: { cause?: unknown } = {},
  ) {
    super(`Settlement refused: ${reason}`, { code: reason, cause: options.cause });
  }
}
