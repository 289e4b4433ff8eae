/**
 * Every random identifier and secret the domain mints, declared once as data: its prefix, how many
 * random bytes, and how they are written. Clients, stored keys and request validators rely on these
 * shapes (`mdl_` + 16 base64url characters, `mct_<24 hex>_<43 base64url>`, `/^[0-9a-f]{24}$/` for an
 * API token id, ...), so a kind's format never changes: a new shape is a new kind.
 *
 * Minted here, not behind a port: `node:crypto`'s CSPRNG is part of the platform, like `Date`, and the
 * domain already uses it (credentials.ts, cursor.ts). Tests never need to predict an id.
 */
import { randomBytes } from 'node:crypto';

interface IdFormat {
  /** Written before the random part (`''` for none). */
  prefix: string;
  /** Random bytes from the CSPRNG. */
  bytes: number;
  encoding: 'hex' | 'base64url';
}

/** Each kind's format; test/unit/ids.test.ts pins them. */
const ID_FORMATS = {
  // Catalogue: 12 bytes, base64url (16 characters).
  model: { prefix: 'mdl_', bytes: 12, encoding: 'base64url' },
  offer: { prefix: 'off_', bytes: 12, encoding: 'base64url' },
  file: { prefix: 'fil_', bytes: 12, encoding: 'base64url' },
  // Purchases and sales: 12 bytes, hex (24 characters).
  order: { prefix: 'ord_', bytes: 12, encoding: 'hex' },
  licence: { prefix: 'lic_', bytes: 12, encoding: 'hex' },
  sale: { prefix: 'sale_', bytes: 12, encoding: 'hex' },
  downloadGrant: { prefix: '', bytes: 12, encoding: 'hex' },
  // Credentials (auth/credentials.ts parses these shapes back).
  apiTokenId: { prefix: '', bytes: 12, encoding: 'hex' },
  apiTokenSecret: { prefix: '', bytes: 32, encoding: 'base64url' },
  sessionId: { prefix: '', bytes: 24, encoding: 'base64url' },
  /** EIP-4361 nonce: 128 bits, alphanumeric. */
  siweNonce: { prefix: '', bytes: 16, encoding: 'hex' },
} as const satisfies Record<string, IdFormat>;

export type IdKind = keyof typeof ID_FORMATS;

/** A new random id (or secret) of the given kind, in that kind's fixed format. */
export function newId(kind: IdKind): string {
  const { prefix, bytes, encoding } = ID_FORMATS[kind];
  return `${prefix}${randomBytes(bytes).toString(encoding)}`;
}
