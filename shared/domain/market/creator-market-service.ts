/**
 * The creator's side of on-chain sales: registering a model on the marketplace contract with its
 * split, and signing offers so that the contract will sell them. Reads the chain through the
 * MarketRegistry port; builds every EIP-712 message with signed-offer.ts, so what the owner signs here
 * is exactly what the orders code later hands the contract (`signedMarketOffer`).
 *
 * Authorization: the model's market status is public (all of it is public on chain); an offer's typed
 * data and its signature are the owner's alone — anyone else gets 404 OFFER_NOT_FOUND, so the routes
 * do not even confirm that an inactive offer exists.
 */
import type { Caller } from '#domain/auth/caller.js';
import { assertVisible, isOwner } from '#domain/catalogue/access.js';
import type { Model, Offer } from '#domain/catalogue/schemas.js';
import { offerView } from '#domain/catalogue/views.js';
import { ConflictError, InvalidInputError, NotFoundError } from '#domain/errors.js';
import { TOTAL_BPS } from '#domain/ledger/split-rules.js';
import type { CatalogueRepository } from '#ports/catalogue-repository.js';
import type { Clock } from '#ports/clock.js';
import type { MarketCall, MarketRegistry, OfferSignatureVerifier } from '#ports/market-registry.js';
import { type MarketDeployment, marketOfferMessage, type OfferSigningTerms } from './signed-offer.js';
import { marketSplit } from './split-id.js';
import { idHash, marketDomain, modelKeyOf, offerTypedData } from './typed-data.js';
import type { ModelMarketView, OfferTypedDataView } from './views.js';

export interface CreatorMarketSettings {
  /** The chains' marketplace contracts, in configuration order (the first is the default chain). */
  markets: readonly MarketDeployment[];
  /**
   * PLATFORM_FEE_BPS + REFERRER_FEE_BPS: the least `maxFeeBps` an offer may be signed with (a sale
   * with a referrer would charge that much, and the contract refuses fees above the offer's limit).
   */
  feeBps: number;
  /** OFFER_SIGNATURE_TTL_SECONDS: how far ahead the typed data's `validUntil` is set. */
  signatureTtlSeconds: number;
}

export interface CreatorMarketDeps {
  repository: Pick<CatalogueRepository, 'getModel' | 'getOffer' | 'getVersion' | 'setOfferMarketSignature'>;
  registry: MarketRegistry;
  signatures: OfferSignatureVerifier;
  clock: Clock;
  settings: CreatorMarketSettings;
}

/** The owner's signature of an offer revision, as the client sends it back. */
export interface OfferSignatureInput {
  signature: `0x${string}`;
  /** Unix seconds, as in the signed message. */
  validUntil: number;
  maxFeeBps: number;
}

export class CreatorMarketService {
  constructor(private readonly deps: CreatorMarketDeps) {}

  /**
   * The model's registration on `chainId`'s market (default: the first chain with one): its key, its
   * current split in the contract's form, what the chain holds, and the owner's transactions that
   * bring the chain in line — `createSplit` if the split is not on chain, then `registerModel` (sent
   * by the owner, so no signature) or `setModelSplit` when registered with another split.
   */
  async modelMarket(
    modelId: string,
    chainId: number | undefined,
    caller: Caller | undefined,
  ): Promise<ModelMarketView> {
    const model = assertVisible(await this.deps.repository.getModel(modelId), modelId, caller);
    const deployment = this.deployment(chainId);
    const externalId = idHash(model.modelId);
    const modelKey = modelKeyOf(model.owner, externalId);
    const split = marketSplit(model.split);
    const [registered, splitExists] = await Promise.all([
      this.deps.registry.model(deployment, modelKey),
      this.deps.registry.splitExists(deployment, split.splitId),
    ]);
    const planned: { call: MarketCall; description: string }[] = [];
    if (!splitExists) {
      planned.push({
        call: { function: 'createSplit', recipients: split.recipients, bps: split.bps },
        description: `Create the model's split (${plural(split.recipients.length, 'recipient')}) on the market`,
      });
    }
    if (!registered) {
      planned.push({
        call: {
          function: 'registerModel',
          owner: model.owner,
          externalId,
          splitId: split.splitId,
          ownerSignature: '0x',
        },
        description: 'Register the model with its split (sent by the owner: no signature needed)',
      });
    } else if (registered.splitId !== split.splitId) {
      planned.push({
        call: { function: 'setModelSplit', modelKey, splitId: split.splitId },
        description: "Point the model's future sales at its current split",
      });
    }
    const calls = await Promise.all(
      planned.map(async ({ call, description }) => ({
        to: deployment.market,
        data: await this.deps.registry.encodeCall(call),
        value: '0',
        description,
      })),
    );
    return {
      modelId: model.modelId,
      chainId: deployment.chainId,
      market: deployment.market,
      owner: model.owner,
      modelKey,
      externalId,
      split,
      onChain: {
        registered: registered !== undefined,
        owner: registered?.owner ?? null,
        splitId: registered?.splitId ?? null,
        splitExists,
      },
      calls,
    };
  }

