/**
 * Maps domain errors to HTTP: one status per error class and one JSON envelope
 * `{"error":{"code","message","details"}}`. Unknown errors are logged with the request id and
 * answered with a generic 500 so internals never leak.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import {
  ConflictError,
  DependencyError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentError,
  PreconditionFailedError,
  RateLimitedError,
  UnauthorizedError,
  UnprocessableError,
} from '#domain/errors.js';
import type { Logger } from '#shared/logging.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const STATUS_BY_CLASS: Array<[abstract new (...args: never[]) => DomainError, ContentfulStatusCode]> = [
  [InvalidInputError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PreconditionFailedError, 412],
  [PayloadTooLargeError, 413],
  [UnprocessableError, 422],
  [PaymentError, 422],
  [RateLimitedError, 429],
  [DependencyError, 503],
];

/** Some codes carry their own status regardless of class (a transaction the chain does not know). */
const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  TX_NOT_FOUND: 404,
};

export function statusFor(error: DomainError): ContentfulStatusCode {
  const byCode = STATUS_BY_CODE[error.code];
  if (byCode) return byCode;
  for (const [klass, status] of STATUS_BY_CLASS) {
    if (error instanceof klass) return status;
  }
  return 500;
}

/** A request-validation failure as an InvalidInputError listing each bad field. */
export function validationFailed(error: ZodError, target: string): InvalidInputError {
  const issues = error.issues.map((issue) => ({
    path: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  return new InvalidInputError(first ? `Invalid ${first.path}: ${first.message}` : `Invalid ${target}`, {
    details: { issues },
    cause: error,
  });
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

/** The app's single `onError`. */
export function handleError(error: Error, c: Context, logger: Logger): Response {
  if (error instanceof DomainError) {
    const status = statusFor(error);
    if (error instanceof RateLimitedError || error instanceof DependencyError) {
      c.header('Retry-After', String(error.retryAfterSeconds));
    }
    if (status >= 500) {
      logger.error('dependency failure', { code: error.code, error });
    }
    return c.json(errorBody(error.code, error.message, error.details), status);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    // Hono's json validator reports an unparsable body as a bare HTTPException(400); give it the
    // same stable code as any other malformed JSON (test/hardening/abuse.test.ts).
    if (status === 400 && error.message === 'Malformed JSON in request body') {
      return c.json(errorBody('INVALID_JSON', 'The request body is not valid JSON'), 400);
    }
    const code =
      status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
    return c.json(errorBody(code, error.message || 'Bad request'), status as ContentfulStatusCode);
  }
  if (error instanceof SyntaxError) {
    // Malformed JSON bodies surface as SyntaxError from the body parser.
    return c.json(errorBody('INVALID_JSON', 'The request body is not valid JSON'), 400);
  }
  logger.error('unhandled error', { error });
  return c.json(errorBody('INTERNAL', 'Internal server error'), 500);
}
