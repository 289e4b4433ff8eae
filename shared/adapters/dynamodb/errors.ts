/**
 * Translates DynamoDB SDK errors into domain errors. This is the only place that knows the SDK's
 * exception names: failed conditions become ConflictError, everything transient becomes DependencyError.
 */
import { ConflictError, DependencyError, DomainError } from '#domain/errors.js';

interface CancellationReason {
  Code?: string | undefined;
  Message?: string | undefined;
}

/** The per-item reasons of a cancelled transaction, in the order the items were sent. */
export function cancellationCodes(error: unknown): string[] {
  const reasons = (error as { CancellationReasons?: CancellationReason[] } | undefined)?.CancellationReasons;
  return Array.isArray(reasons) ? reasons.map((reason) => reason.Code ?? 'None') : [];
}

export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name === 'TransactionCanceledException') {
    return cancellationCodes(error).includes('ConditionalCheckFailed');
  }
  return false;
}

/**
 * Maps any error thrown by a DynamoDB call to a domain error.
 * @param conflictMessage the message for a failed condition (callers usually know what it means).
 */
export function toDomainError(
  error: unknown,
  conflictMessage = 'The item changed or already exists',
): DomainError {
  if (error instanceof DomainError) return error;
  if (isConditionFailure(error)) {
    return new ConflictError(conflictMessage, {
      cause: error,
      details: { reasons: cancellationCodes(error) },
    });
  }
  const name = (error as { name?: string } | undefined)?.name ?? 'Error';
  if (name === 'TransactionCanceledException' && cancellationCodes(error).includes('TransactionConflict')) {
    return new ConflictError('A concurrent transaction touched the same items; retry', { cause: error });
  }
  return new DependencyError('dynamodb', `DynamoDB request failed (${name})`, { cause: error });
}

/**
 * Runs a write, retrying when DynamoDB cancelled a transaction only because another transaction
 * touched the same items at that moment (two sales crediting one owner): contention, not a failed
 * condition, so it must not fail the request.
 */
export async function retryOnTransactionConflict(write: () => Promise<void>, attempts = 6): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const conflict =
        error instanceof ConflictError && cancellationCodes(error.cause).includes('TransactionConflict');
      const conditionFailed =
        error instanceof ConflictError && cancellationCodes(error.cause).includes('ConditionalCheckFailed');
      if (!conflict || conditionFailed || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}
