/**
 * A secp256k1 key in AWS KMS (key spec ECC_SECG_P256K1) as an Ethereum signer: the private key never
 * leaves KMS. Every signing key the API holds goes through this class: the one operator key that
 * signs licence tokens and the marketplace's sale authorizations (kms-licence-signer.ts).
 *
 * KMS answers an ECDSA signature as DER (SEQUENCE { INTEGER r, INTEGER s }) without a recovery id and
 * with either s; Ethereum wants r ‖ s ‖ v with s ≤ n/2 (EIP-2). So each signature is decoded strictly,
 * s is normalised to the lower half, and v is found by recovering with both ids and keeping the one
 * that gives the key's address (derived once from GetPublicKey's SubjectPublicKeyInfo).
 *
 * Loaded only when something is signed or the signer's address is asked for (infrastructure.ts), so
 * KMS's SDK and ethers stay off the API's cold start. The client is injected: one per process.
 */
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { computeAddress, getBytes, hexlify, recoverAddress, Signature, toBeHex } from 'ethers';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { DependencyError } from '#domain/errors.js';
import type { DigestSigner } from '#ports/signing.js';
import { lazyRetrying } from '#shared/lazy-retrying.js';

/** What this signer uses of the KMS client (a real `KMSClient` everywhere, tests included). */
export type KmsClientLike = Pick<KMSClient, 'send'>;

/** The order n of secp256k1's group. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = SECP256K1_N / 2n;

/**
 * The DER prefix of a secp256k1 public key's SubjectPublicKeyInfo (RFC 5480):
 * SEQUENCE(86) { SEQUENCE(16) { OID id-ecPublicKey, OID secp256k1 }, BIT STRING(66) { 0 unused bits, …
 * followed by the 65-byte uncompressed point 04 ‖ x ‖ y.
 */
const SECP256K1_SPKI_PREFIX = Uint8Array.from(
  Buffer.from('3056301006072a8648ce3d020106052b8104000a034200', 'hex'),
);

/** KMS failed, or answered something no secp256k1 key would. */
function unavailable(message: string, cause?: unknown): DependencyError {
  return new DependencyError('kms', message, { cause });
}

export class KmsSecp256k1Signer implements DigestSigner {
  /** The key's address, from GetPublicKey once per instance (a failed read is retried next time). */
  readonly address: () => Promise<Address>;

  constructor(
    private readonly kms: KmsClientLike,
    /** Key id, key ARN, alias name or alias ARN. */
    readonly keyId: string,
  ) {
    this.address = lazyRetrying(() => this.readAddress());
  }

  async signDigest(digest: string): Promise<string> {
    const message = getBytes(digest);
    if (message.length !== 32) throw new TypeError('signDigest takes a 32-byte digest');
    // The first signature also needs the address: ask for both at once.
    const [expected, answer] = await Promise.all([
      this.address(),
      this.kms
        .send(
          new SignCommand({
            KeyId: this.keyId,
            Message: message,
            // KMS must not hash again: the digest is already keccak-256 (EIP-712).
            MessageType: 'DIGEST',
            SigningAlgorithm: 'ECDSA_SHA_256',
          }),
        )
        .catch((error: unknown) => {
          throw unavailable('KMS could not sign with the signing key; retry shortly', error);
        }),
    ]);
    if (!answer.Signature) throw unavailable('KMS answered Sign without a signature');
    let signature: { r: bigint; s: bigint };
    try {
      signature = decodeDerSignature(answer.Signature);
    } catch (error) {
      throw unavailable('KMS answered Sign with a malformed signature', error);
    }
    return ethereumSignature(digest, signature, expected);
  }

  private async readAddress(): Promise<Address> {
    const answer = await this.kms
      .send(new GetPublicKeyCommand({ KeyId: this.keyId }))
      .catch((error: unknown) => {
        throw unavailable('KMS could not read the signing key; retry shortly', error);
      });
    if (!answer.PublicKey) throw unavailable('KMS answered GetPublicKey without a public key');
    try {
      return addressFromSpki(answer.PublicKey);
    } catch (error) {
      throw unavailable(
        `The KMS key ${this.keyId} is not a secp256k1 signing key (key spec ${answer.KeySpec ?? 'unknown'}; ECC_SECG_P256K1 is required)`,
        error,
      );
    }
  }
}

