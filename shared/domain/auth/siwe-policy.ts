/**
 * The EIP-4361 rules we enforce ourselves. `siwe@3` checks domain and nonce only when given non-empty
 * values and never checks chainId, uri or issuedAt, so every rule lives here, as a pure function over
 * the parsed fields, and the adapter only parses and checks signatures.
 */
import { UnauthorizedError } from '#domain/errors.js';

/** The fields of a parsed SIWE message that policy looks at. */
export interface SiweFields {
  scheme?: string | undefined;
  domain: string;
  address: string;
  uri: string;
  version: string;
  chainId: number;
  nonce: string;
  issuedAt?: string | undefined;
  expirationTime?: string | undefined;
  notBefore?: string | undefined;
}

export interface SiwePolicy {
  /** The API's public origin, e.g. https://api.example.com — never taken from the Host header. */
  origin: string;
  allowedChainIds: readonly number[];
  /** Clock skew tolerated for issuedAt in the future and notBefore/expirationTime. */
  clockSkewSeconds: number;
  /** How old issuedAt may be when the message is submitted. */
  maxMessageAgeSeconds: number;
}

/** Failure codes, one per rule, all answered with 401. */
export type SiweFailureCode =
  | 'MALFORMED'
  | 'DOMAIN_MISMATCH'
  | 'URI_MISMATCH'
  | 'SCHEME_MISMATCH'
  | 'CHAIN_UNSUPPORTED'
  | 'ISSUED_IN_FUTURE'
  | 'MESSAGE_TOO_OLD'
  | 'MESSAGE_EXPIRED'
  | 'MESSAGE_NOT_YET_VALID'
  | 'NONCE_INVALID'
  | 'SIGNATURE_INVALID';

export function siweFailure(
  code: SiweFailureCode,
  message: string,
  details?: Record<string, unknown>,
): UnauthorizedError {
  return new UnauthorizedError(message, { code, details });
}

/** C0/C1 controls other than LF, DEL, and the Unicode bidi/format characters used to spoof text. */
const FORBIDDEN_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/u;

/** Rejects messages carrying control or bidi characters before any parsing happens. */
export function assertPrintable(message: string): void {
  if (FORBIDDEN_CHARACTERS.test(message)) {
    throw siweFailure('MALFORMED', 'The message contains control or bidirectional-override characters');
  }
}

/** Strict RFC 3339 timestamps only; anything else fails closed. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

function parseTime(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const millis = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(millis))
    throw siweFailure('MALFORMED', `${field} is not an RFC 3339 timestamp`, { field });
  return millis;
}

/**
 * Applies every rule to the parsed fields.
 * @returns the message's own expiry (ms since epoch) if it has one, for capping the session.
 * @throws UnauthorizedError with the code of the first rule broken.
 */
export function enforceSiwePolicy(
  fields: SiweFields,
  policy: SiwePolicy,
  now: Date,
): { expiresAtMs?: number } {
  const expected = new URL(policy.origin);
  const scheme = fields.scheme ?? 'https';
  if (`${scheme}:` !== expected.protocol) {
    throw siweFailure(
      'SCHEME_MISMATCH',
      `The message is for scheme ${scheme}, expected ${expected.protocol.slice(0, -1)}`,
    );
  }
  if (fields.domain !== expected.host) {
    throw siweFailure(
      'DOMAIN_MISMATCH',
      `The message is for domain ${fields.domain}, expected ${expected.host}`,
    );
  }
  let uriOrigin: string;
  try {
    uriOrigin = new URL(fields.uri).origin;
  } catch {
    throw siweFailure('MALFORMED', 'The message URI is not a valid URI');
  }
  if (uriOrigin !== expected.origin) {
    throw siweFailure('URI_MISMATCH', `The message URI ${fields.uri} is not on ${expected.origin}`);
  }
  if (fields.version !== '1') throw siweFailure('MALFORMED', 'Only SIWE message version 1 is supported');
  if (!policy.allowedChainIds.includes(fields.chainId)) {
    throw siweFailure('CHAIN_UNSUPPORTED', `Chain ${fields.chainId} is not supported`, {
      allowedChainIds: policy.allowedChainIds,
    });
  }
  const nowMs = now.getTime();
  const skewMs = policy.clockSkewSeconds * 1000;
  const issuedAt = parseTime('issuedAt', fields.issuedAt);
  if (issuedAt === undefined) throw siweFailure('MALFORMED', 'The message has no Issued At');
  const expiresAt = parseTime('expirationTime', fields.expirationTime);
  const notBefore = parseTime('notBefore', fields.notBefore);
  if (issuedAt > nowMs + skewMs)
    throw siweFailure('ISSUED_IN_FUTURE', 'The message was issued in the future');
  if (issuedAt < nowMs - policy.maxMessageAgeSeconds * 1000) {
    throw siweFailure(
      'MESSAGE_TOO_OLD',
      `The message was issued more than ${policy.maxMessageAgeSeconds} s ago`,
    );
  }
  if (expiresAt !== undefined && expiresAt <= nowMs)
    throw siweFailure('MESSAGE_EXPIRED', 'The message has expired');
  if (expiresAt !== undefined && expiresAt <= issuedAt)
    throw siweFailure('MALFORMED', 'The message expires before it was issued');
  if (notBefore !== undefined && notBefore > nowMs + skewMs) {
    throw siweFailure('MESSAGE_NOT_YET_VALID', 'The message is not valid yet');
  }
  return expiresAt === undefined ? {} : { expiresAtMs: expiresAt };
}
