/**
 * KMS's ECDSA answers → Ethereum signatures: the strict DER decoder, low-s normalisation, the recovery
 * id search and the address from a SubjectPublicKeyInfo. The DER signatures come from @noble/curves
 * (`lowS: false`, as KMS leaves s), the public keys from Node's OpenSSL, the checks from ethers.
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { computeAddress, hexlify, recoverAddress, Signature } from 'ethers';
import { describe, expect, it } from 'vitest';
import {
  addressFromSpki,
  decodeDerSignature,
  ethereumSignature,
  lowS,
  SECP256K1_N,
} from '#adapters/keys/kms-secp256k1-signer.js';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { DependencyError } from '#domain/errors.js';

const privateKey = secp256k1.utils.randomPrivateKey();
const point = secp256k1.getPublicKey(privateKey, false);
const address = toChecksumAddress(computeAddress(hexlify(point)));

/** A DER SEQUENCE of the given INTEGER contents (already encoded), plus `extra` bytes after it. */
function der(integers: number[][], extra: number[] = []): Uint8Array {
  const body = integers.flatMap((content) => [0x02, content.length, ...content]);
  return Uint8Array.from([0x30, body.length, ...body, ...extra]);
}

/** A random digest whose KMS-style signature has s high or low and, once s is low, recovery id `v`. */
function signatureCase(highS: boolean, recovery: 0 | 1) {
  for (let attempt = 0; attempt < 500; attempt++) {
    const digest = randomBytes(32);
    // Same RFC 6979 nonce for both: the second is the first with s normalised (and its recovery id).
    const raw = secp256k1.sign(digest, privateKey, { lowS: false });
    const normalised = secp256k1.sign(digest, privateKey);
    if (raw.hasHighS() === highS && normalised.recovery === recovery) {
      return { digest: hexlify(digest), der: raw.toDERRawBytes(), raw, normalised };
    }
  }
  throw new Error('no such signature in 500 tries');
}

