/**
 * The domain's error tree. Every error has a stable machine-readable `code` that clients may switch on;
 * the HTTP layer maps each class to one status and the `{"error":{"code","message","details"}}` envelope.
 * Adapters translate SDK/RPC failures into these classes so nothing above them sees vendor exceptions.
 */

export type ErrorDetails = Record<string, unknown> | unknown[] | undefined;

export interface DomainErrorOptions {
  code?: string;
  details?: ErrorDetails;
  cause?: unknown;
}

export abstract class DomainError extends Error {
  abstract readonly defaultCode: string;
  readonly details: ErrorDetails;
  private readonly explicitCode: string | undefined;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.explicitCode = options.code;
    this.details = options.details;
  }

  get code(): string {
    return this.explicitCode ?? this.defaultCode;
  }
}

/** Input that fails validation (400). */
export class InvalidInputError extends DomainError {
  readonly defaultCode = 'INVALID_INPUT';
}

/** Missing, invalid, expired or revoked credentials (401). */
export class UnauthorizedError extends DomainError {
  readonly defaultCode = 'UNAUTHORIZED';
}

/** Authenticated but not allowed (403), e.g. an API token without the required scope. */
export class ForbiddenError extends DomainError {
  readonly defaultCode = 'FORBIDDEN';
}

/** The object does not exist or the caller may not know it exists (404). */
export class NotFoundError extends DomainError {
  readonly defaultCode = 'NOT_FOUND';
}

/** A state or uniqueness conflict (409), e.g. a failed DynamoDB condition. */
export class ConflictError extends DomainError {
  readonly defaultCode = 'CONFLICT';
}

/** An optimistic-concurrency precondition (If-Match) did not hold (412). */
export class PreconditionFailedError extends DomainError {
  readonly defaultCode = 'PRECONDITION_FAILED';
}

/** Well-formed input that the domain refuses on its merits (422), e.g. a checksum mismatch. */
export class UnprocessableError extends DomainError {
  readonly defaultCode = 'UNPROCESSABLE';
}

/** A payment that does not satisfy an order (422 unless a code-specific status applies). */
export class PaymentError extends DomainError {
  readonly defaultCode = 'PAYMENT_INVALID';
}

/** The request body is larger than allowed (413). */
export class PayloadTooLargeError extends DomainError {
  readonly defaultCode = 'PAYLOAD_TOO_LARGE';
}

/** Too many requests from one client (429); `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimitedError extends DomainError {
  readonly defaultCode = 'RATE_LIMITED';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, options: DomainErrorOptions = {}) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency (DynamoDB, S3, JSON-RPC) failed or timed out (503 with Retry-After). Nothing was written. */
export class DependencyError extends DomainError {
  readonly defaultCode = 'DEPENDENCY_UNAVAILABLE';
  readonly dependency: string;
  readonly retryAfterSeconds: number;
  constructor(
    dependency: string,
    message: string,
    options: DomainErrorOptions & { retryAfterSeconds?: number } = {},
  ) {
    super(message, options);
    this.dependency = dependency;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 2;
  }
}