  /**
   * The EIP-712 `Offer` the owner signs for the offer's current revision, valid for
   * `signatureTtlSeconds` from now, accepting fees up to `maxFeeBps` (default: the current fees).
   */
  async offerTypedData(
    caller: Caller,
    modelId: string,
    offerId: string,
    maxFeeBps: number | undefined,
  ): Promise<OfferTypedDataView> {
    const { model, offer } = await this.ownedOffer(caller, modelId, offerId);
    const deployment = this.offerDeployment(offer);
    const signing: OfferSigningTerms = {
      validUntil: this.nowSeconds() + this.deps.settings.signatureTtlSeconds,
      maxFeeBps: this.checkedMaxFee(maxFeeBps ?? this.deps.settings.feeBps),
    };
    const typedData = await this.typedData(model, offer, deployment, signing);
    return {
      domain: typedData.domain,
      types: Object.fromEntries(
        Object.entries(typedData.types).map(([name, fields]) => [
          name,
          fields.map((field) => ({ ...field })),
        ]),
      ),
      primaryType: 'Offer',
      message: typedData.message,
      offerDigest: await this.deps.signatures.digest(typedData),
    };
  }

  /**
   * Checks the owner's signature of the offer's current revision (rebuilt here from the stored offer,
   * never taken from the client) and stores it, on the condition that the offer's revision has not
   * moved meanwhile. 400 INVALID_SIGNATURE when the owner did not sign exactly that message.
   */
  async signOffer(caller: Caller, modelId: string, offerId: string, input: OfferSignatureInput) {
    const { model, offer } = await this.ownedOffer(caller, modelId, offerId);
    const deployment = this.offerDeployment(offer);
    const maxFeeBps = this.checkedMaxFee(input.maxFeeBps);
    if (input.validUntil <= this.nowSeconds()) {
      throw new InvalidInputError('validUntil must be in the future', {
        code: 'VALID_UNTIL_PAST',
        details: { validUntil: input.validUntil, now: this.nowSeconds() },
      });
    }
    const typedData = await this.typedData(model, offer, deployment, {
      validUntil: input.validUntil,
      maxFeeBps,
    });
    const [offerDigest, signed] = await Promise.all([
      this.deps.signatures.digest(typedData),
      this.deps.signatures.isSignedBy(typedData, model.owner, input.signature),
    ]);
    if (!signed) {
      throw new InvalidInputError(
        `The signature is not the model owner's signature of revision ${offer.rev} of this offer`,
        { code: 'INVALID_SIGNATURE', details: { revision: offer.rev, offerDigest } },
      );
    }
    const stored = await this.deps.repository.setOfferMarketSignature(modelId, offerId, offer.rev, {
      chainId: deployment.chainId,
      market: deployment.market,
      revision: offer.rev,
      validUntil: input.validUntil,
      maxFeeBps,
      signature: input.signature,
      offerDigest,
    });
    return {
      offer: offerView(stored, this.deps.settings.markets, this.deps.clock.now()),
      rev: stored.rev,
    };
  }

  // ---- helpers ----

  private async ownedOffer(caller: Caller, modelId: string, offerId: string) {
    const model = await this.deps.repository.getModel(modelId);
    const offer =
      model && isOwner(model, caller) ? await this.deps.repository.getOffer(modelId, offerId) : undefined;
    if (!model || !offer) throw new NotFoundError(`Offer ${offerId} not found`, { code: 'OFFER_NOT_FOUND' });
    return { model, offer };
  }

  private async typedData(
    model: Model,
    offer: Offer,
    deployment: MarketDeployment,
    signing: OfferSigningTerms,
  ) {
    const manifestHash = offer.covers === 'latest' ? undefined : await this.coveredManifest(offer);
    const message = marketOfferMessage(offer, { owner: model.owner, manifestHash }, signing);
    return offerTypedData(marketDomain(deployment.chainId, deployment.market), message);
  }

  private async coveredManifest(offer: Offer): Promise<string | undefined> {
    const version = await this.deps.repository.getVersion(offer.modelId, offer.covers);
    return version?.published ? version.manifestHash : undefined;
  }

  private deployment(chainId: number | undefined): MarketDeployment {
    const { markets } = this.deps.settings;
    const deployment =
      chainId === undefined ? markets[0] : markets.find((candidate) => candidate.chainId === chainId);
    if (!deployment) throw marketNotConfigured(chainId);
    return deployment;
  }

  private offerDeployment(offer: Offer): MarketDeployment {
    const deployment = this.deps.settings.markets.find(
      (candidate) => candidate.chainId === offer.price.chainId,
    );
    if (!deployment) throw marketNotConfigured(offer.price.chainId);
    return deployment;
  }

  private checkedMaxFee(maxFeeBps: number): number {
    const { feeBps } = this.deps.settings;
    if (!Number.isInteger(maxFeeBps) || maxFeeBps < feeBps || maxFeeBps > TOTAL_BPS) {
      throw new InvalidInputError(
        `maxFeeBps must be an integer from the current fees (${feeBps}) to ${TOTAL_BPS}: a sale charging more than the offer accepts reverts`,
        { code: 'MAX_FEE_OUT_OF_RANGE', details: { maxFeeBps, minimum: feeBps, maximum: TOTAL_BPS } },
      );
    }
    return maxFeeBps;
  }

  private nowSeconds(): number {
    return Math.floor(this.deps.clock.now().getTime() / 1000);
  }
}

function marketNotConfigured(chainId: number | undefined): ConflictError {
  return new ConflictError(
    chainId === undefined
      ? 'No chain has a marketplace contract configured'
      : `Chain ${chainId} has no marketplace contract configured`,
    { code: 'MARKET_NOT_CONFIGURED', details: chainId === undefined ? undefined : { chainId } },
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
