/**
 * Signs licence tokens with a secp256k1 key in KMS (deployed stages): the token is assembled by the
 * domain (`signLicenceToken`) exactly as for a key in memory; only its EIP-712 digest goes to KMS.
 */
import type { Address } from '#domain/address.js';
import { type LicenceClaimsInput, licenceDomain, signLicenceToken } from '#domain/licences/licence-token.js';
import type { LicenceSigner } from '#ports/purchases.js';
import type { DigestSigner } from '#ports/signing.js';

export class KmsLicenceSigner implements LicenceSigner {
  constructor(
    /** The licence key (a `KmsSecp256k1Signer`). */
    private readonly key: DigestSigner,
    readonly chainId: number,
  ) {}

  address(): Promise<Address> {
    return this.key.address();
  }

  signDigest(digest: string): Promise<string> {
    return this.key.signDigest(digest);
  }

  sign(claims: LicenceClaimsInput): Promise<string> {
    return signLicenceToken(claims, {
      domain: licenceDomain(this.chainId),
      signDigest: (digest) => this.key.signDigest(digest),
    });
  }
}
