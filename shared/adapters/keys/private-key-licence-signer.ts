/**
 * Signs licence tokens with a private key held in memory (from config: Secrets Manager in AWS, the
 * local stack's dev key locally). Without a key, licensing answers 503 rather than starting broken.
 */
import type { Address } from '#domain/address.js';
import { DependencyError } from '#domain/errors.js';
import {
  type LicenceClaimsInput,
  licenceDomain,
  licenceSignerAddress,
  signLicenceToken,
} from '#domain/licences/licence-token.js';
import type { LicenceSigner } from '#ports/purchases.js';

export class PrivateKeyLicenceSigner implements LicenceSigner {
  private cachedAddress: Promise<Address> | undefined;

  constructor(
    private readonly privateKey: string | undefined,
    readonly chainId: number,
  ) {}

  address(): Promise<Address> {
    this.cachedAddress ??= licenceSignerAddress(this.key());
    return this.cachedAddress;
  }

  sign(claims: LicenceClaimsInput): Promise<string> {
    return signLicenceToken(claims, { privateKey: this.key(), domain: licenceDomain(this.chainId) });
  }

  async signDigest(digest: string): Promise<string> {
    const { SigningKey } = await import('ethers');
    return new SigningKey(this.key()).sign(digest).serialized;
  }

  private key(): string {
    if (!this.privateKey)
      throw new DependencyError(
        'licence-signer',
        'No licence signing key is configured (LICENCE_SIGNER_KEY)',
      );
    return this.privateKey;
  }
}