describe('DER signature → Ethereum signature', () => {
  it.each([
    ['low s, recovery id 0', false, 0],
    ['low s, recovery id 1', false, 1],
    ['high s, recovery id 0 once normalised', true, 0],
    ['high s, recovery id 1 once normalised', true, 1],
  ] as const)('converts a signature with %s to one that recovers the key', (_name, highS, recovery) => {
    const { digest, der: bytes, raw, normalised } = signatureCase(highS, recovery);

    const serialized = ethereumSignature(digest, decodeDerSignature(bytes), address);

    const signature = Signature.from(serialized);
    expect(recoverAddress(digest, serialized)).toBe(address);
    expect(BigInt(signature.r)).toBe(raw.r);
    expect(BigInt(signature.s)).toBe(normalised.s);
    expect(BigInt(signature.s) <= SECP256K1_N / 2n).toBe(true);
    expect(signature.v).toBe(27 + recovery);
    // Exactly what signing with the key in memory gives (ethers' own signer, low s by default).
    expect(serialized).toBe(
      Signature.from({ r: signature.r, s: signature.s, yParity: normalised.recovery as 0 | 1 }).serialized,
    );
  });

  it('decodes r and s as noble encoded them, including 33-byte integers with a sign pad', () => {
    for (let i = 0; i < 20; i++) {
      const raw = secp256k1.sign(randomBytes(32), privateKey, { lowS: false });
      expect(decodeDerSignature(raw.toDERRawBytes())).toEqual({ r: raw.r, s: raw.s });
    }
  });

  it('turns a high s into n − s and leaves a low s alone', () => {
    expect(lowS(SECP256K1_N - 1n)).toBe(1n);
    expect(lowS(SECP256K1_N / 2n)).toBe(SECP256K1_N / 2n);
    expect(lowS(SECP256K1_N / 2n + 1n)).toBe(SECP256K1_N / 2n);
  });

  it('refuses a signature by another key: no recovery id gives the address (DependencyError)', () => {
    const other = secp256k1.sign(randomBytes(32), secp256k1.utils.randomPrivateKey());
    const digest = hexlify(randomBytes(32));
    expect(() => ethereumSignature(digest, { r: other.r, s: other.s }, address)).toThrowError(
      expect.objectContaining({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE' }),
    );
  });

  it.each([
    ['s = 0', { r: 1n, s: 0n }],
    ['s = n', { r: 1n, s: SECP256K1_N }],
    ['r = 0', { r: 0n, s: 1n }],
  ])('refuses %s as out of range', (_name, signature) => {
    expect(() => ethereumSignature(hexlify(randomBytes(32)), signature, address)).toThrowError(
      DependencyError,
    );
  });
});

describe('the strict DER decoder', () => {
  const good = secp256k1.sign(randomBytes(32), privateKey).toDERRawBytes();
  const r = [0x01, 0x02];
  const s = [0x03];

  it('accepts the smallest well-formed sequence', () => {
    expect(decodeDerSignature(der([r, s]))).toEqual({ r: 0x0102n, s: 3n });
  });

  it.each([
    ['a trailing byte', der([r, s], [0x00]), 'the SEQUENCE length does not match'],
    [
      'a trailing byte inside the sequence',
      der([r, s], [0x00]).map((b, i) => (i === 1 ? b + 1 : b)),
      'bytes after the second INTEGER',
    ],
    ['a third INTEGER', der([r, s, [0x04]]), 'bytes after the second INTEGER'],
    ['a truncated signature', good.subarray(0, good.length - 1), 'the SEQUENCE length does not match'],
    ['a SET instead of a SEQUENCE', Uint8Array.from([0x31, ...good.subarray(1)]), 'not a SEQUENCE'],
    ['a long-form length', Uint8Array.from([0x30, 0x81, 8, 0x02, 2, 1, 2, 0x02, 1, 3]), 'long-form'],
    ['an OCTET STRING for r', der([r, s]).map((b, i) => (i === 2 ? 0x04 : b)), 'r is not an INTEGER'],
    ['a negative r', der([[0x80, 0x01], s]), 'r is negative'],
    ['a non-minimal s', der([r, [0x00, 0x01]]), 's is not minimally encoded'],
    ['an empty r', der([[], s, [0x00]]), 'r has length 0'],
    ['a 34-byte r', der([[0x00, 0x80, ...new Array(32).fill(1)], s]), 'r has length 34'],
    [
      'an s longer than what is left',
      Uint8Array.from([0x30, 7, 0x02, 2, 1, 2, 0x02, 5, 3]),
      's runs past the end',
    ],
    ['an empty input', new Uint8Array(0), '0 bytes'],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(() => decodeDerSignature(bytes)).toThrowError(reason);
  });
});

describe('address from the public key KMS answers (SubjectPublicKeyInfo, DER)', () => {
  const spki = (x: Uint8Array, y: Uint8Array) =>
    new Uint8Array(
      createPublicKey({
        key: {
          kty: 'EC',
          crv: 'secp256k1',
          x: Buffer.from(x).toString('base64url'),
          y: Buffer.from(y).toString('base64url'),
        },
        format: 'jwk',
      }).export({ type: 'spki', format: 'der' }),
    );
  const ours = spki(point.subarray(1, 33), point.subarray(33));

  it("derives the key's Ethereum address from an OpenSSL-encoded secp256k1 key", () => {
    const result: Address = addressFromSpki(ours);
    expect(result).toBe(address);
  });

  it('refuses a NIST P-256 key (the wrong key spec)', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    expect(() => addressFromSpki(new Uint8Array(p256))).toThrowError('SubjectPublicKeyInfo of 91 bytes');
    const sameLength = Uint8Array.from(ours);
    sameLength[19] = 0x22; // secp384r1's OID, 1.3.132.0.34
    expect(() => addressFromSpki(sameLength)).toThrowError('not an EC key on secp256k1');
  });

  it('refuses a truncated key, a compressed point and a point off the curve', () => {
    expect(() => addressFromSpki(ours.subarray(0, 87))).toThrowError('of 87 bytes');
    const compressed = Uint8Array.from(ours);
    compressed[23] = 0x02;
    expect(() => addressFromSpki(compressed)).toThrowError('not an uncompressed point');
    const offCurve = Uint8Array.from(ours);
    offCurve[87] = (offCurve[87] as number) ^ 1;
    expect(() => addressFromSpki(offCurve)).toThrowError();
  });
});
