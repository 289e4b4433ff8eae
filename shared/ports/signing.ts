/**
 * A secp256k1 key that signs 32-byte digests, Ethereum style. Every signing key the API holds is one
 * of these, backed by KMS in deployed stages (shared/adapters/keys/kms-secp256k1-signer.ts), so no
 * private key is ever in the API's memory there.
 */
import type { Address } from '#domain/address.js';

export interface DigestSigner {
  /** The key's Ethereum address (checksummed). */
  address(): Promise<Address>;
  /**
   * Signs `digest` (0x + 32 bytes, already hashed): the 65-byte signature r ‖ s ‖ v as 0x-hex, with
   * s in the lower half of the curve order and v 27 or 28, which `ecrecover` maps to `address()`.
   * @throws DependencyError when the key's service fails or answers something unusable.
   */
  signDigest(digest: string): Promise<string>;
}
