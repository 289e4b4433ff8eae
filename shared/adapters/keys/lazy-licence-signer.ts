/**
 * The licence signer, loaded on first use: its module pulls in the licence token's schemas (zod),
 * ethers and, with KMS, KMS's SDK — none of which a cold start serving anything but licences needs.
 * Each call waits for the one load, then passes through; a failed load is retried by the next call.
 */
import type { Address } from '#domain/address.js';
import type { LicenceClaimsInput } from '#domain/licences/licence-token.js';
import type { LicenceSigner } from '#ports/purchases.js';
import { lazyRetrying } from '#shared/lazy-retrying.js';

export class LazyLicenceSigner implements LicenceSigner {
  private readonly signer: () => Promise<LicenceSigner>;

  constructor(
    readonly chainId: number,
    load: () => Promise<LicenceSigner>,
  ) {
    this.signer = lazyRetrying(load);
  }

  async address(): Promise<Address> {
    return (await this.signer()).address();
  }

  async sign(claims: LicenceClaimsInput): Promise<string> {
    return (await this.signer()).sign(claims);
  }

  async signDigest(digest: string): Promise<string> {
    return (await this.signer()).signDigest(digest);
  }
}