/**
 * Decodes a DER ECDSA signature, SEQUENCE { INTEGER r, INTEGER s }, strictly: definite short-form
 * lengths that match exactly, minimal positive integers, nothing after the sequence.
 * @throws Error naming what is wrong.
 */
export function decodeDerSignature(der: Uint8Array): { r: bigint; s: bigint } {
  const fail = (reason: string): never => {
    throw new Error(`Not a DER ECDSA signature: ${reason}`);
  };
  // Two 33-byte integers make the longest content, 70 bytes: a short-form length always suffices.
  if (der.length < 8 || der.length > 72) fail(`${der.length} bytes`);
  if (der[0] !== 0x30) fail('not a SEQUENCE');
  const length = der[1] as number;
  if (length >= 0x80) fail('long-form or indefinite length');
  if (length !== der.length - 2) fail('the SEQUENCE length does not match the bytes');
  let offset = 2;
  const integer = (name: string): bigint => {
    if (der[offset] !== 0x02) fail(`${name} is not an INTEGER`);
    const size = der[offset + 1];
    if (size === undefined || size === 0 || size > 33) fail(`${name} has length ${size}`);
    const start = offset + 2;
    const end = start + (size as number);
    if (end > der.length) fail(`${name} runs past the end`);
    const first = der[start] as number;
    if (first & 0x80) fail(`${name} is negative`);
    if (first === 0 && (size as number) > 1 && !((der[start + 1] as number) & 0x80)) {
      fail(`${name} is not minimally encoded`);
    }
    offset = end;
    return BigInt(hexlify(der.subarray(start, end)));
  };
  const r = integer('r');
  const s = integer('s');
  if (offset !== der.length) fail('bytes after the second INTEGER');
  return { r, s };
}

/** s in the lower half of the group order (EIP-2): n − s when s > n/2. Both verify the same digest. */
export function lowS(s: bigint): bigint {
  return s > HALF_N ? SECP256K1_N - s : s;
}

/**
 * The Ethereum signature (0x r ‖ s ‖ v, 65 bytes) of `digest` for the key at `signer`: s made low,
 * v the recovery id (27 or 28) whose recovered address is `signer`.
 * @throws DependencyError when r or s is out of range or neither id recovers `signer` (the key is not
 *   the one whose address was derived, or the signature is not over this digest).
 */
export function ethereumSignature(
  digest: string,
  signature: { r: bigint; s: bigint },
  signer: Address,
): string {
  const { r } = signature;
  if (r <= 0n || r >= SECP256K1_N || signature.s <= 0n || signature.s >= SECP256K1_N) {
    throw unavailable('KMS answered a signature with r or s out of range');
  }
  const s = lowS(signature.s);
  for (const v of [27, 28] as const) {
    const candidate = Signature.from({ r: toBeHex(r, 32), s: toBeHex(s, 32), v });
    let recovered: string;
    try {
      recovered = recoverAddress(digest, candidate);
    } catch {
      continue; // r is not the x-coordinate of a point for this id
    }
    if (recovered.toLowerCase() === signer.toLowerCase()) return candidate.serialized;
  }
  throw unavailable(`KMS answered a signature that does not recover the key's address ${signer}`);
}

/**
 * The Ethereum address of a secp256k1 public key given as DER SubjectPublicKeyInfo (what KMS's
 * GetPublicKey answers): keccak-256 of the uncompressed point's 64 bytes, last 20 bytes.
 * @throws Error when it is not exactly a secp256k1 key with an uncompressed point on the curve.
 */
export function addressFromSpki(spki: Uint8Array): Address {
  const prefix = SECP256K1_SPKI_PREFIX.length;
  if (spki.length !== prefix + 65) throw new Error(`SubjectPublicKeyInfo of ${spki.length} bytes`);
  if (!SECP256K1_SPKI_PREFIX.every((byte, index) => spki[index] === byte)) {
    throw new Error('SubjectPublicKeyInfo is not an EC key on secp256k1');
  }
  if (spki[prefix] !== 0x04) throw new Error('the public key is not an uncompressed point');
  // computeAddress checks that the point is on the curve.
  return toChecksumAddress(computeAddress(hexlify(spki.subarray(prefix))));
}
