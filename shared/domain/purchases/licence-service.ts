/** Licences after the sale: read, verify for anyone, revoke (owner/operator), token metadata. */

import type { Address } from '#domain/address.js';
import type { Caller } from '#domain/auth/caller.js';
import { NotFoundError } from '#domain/errors.js';
import { effectiveLicenceState, nextLicenceState } from '#domain/licences/licence-state.js';
import { licenceDomain, licenceVerdict, verifyLicenceToken } from '#domain/licences/licence-token.js';
import type { Clock } from '#ports/clock.js';
import type { MarketRegistry } from '#ports/market-registry.js';
import type { LicenceSigner, PurchaseRepository } from '#ports/purchases.js';
import { type LicenceRecord, licenceView } from './order.js';
import type { CatalogueReader } from './purchase-service.js';

export class LicenceService {
  constructor(
    private readonly repository: PurchaseRepository,
    private readonly catalogue: CatalogueReader,
    private readonly signer: LicenceSigner,
    private readonly clock: Clock,
    /** Addresses that may revoke any licence (marketplace operators). */
    private readonly operators: readonly Address[],
    /** Reads who holds a licence token on chain (POST /licences/verify with checkChain). */
    private readonly holders?: Pick<MarketRegistry, 'licenceHolder'>,
  ) {}

  /** The published verification material: signer address and EIP-712 domain. */
  async verificationKey() {
    return { signer: await this.signer.address(), domain: licenceDomain(this.signer.chainId) };
  }

  /**
   * Anyone may ask whether a token is valid now: signature, signer, expiry, revocation, transfer. With
   * `checkChain`, a licence sold through the marketplace contract is also checked against the chain:
   * the token's licensee must hold its ERC-721 token now (`holder` says who does).
   */
  async verify(token: string, options: { checkChain?: boolean } = {}) {
    const now = this.clock.now();
    const { signer, domain } = await this.verificationKey();
    const check = await verifyLicenceToken(token, { signer, domain, now });
    const stored = check.claims ? await this.repository.getLicence(check.claims.licenceId) : undefined;
    const verdict = licenceVerdict(check, stored, now);
    if (!verdict.valid) return { valid: false as const, reason: verdict.reason, licence: null };
    if (options.checkChain && stored?.onChain && this.holders) {
      const { chainId, contract, tokenId } = stored.onChain;
      const holder = await this.holders.licenceHolder({ chainId, market: contract }, BigInt(tokenId));
      if (holder !== verdict.claims.licensee) {
        return {
          valid: false as const,
          reason: holder ? ('TRANSFERRED' as const) : ('UNKNOWN_LICENCE' as const),
          licence: null,
          holder: holder ?? null,
        };
      }
      return {
        valid: true as const,
        licence: publicLicence(stored, effectiveLicenceState(stored, now)),
        holder,
      };
    }
    return {
      valid: true as const,
      licence: stored ? publicLicence(stored, effectiveLicenceState(stored, now)) : null,
    };
  }

  async get(caller: Caller, licenceId: string) {
    const licence = await this.visible(caller, licenceId);
    return licenceView(licence, effectiveLicenceState(licence, this.clock.now()));
  }

  async listMine(caller: Caller, limit: number, after?: Record<string, string>) {
    const page = await this.repository.listLicencesByHolder(caller.address, limit, after);
    const now = this.clock.now();
    return {
      items: page.items.map((licence) => licenceView(licence, effectiveLicenceState(licence, now))),
      last: page.last,
    };
  }

  /** The model owner or an operator revokes; the token stops verifying at once. */
  async revoke(caller: Caller, licenceId: string, reason: string) {
    const licence = await this.visible(caller, licenceId);
    const model = await this.catalogue.getModel(licence.modelId);
    const allowed = model?.owner === caller.address || this.operators.includes(caller.address);
    if (!allowed) throw new NotFoundError('No such licence', { code: 'LICENCE_NOT_FOUND' });
    const now = this.clock.now();
    nextLicenceState(effectiveLicenceState(licence, now), 'revoke');
    await this.repository.revokeLicence(licenceId, reason, now.toISOString());
    const updated = await this.repository.getLicence(licenceId);
    return licenceView(updated ?? licence, 'revoked');
  }

  /**
   * The ERC-721 metadata of a licence token (the contract's tokenURI points here): what wallets and
   * explorers show. Public, as the token itself is; no licence token string, no order.
   */
  async tokenMetadata(chainId: number, tokenId: bigint, origin: string) {
    const licence = await this.repository.findLicenceByToken(chainId, tokenId);
    if (!licence) throw new NotFoundError('No such licence token', { code: 'LICENCE_NOT_FOUND' });
    const model = await this.catalogue.getModel(licence.modelId);
    const state = effectiveLicenceState(licence, this.clock.now());
    const terms = licence.terms;
    const yesNo = (value: boolean) => (value ? 'yes' : 'no');
    return {
      name: `${model?.name ?? licence.modelId} licence`,
      description:
        `A Model Commons licence for ${model?.name ?? licence.modelId} ${licence.version}: ` +
        `${terms.commercialUse ? 'commercial use' : 'non-commercial use'}, derivatives ${terms.derivatives}, ` +
        `${terms.seats} seat${terms.seats === 1 ? '' : 's'}, ` +
        `${licence.expiresAt === 0 ? 'perpetual' : `until ${new Date(licence.expiresAt * 1000).toISOString()}`}` +
        `${terms.spdxId ? ` (${terms.spdxId})` : ''}.`,
      external_url: `${origin}/models/${licence.modelId}`,
      attributes: [
        { trait_type: 'Model', value: licence.modelId },
        { trait_type: 'Version', value: licence.version },
        { trait_type: 'Offer', value: licence.offerId },
        { trait_type: 'State', value: state },
        { trait_type: 'Commercial use', value: yesNo(terms.commercialUse) },
        { trait_type: 'Derivatives', value: terms.derivatives },
        { trait_type: 'Attribution', value: yesNo(terms.attribution) },
        { trait_type: 'Transferable', value: yesNo(terms.transferable) },
        { trait_type: 'Seats', value: terms.seats, display_type: 'number' as const },
        ...(licence.expiresAt === 0
          ? []
          : [{ trait_type: 'Expires', value: licence.expiresAt, display_type: 'date' as const }]),
      ],
      properties: {
        licenceId: licence.licenceId,
        termsHash: licence.termsHash,
        manifestHash: licence.manifestHash,
        ...(terms.termsUri ? { termsUri: terms.termsUri } : {}),
      },
    };
  }

  /** Licensee or model owner (or operator) may read a licence; anyone else gets 404. */
  private async visible(caller: Caller, licenceId: string): Promise<LicenceRecord> {
    const licence = await this.repository.getLicence(licenceId);
    if (licence) {
      if (licence.licensee === caller.address || this.operators.includes(caller.address)) return licence;
      const model = await this.catalogue.getModel(licence.modelId);
      if (model?.owner === caller.address) return licence;
    }
    throw new NotFoundError('No such licence', { code: 'LICENCE_NOT_FOUND' });
  }
}

/** What verification tells anyone: no token, no order id. */
function publicLicence(licence: LicenceRecord, state: LicenceRecord['state']) {
  const { token: _token, orderId: _orderId, ...view } = licenceView(licence, state);
  return view;
}
