/**
 * Bearer credential formats. Sessions: `mcs.<kid>.<sessionId>.<hmac>` — the HMAC (keyed by the session
 * key named by `kid`) rejects forged tokens without a database read and lets keys rotate. API tokens:
 * `mct_<tokenId>_<secret>` — looked up by id, the secret compared by hash in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '#domain/errors.js';
import { newId } from '#domain/ids.js';

export interface SigningKey {
  kid: string;
  secret: string;
}

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

const hmac = (key: SigningKey, sessionId: string) =>
  createHmac('sha256', key.secret).update(`session:${sessionId}`).digest('base64url');

/** A new session token signed with the first (current) key. */
export function mintSessionToken(keys: readonly SigningKey[]): { token: string; idHash: string } {
  const key = keys[0];
  if (!key) throw new Error('no session signing key configured');
  const sessionId = newId('sessionId');
  return { token: `mcs.${key.kid}.${sessionId}.${hmac(key, sessionId)}`, idHash: sha256Hex(sessionId) };
}

export function isSessionToken(token: string): boolean {
  return token.startsWith('mcs.');
}

/** The session id hash of a well-signed token. @throws UnauthorizedError SESSION_INVALID. */
export function verifySessionToken(token: string, keys: readonly SigningKey[]): string {
  const invalid = () => new UnauthorizedError('The session token is invalid', { code: 'SESSION_INVALID' });
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'mcs') throw invalid();
  const [, kid, sessionId, signature] = parts as [string, string, string, string];
  const key = keys.find((candidate) => candidate.kid === kid);
  if (!key || !/^[A-Za-z0-9_-]{32}$/.test(sessionId)) throw invalid();
  const expected = Buffer.from(hmac(key, sessionId));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  return sha256Hex(sessionId);
}

/** A new API token; only `secretHash` is stored. */
export function mintApiToken(): { tokenId: string; token: string; secretHash: string } {
  const tokenId = newId('apiTokenId');
  const secret = newId('apiTokenSecret');
  return { tokenId, token: `mct_${tokenId}_${secret}`, secretHash: sha256Hex(secret) };
}

export function isApiToken(token: string): boolean {
  return token.startsWith('mct_');
}

/** Splits an API token. @throws UnauthorizedError TOKEN_INVALID on a malformed token. */
export function parseApiToken(token: string): { tokenId: string; secretHash: string } {
  const match = /^mct_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) throw new UnauthorizedError('The API token is invalid', { code: 'TOKEN_INVALID' });
  return { tokenId: match[1] as string, secretHash: sha256Hex(match[2] as string) };
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** An EIP-4361 nonce: 128 bits from the CSPRNG, alphanumeric (hex). */
export function mintNonce(): string {
  return newId('siweNonce');
}
