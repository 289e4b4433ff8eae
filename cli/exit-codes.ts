/**
 * The CLI's exit codes: stable, documented in docs/cli.md, so scripts and CI can branch on them
 * without parsing messages.
 */
import { ApiError } from './client/api-client.js';
import { TransferError } from './push/retry.js';

export const EXIT = {
  OK: 0,
  /** Anything unexpected (a bug, a 5xx the client cannot classify). */
  FAILURE: 1,
  /** Bad arguments or a bad local file (split file, folder to push). */
  USAGE: 2,
  /** Not signed in, bad or expired credentials, missing scope or not the owner (401/403). */
  AUTH: 3,
  /** The model, version, offer or file does not exist (404). */
  NOT_FOUND: 4,
  /** A state conflict: version already published, slug taken, stale revision (409/412). */
  CONFLICT: 5,
  /**
   * The server refused the input (400/413/422), e.g. a checksum mismatch after upload; or the chain
   * refused a transaction (reverted, or the wallet cannot pay for it).
   */
  REJECTED: 6,
  /** The licence token is not valid (licences verify). */
  INVALID_LICENCE: 7,
  /**
   * The API, storage or chain could not be reached, or kept failing after retries (network, 429, 5xx);
   * or a payment was not final within `buy --timeout`.
   */
  UNAVAILABLE: 8,
  /** Interrupted (Ctrl-C / SIGTERM); a push can be resumed by running it again. */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as one line and an exit code. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly code = 'CLI_ERROR',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The exit code an API failure deserves. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 0 || status === 429 || status >= 500) return EXIT.UNAVAILABLE;
  if (status === 401 || status === 403) return EXIT.AUTH;
  if (status === 404) return EXIT.NOT_FOUND;
  if (status === 409 || status === 412) return EXIT.CONFLICT;
  if (status === 400 || status === 413 || status === 422) return EXIT.REJECTED;
  return EXIT.FAILURE;
}

/** One line for the terminal and the exit code, for any error. */
export function describeFailure(error: unknown): { line: string; exitCode: ExitCode; code: string } {
  if (error instanceof CliError) return { line: error.message, exitCode: error.exitCode, code: error.code };
  if (error instanceof ApiError) {
    const hint = HINTS[error.code] ?? (error.status === 401 ? HINTS.UNAUTHENTICATED : undefined);
    const line = `${error.message} (${error.code}${error.status ? `, HTTP ${error.status}` : ''})${hint ? ` — ${hint}` : ''}`;
    return { line, exitCode: exitCodeForStatus(error.status), code: error.code };
  }
  if (error instanceof TransferError) {
    return { line: error.message, exitCode: exitCodeForStatus(error.status), code: 'STORAGE_FAILED' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: message.split('\n')[0] ?? message, exitCode: EXIT.FAILURE, code: 'UNEXPECTED' };
}

/** What to do next, for the failures people hit most. */
const HINTS: Record<string, string> = {
  UNAUTHENTICATED: 'run `model-commons login` (or set MODEL_COMMONS_TOKEN)',
  CREDENTIAL_INVALID: 'run `model-commons login` again',
  INSUFFICIENT_SCOPE: 'use a token with that scope, or sign in with your wallet',
  NOT_OWNER: 'only the model owner can do this',
  VERSION_PUBLISHED: 'published versions are immutable: push a new version number',
  NETWORK: 'is the API running? (`npm start`, or pass --api)',
};
