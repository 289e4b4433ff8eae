/**
 * Opaque, tamper-proof pagination cursors: base64url(IV + AES-256-CTR(JSON payload)) + "." +
 * base64url(HMAC-SHA256), encrypt-then-MAC. The position is a storage key (table keys such as
 * `MODEL#…`), so it is encrypted, not merely encoded: clients must not read the table layout out of a
 * cursor (test/hardening/fuzz.test.ts decodes every base64url value it gets). The payload names the
 * query it belongs to, so a cursor from one listing cannot be replayed on another.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '#domain/errors.js';

const IV_BYTES = 16;

export class CursorCodec {
  /** Its own key, derived from the secret, so encryption and the MAC never share one. */
  private readonly encryptionKey: Buffer;

  constructor(private readonly secret: string) {
    this.encryptionKey = createHmac('sha256', secret).update('cursor-encryption-key').digest();
  }

  encode(scope: string, position: Record<string, string>): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-ctr', this.encryptionKey, iv);
    const plain = Buffer.from(JSON.stringify({ s: scope, p: position }), 'utf8');
    const payload = Buffer.concat([iv, cipher.update(plain), cipher.final()]).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The position stored in `cursor`; InvalidInputError INVALID_CURSOR if forged, garbled or foreign. */
  decode(scope: string, cursor: string): Record<string, string> {
    const invalid = () => new InvalidInputError('The cursor is invalid', { code: 'INVALID_CURSOR' });
    const [payload, mac, ...rest] = cursor.split('.');
    if (!payload || !mac || rest.length > 0) throw invalid();
    const expected = Buffer.from(this.mac(payload), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    let parsed: unknown;
    try {
      const sealed = Buffer.from(payload, 'base64url');
      const decipher = createDecipheriv('aes-256-ctr', this.encryptionKey, sealed.subarray(0, IV_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES)), decipher.final()]);
      parsed = JSON.parse(plain.toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!isCursorBody(parsed) || parsed.s !== scope) throw invalid();
    return parsed.p;
  }

  /** The storage position a client's optional cursor points at (undefined: the first page). */
  positionOf(scope: string, cursor: string | undefined): Record<string, string> | undefined {
    return cursor === undefined ? undefined : this.decode(scope, cursor);
  }

  /** A storage page as the API's `{items, nextCursor}` (null at the end). */
  toPage<T>(scope: string, page: { items: T[]; last: Record<string, string> | undefined }) {
    return { items: page.items, nextCursor: page.last ? this.encode(scope, page.last) : null };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(`cursor:${payload}`).digest('base64url');
  }
}

function isCursorBody(value: unknown): value is { s: string; p: Record<string, string> } {
  if (typeof value !== 'object' || value === null) return false;
  const { s, p } = value as { s?: unknown; p?: unknown };
  if (typeof s !== 'string' || typeof p !== 'object' || p === null) return false;
  return Object.values(p).every((entry) => typeof entry === 'string');
}
