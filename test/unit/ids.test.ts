import { describe, expect, it } from 'vitest';
import {
  isApiToken,
  mintApiToken,
  mintNonce,
  mintSessionToken,
  parseApiToken,
} from '#domain/auth/credentials.js';
import { type IdKind, newId } from '#domain/ids.js';

/** The shapes clients, stored keys and validators rely on: changing one is a breaking change. */
const SHAPES: Record<IdKind, RegExp> = {
  model: /^mdl_[A-Za-z0-9_-]{16}$/,
  offer: /^off_[A-Za-z0-9_-]{16}$/,
  file: /^fil_[A-Za-z0-9_-]{16}$/,
  order: /^ord_[0-9a-f]{24}$/,
  licence: /^lic_[0-9a-f]{24}$/,
  sale: /^sale_[0-9a-f]{24}$/,
  downloadGrant: /^[0-9a-f]{24}$/,
  apiTokenId: /^[0-9a-f]{24}$/,
  apiTokenSecret: /^[A-Za-z0-9_-]{43}$/,
  sessionId: /^[A-Za-z0-9_-]{32}$/,
  siweNonce: /^[0-9a-f]{32}$/,
};

describe('newId', () => {
  it.each(Object.entries(SHAPES))('mints %s ids in their fixed format', (kind, shape) => {
    expect(newId(kind as IdKind)).toMatch(shape);
  });

  it('never repeats an id', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('order')));
    expect(ids.size).toBe(1000);
  });
});

describe('credentials minted from newId', () => {
  it('mints API tokens that parse back and nonces of 32 hex digits', () => {
    const minted = mintApiToken();
    expect(isApiToken(minted.token)).toBe(true);
    expect(parseApiToken(minted.token)).toEqual({ tokenId: minted.tokenId, secretHash: minted.secretHash });
    expect(mintNonce()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('mints session tokens whose id part is 32 base64url characters', () => {
    const { token } = mintSessionToken([{ kid: 'k1', secret: 'secret' }]);
    expect(token.split('.')[2]).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
