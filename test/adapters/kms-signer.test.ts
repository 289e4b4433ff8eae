/**
 * The KMS signer and the licence signer on it, through the real KMS SDK client against a local KMS
 * stand-in (test/helpers/kms-stub.ts: noble-curves signatures, DER, s not normalised, as KMS answers).
 */
import { randomBytes } from 'node:crypto';
import { hexlify, recoverAddress, Signature, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsLicenceSigner } from '#adapters/keys/kms-licence-signer.js';
import { KmsSecp256k1Signer, SECP256K1_N } from '#adapters/keys/kms-secp256k1-signer.js';
import { statusFor } from '#api/http/errors.js';
import { DependencyError } from '#domain/errors.js';
import { termsHash } from '#domain/licences/canonical-json.js';
import {
  type LicenceClaims,
  type LicenceClaimsInput,
  licenceDomain,
  verifyLicenceToken,
} from '#domain/licences/licence-token.js';
import { type KmsStub, startKmsStub } from '#test/helpers/kms-stub.js';

let kms: KmsStub;
beforeAll(async () => {
  kms = await startKmsStub();
});
afterAll(async () => {
  await kms.close();
});

const digest = () => hexlify(randomBytes(32));

function claims(): LicenceClaimsInput {
  const issuedAt = 1_764_000_000;
  return {
    licenceId: `lic-${hexlify(randomBytes(4))}`,
    modelId: 'model-1',
    offerId: 'offer-1',
    licensee: Wallet.createRandom().address as LicenceClaims['licensee'],
    termsHash: termsHash({ seats: 1 }),
    manifestHash: termsHash({ files: [] }),
    issuedAt,
    expiresAt: issuedAt + 86_400,
  };
}

/** What the signer's DependencyError looks like to a client: 503 DEPENDENCY_UNAVAILABLE from KMS. */
async function expectKmsUnavailable(promise: Promise<unknown>, message: string | RegExp) {
  const error = await promise.then(
    () => expect.unreachable('expected a DependencyError'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DependencyError);
  expect(error).toMatchObject({
    code: 'DEPENDENCY_UNAVAILABLE',
    dependency: 'kms',
    message: expect.stringMatching(message),
  });
  expect(statusFor(error as DependencyError)).toBe(503);
  return error as DependencyError;
}

describe('KmsSecp256k1Signer', () => {
  it("derives the key's address from GetPublicKey, once per instance", async () => {
    const client = kms.client();
    const signer = new KmsSecp256k1Signer(client, kms.keyArn);
    const before = kms.calls.length;

    expect(await signer.address()).toBe(kms.address);
    await signer.address();
    await signer.signDigest(digest());

    const calls = kms.calls.slice(before).map((call) => call.operation);
    expect(calls.filter((operation) => operation === 'GetPublicKey')).toHaveLength(1);
    client.destroy();
  });

  it('signs digests as DIGEST with ECDSA_SHA_256 into low-s signatures that recover the key, whichever s and id KMS gave', async () => {
    const client = kms.client();
    const signer = new KmsSecp256k1Signer(client, kms.alias);
    const parities = new Set<number>();
    for (let i = 0; i < 24; i++) {
      const message = digest();
      const signature = await signer.signDigest(message);
      expect(recoverAddress(message, signature)).toBe(kms.address);
      const { s, yParity } = Signature.from(signature);
      expect(BigInt(s) <= SECP256K1_N / 2n).toBe(true);
      parities.add(yParity);
      const sent = kms.calls.filter((call) => call.operation === 'Sign').at(-1);
      expect(sent).toMatchObject({
        operation: 'Sign',
        body: { KeyId: kms.alias, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' },
      });
      expect(Buffer.from(String(sent?.body.Message), 'base64').toString('hex')).toBe(message.slice(2));
    }
    // 24 random signatures: both recovery ids (odds of missing one: 2^-23).
    expect([...parities].sort()).toEqual([0, 1]);
    client.destroy();
  });

  it('turns a KMS error into a 503-class DependencyError naming KMS, and recovers once KMS does', async () => {
    const client = kms.client();
    const signer = new KmsSecp256k1Signer(client, kms.keyArn);
    kms.failure = { status: 400, type: 'DisabledException', message: 'key is disabled' };
    try {
      const error = await expectKmsUnavailable(signer.signDigest(digest()), /could not (sign|read)/);
      expect((error.cause as Error).name).toBe('DisabledException');
      await expectKmsUnavailable(signer.address(), 'KMS could not read the signing key; retry shortly');
    } finally {
      kms.failure = undefined;
    }
    expect(await signer.address()).toBe(kms.address);
    client.destroy();
  });

  it('turns an unknown key into a DependencyError', async () => {
    const client = kms.client();
    const signer = new KmsSecp256k1Signer(client, 'alias/no-such-key');
    const error = await expectKmsUnavailable(signer.address(), 'KMS could not read the signing key');
    expect((error.cause as Error).name).toBe('NotFoundException');
    client.destroy();
  });

  it('turns an unreachable KMS into a DependencyError', async () => {
    const gone = await startKmsStub();
    await gone.close();
    const client = gone.client();
    const signer = new KmsSecp256k1Signer(client, gone.keyArn);
    await expectKmsUnavailable(signer.signDigest(digest()), /^KMS could not/);
    client.destroy();
  });

  it('refuses a key that is not secp256k1 (ECC_NIST_P256) before signing anything', async () => {
    const p256 = await startKmsStub({ curve: 'p256' });
    const client = p256.client();
    const signer = new KmsSecp256k1Signer(client, p256.keyArn);
    await expectKmsUnavailable(
      signer.signDigest(digest()),
      /not a secp256k1 signing key \(key spec ECC_NIST_P256/,
    );
    client.destroy();
    await p256.close();
  });
});

describe('KmsLicenceSigner', () => {
  it('signs a licence token that verifyLicenceToken accepts for the KMS key and domain', async () => {
    const client = kms.client();
    const signer = new KmsLicenceSigner(new KmsSecp256k1Signer(client, kms.keyArn), 31337);
    const licence = claims();

    const token = await signer.sign(licence);

    expect(await signer.address()).toBe(kms.address);
    const check = await verifyLicenceToken(token, {
      signer: kms.address,
      domain: licenceDomain(31337),
      now: new Date((licence.issuedAt + 60) * 1000),
    });
    // A licence with no ERC-721 token: the token fields are signed as zero.
    expect(check).toEqual({
      valid: true,
      claims: {
        ...licence,
        tokenChainId: 0,
        tokenContract: '0x0000000000000000000000000000000000000000',
        tokenId: '0',
      },
    });
    client.destroy();
  });

  it('answers 503 (DependencyError) when KMS fails while signing a licence', async () => {
    const client = kms.client();
    const signer = new KmsLicenceSigner(new KmsSecp256k1Signer(client, kms.keyArn), 31337);
    kms.failure = { status: 500, type: 'KMSInternalException', message: 'internal error' };
    try {
      await expectKmsUnavailable(signer.sign(claims()), /^KMS could not/);
    } finally {
      kms.failure = undefined;
    }
    client.destroy();
  });
});
