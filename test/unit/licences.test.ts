import { keccak256, SigningKey, TypedDataEncoder, toUtf8Bytes, verifyTypedData, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '#domain/errors.js';
import { canonicalHash, canonicalJson, termsHash } from '#domain/licences/canonical-json.js';
import {
  effectiveLicenceState,
  LICENCE_EVENTS,
  LICENCE_STATES,
  LICENCE_TRANSITIONS,
  type LicenceState,
  nextLicenceState,
} from '#domain/licences/licence-state.js';
import {
  decodeLicenceToken,
  LICENCE_TYPES,
  type LicenceClaims,
  licenceDomain,
  licenceSignerAddress,
  licenceVerdict,
  signLicenceToken,
  verifyLicenceToken,
} from '#domain/licences/licence-token.js';

const signer = Wallet.createRandom();
const domain = licenceDomain(31337);
const terms = {
  commercialUse: true,
  derivatives: false,
  attribution: true,
  durationDays: 30,
  seats: 5,
  transferable: true,
};
const issuedAt = 1_764_000_000;

function claims(overrides: Partial<LicenceClaims> = {}): LicenceClaims {
  return {
    licenceId: 'lic-1',
    modelId: 'model-1',
    offerId: 'offer-1',
    licensee: Wallet.createRandom().address as LicenceClaims['licensee'],
    termsHash: termsHash(terms),
    manifestHash: canonicalHash({ files: [{ path: 'model.bin', sha256: 'ab'.repeat(32), size: 3 }] }),
    issuedAt,
    expiresAt: issuedAt + 30 * 86_400,
    tokenChainId: 0,
    tokenContract: '0x0000000000000000000000000000000000000000',
    tokenId: '0',
    ...overrides,
  };
}
const at = (seconds: number) => new Date(seconds * 1000);
const sign = (c: LicenceClaims, key = signer.privateKey, d = domain) =>
  signLicenceToken(c, { privateKey: key, domain: d });
const verify = (token: string, now = at(issuedAt + 60)) =>
  verifyLicenceToken(token, { signer: signer.address as LicenceClaims['licensee'], domain, now });

describe('canonical JSON and the terms hash', () => {
  it('sorts keys recursively and drops whitespace and undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: undefined, b: 'é' } })).toBe(
      '{"a":{"b":"é","d":[true,null,"x"]},"b":1}',
    );
  });

  it('hashes the same terms to the same value whatever the key order', () => {
    const reordered = {
      transferable: true,
      seats: 5,
      durationDays: 30,
      attribution: true,
      derivatives: false,
      commercialUse: true,
    };
    expect(termsHash(reordered)).toBe(termsHash(terms));
    expect(termsHash({ ...terms, seats: 6 })).not.toBe(termsHash(terms));
  });

  it('equals keccak256 of the canonical UTF-8 text (what ethers or Solidity compute)', () => {
    expect(termsHash(terms)).toBe(keccak256(toUtf8Bytes(canonicalJson(terms))));
  });

  it.each([
    ['a bigint', { amount: 1n }],
    ['NaN', { seats: Number.NaN }],
    ['a Date', { at: new Date(0) }],
  ])('refuses %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrowError(expect.objectContaining({ code: 'NOT_CANONICAL_JSON' }));
  });
});

describe('licence tokens (EIP-712)', () => {
  it('verifies a fresh token and returns its claims', async () => {
    const c = claims();
    const result = await verify(await sign(c));
    expect(result).toEqual({ valid: true, claims: c });
  });

  it('verifies offline with plain ethers verifyTypedData and hand-written types', async () => {
    const token = await sign(claims());
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const types = {
      Licence: [
        { name: 'licenceId', type: 'string' },
        { name: 'modelId', type: 'string' },
        { name: 'offerId', type: 'string' },
        { name: 'licensee', type: 'address' },
        { name: 'termsHash', type: 'bytes32' },
        { name: 'manifestHash', type: 'bytes32' },
        { name: 'issuedAt', type: 'uint64' },
        { name: 'expiresAt', type: 'uint64' },
        { name: 'tokenChainId', type: 'uint256' },
        { name: 'tokenContract', type: 'address' },
        { name: 'tokenId', type: 'uint256' },
      ],
    };
    expect(decoded.domain).toEqual({ name: 'Model Commons', version: '2', chainId: 31337 });
    expect(verifyTypedData(decoded.domain, types, decoded.message, decoded.signature)).toBe(signer.address);
  });

  it('publishes the signer address derived from the key', async () => {
    expect(await licenceSignerAddress(signer.privateKey)).toBe(signer.address);
  });

  it('reports EXPIRED at and after expiresAt, and never for a perpetual licence', async () => {
    const c = claims();
    const token = await sign(c);
    expect(await verify(token, at(c.expiresAt - 1))).toMatchObject({ valid: true });
    expect(await verify(token, at(c.expiresAt))).toMatchObject({ valid: false, reason: 'EXPIRED' });
    const perpetual = await sign(claims({ expiresAt: 0 }));
    expect(await verify(perpetual, at(issuedAt + 100 * 365 * 86_400))).toMatchObject({ valid: true });
  });

  it('refuses a token signed by another key as INVALID_SIGNATURE', async () => {
    const forged = await sign(claims(), Wallet.createRandom().privateKey);
    expect(await verify(forged)).toMatchObject({ valid: false, reason: 'INVALID_SIGNATURE' });
  });

  it('refuses a token whose claims were edited after signing', async () => {
    const decoded = decodeLicenceToken(await sign(claims()));
    const attacker = Wallet.createRandom().address;
    const edited = { ...decoded, message: { ...decoded.message, licensee: attacker } };
    const token = Buffer.from(JSON.stringify(edited)).toString('base64url');
    expect(await verify(token)).toMatchObject({ valid: false, reason: 'INVALID_SIGNATURE' });
    const extended = { ...decoded, message: { ...decoded.message, expiresAt: 0 } };
    expect(await verify(Buffer.from(JSON.stringify(extended)).toString('base64url'))).toMatchObject({
      valid: false,
      reason: 'INVALID_SIGNATURE',
    });
  });

  it('refuses a token made for another domain (chain id) as WRONG_DOMAIN', async () => {
    const other = await sign(claims(), signer.privateKey, licenceDomain(1));
    expect(await verify(other)).toMatchObject({ valid: false, reason: 'WRONG_DOMAIN' });
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['JSON of another shape', Buffer.from('{"v":2}').toString('base64url')],
  ])('answers MALFORMED for a token that is %s', async (_name, token) => {
    expect(await verify(token)).toEqual({ valid: false, reason: 'MALFORMED' });
  });

  it('refuses to sign an expiry before the issue time', async () => {
    await expect(sign(claims({ expiresAt: issuedAt - 1 }))).rejects.toMatchObject({
      code: 'INVALID_LICENCE',
    });
  });
});

