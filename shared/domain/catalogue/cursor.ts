/**
 * Opaque, tamper-proof pagination cursors: base64url(JSON payload) + "." + base64url(HMAC-SHA256).
 * The payload names the query it belongs to, so a cursor from one listing cannot be replayed on another.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '../errors.js';

export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(scope: string, position: Record<string, string>): string {
    const payload = Buffer.from(JSON.stringify({ s: scope, p: position }), 'utf8').toString('base64url');
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
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
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