describe('licence verdict with the stored state', () => {
  it('adds REVOKED, TRANSFERRED, EXPIRED and UNKNOWN_LICENCE to a valid signature', async () => {
    const c = claims();
    const check = await verify(await sign(c));
    const now = at(issuedAt + 60);
    const stored = { state: 'active' as LicenceState, expiresAt: c.expiresAt, licensee: c.licensee };
    expect(licenceVerdict(check, stored, now)).toMatchObject({ valid: true });
    expect(licenceVerdict(check, { ...stored, state: 'revoked' }, now)).toMatchObject({ reason: 'REVOKED' });
    expect(licenceVerdict(check, { ...stored, state: 'transferred' }, now)).toMatchObject({
      reason: 'TRANSFERRED',
    });
    expect(licenceVerdict(check, stored, at(c.expiresAt + 1))).toMatchObject({ reason: 'EXPIRED' });
    expect(licenceVerdict(check, { ...stored, expiresAt: issuedAt + 1 }, now)).toMatchObject({
      reason: 'EXPIRED',
    });
    expect(licenceVerdict(check, undefined, now)).toMatchObject({ reason: 'UNKNOWN_LICENCE' });
  });
});

describe('licence state machine', () => {
  it('moves an active licence to expired, revoked or transferred', () => {
    expect(nextLicenceState('active', 'expire')).toBe('expired');
    expect(nextLicenceState('active', 'revoke')).toBe('revoked');
    expect(nextLicenceState('active', 'transfer')).toBe('transferred');
  });

  it('refuses every move out of a final state with LICENCE_NOT_ACTIVE', () => {
    for (const state of LICENCE_STATES.filter((s) => s !== 'active')) {
      for (const event of LICENCE_EVENTS) {
        expect(() => nextLicenceState(state, event)).toThrowError(ConflictError);
        expect(() => nextLicenceState(state, event)).toThrowError(
          expect.objectContaining({ code: 'LICENCE_NOT_ACTIVE' }),
        );
      }
    }
  });

  it('has exactly three allowed transitions', () => {
    const allowed = Object.entries(LICENCE_TRANSITIONS).flatMap(([from, moves]) =>
      Object.entries(moves).map(([event, to]) => `${from}-${event}->${to}`),
    );
    expect(allowed.sort()).toEqual([
      'active-expire->expired',
      'active-revoke->revoked',
      'active-transfer->transferred',
    ]);
  });

  it('applies the clock: an active licence past expiresAt reads as expired, a perpetual one never', () => {
    const now = at(issuedAt + 10);
    expect(effectiveLicenceState({ state: 'active', expiresAt: issuedAt + 10 }, now)).toBe('expired');
    expect(effectiveLicenceState({ state: 'active', expiresAt: issuedAt + 11 }, now)).toBe('active');
    expect(effectiveLicenceState({ state: 'active', expiresAt: 0 }, now)).toBe('active');
    expect(effectiveLicenceState({ state: 'revoked', expiresAt: issuedAt }, now)).toBe('revoked');
  });
});

describe('licence tokens signed from a digest (a key held elsewhere, e.g. KMS)', () => {
  it("hands the signer the claims' EIP-712 digest and builds the same token as a key in memory", async () => {
    const c = claims();
    const digests: string[] = [];
    const fromDigest = await signLicenceToken(c, {
      domain,
      signDigest: async (digest) => {
        digests.push(digest);
        return new SigningKey(signer.privateKey).sign(digest).serialized;
      },
    });
    expect(digests).toEqual([TypedDataEncoder.hash(domain, { Licence: [...LICENCE_TYPES.Licence] }, c)]);
    expect(fromDigest).toBe(await sign(c));
    expect(await verify(fromDigest)).toEqual({ valid: true, claims: c });
  });

  it('refuses a signer answer that is not a 65-byte signature', async () => {
    await expect(
      signLicenceToken(claims(), { domain, signDigest: async () => `0x${'ab'.repeat(64)}` }),
    ).rejects.toThrowError('The licence signer returned a malformed signature');
  });
});
