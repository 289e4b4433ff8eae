/**
 * An offer as the marketplace contract sells it: the EIP-712 `Offer` message built from our offer
 * (typed-data.ts), the owner's signature of it stored on the offer (`marketSignature`), and whether
 * that signature still speaks for the offer. A signature names the offer's revision (`rev`), so any
 * edit of the offer leaves it stale: only a new signature of the new revision sells again.
 *
 * The mapping from our offer to the contract's struct:
 * - modelKey = `marketModelKey(owner, modelId)`, offerId = `idHash(offerId)`, revision = `rev`;
 * - currency = the zero address for "native", else the ERC-20's address; price = the amount;
 * - supplyCap = the cap, 0 = unlimited; licenceDuration = durationDays × 86400 s, 0 = perpetual;
 * - termsHash = `termsHash(terms)` (the hash orders and licence tokens carry);
 * - manifestHash = the covered version's manifest hash, or zero when the offer covers "latest";
 * - transferable = `terms.transferable`; validUntil and maxFeeBps are the owner's choice at signing.
 */
import { z } from 'zod';
import type { Address } from '#domain/address.js';
import type { Offer } from '#domain/catalogue/schemas.js';
import { ConflictError } from '#domain/errors.js';
import { type Bytes32, termsHash } from '#domain/licences/canonical-json.js';
import {
  idHash,
  type MarketDomain,
  type MarketOffer,
  marketDomain,
  marketModelKey,
  ZERO_ADDRESS,
  ZERO_BYTES32,
} from './typed-data.js';

const SECONDS_PER_DAY = 86_400;

/** Where a chain's marketplace contract is (chains without one have none). */
export interface MarketDeployment {
  chainId: number;
  market: Address;
}

/** The owner's signature of one revision of an offer, as stored on the offer item. */
export const marketSignatureSchema = z.object({
  chainId: z.number().int(),
  market: z.string(),
  /** The offer's `rev` it signed. */
  revision: z.number().int(),
  /** Unix seconds: the signature's deadline (the struct's `validUntil`). */
  validUntil: z.number().int(),
  maxFeeBps: z.number().int(),
  signature: z.string(),
  /** The EIP-712 digest that was signed (the contract's `offerDigest(offer)`). */
  offerDigest: z.string(),
});
export type MarketSignature = z.infer<typeof marketSignatureSchema>;

/** What the offer view says of the offer's on-chain sale. */
export const offerMarketViewSchema = z.object({
  /** A signature of the current revision, for this chain's market, not yet expired. */
  signed: z.boolean(),
  /** The revision a signature must name: the offer's current one. */
  revision: z.number().int(),
  /** The current revision's signature deadline (ISO), null when that revision is unsigned. */
  validUntil: z.string().nullable(),
  /** The current revision's signed digest, null when that revision is unsigned. */
  offerDigest: z.string().nullable(),
});
export type OfferMarketView = z.infer<typeof offerMarketViewSchema>;

/** What the message needs beyond the offer itself. */
export interface OfferMessageContext {
  /** The model's owner: the model's key on chain is derived from it. */
  owner: Address;
  /** The covered version's manifest hash; needed only when the offer covers a fixed version. */
  manifestHash?: string | undefined;
}

/** The two fields the owner chooses when signing. */
export interface OfferSigningTerms {
  /** Unix seconds. */
  validUntil: number;
  maxFeeBps: number;
}

/**
 * The `Offer` struct for the offer's current revision (see the module comment for each field).
 * @throws ConflictError VERSION_NOT_PUBLISHED when the offer covers a fixed version whose manifest
 *   hash is not given (the version is not published yet).
 */
export function marketOfferMessage(
  offer: Offer,
  context: OfferMessageContext,
  signing: OfferSigningTerms,
): MarketOffer {
  let manifestHash = ZERO_BYTES32;
  if (offer.covers !== 'latest') {
    if (!context.manifestHash) {
      throw new ConflictError(`Version ${offer.covers}, which this offer covers, is not published yet`, {
        code: 'VERSION_NOT_PUBLISHED',
        details: { version: offer.covers },
      });
    }
    manifestHash = context.manifestHash as Bytes32;
  }
  const durationDays = offer.terms.durationDays;
  return {
    modelKey: marketModelKey(context.owner, offer.modelId),
    offerId: idHash(offer.offerId),
    revision: String(offer.rev),
    currency: offer.price.currency === 'native' ? ZERO_ADDRESS : offer.price.currency,
    price: offer.price.amount,
    supplyCap: String(offer.supplyCap ?? 0),
    licenceDuration: String(durationDays ? durationDays * SECONDS_PER_DAY : 0),
    validUntil: String(signing.validUntil),
    maxFeeBps: signing.maxFeeBps,
    transferable: offer.terms.transferable,
    termsHash: termsHash(offer.terms as unknown as Record<string, unknown>),
    manifestHash,
  };
}

/**
 * The stored signature if it was made for the offer's current revision on `deployment` (whatever its
 * deadline), else undefined: an edit of the offer, or a move of the market, leaves it stale.
 */
export function currentRevisionSignature(
  offer: Offer,
  deployment: MarketDeployment | undefined,
): MarketSignature | undefined {
  const stored = offer.marketSignature;
  if (!stored || !deployment) return undefined;
  const current =
    stored.revision === offer.rev &&
    stored.chainId === deployment.chainId &&
    stored.chainId === offer.price.chainId &&
    stored.market.toLowerCase() === deployment.market.toLowerCase();
  return current ? stored : undefined;
}

/** True while the signature's deadline has not passed (the contract refuses a sale after it). */
export function isUnexpired(signature: Pick<MarketSignature, 'validUntil'>, now: Date): boolean {
  return signature.validUntil > Math.floor(now.getTime() / 1000);
}

/**
 * The offer view's `market`: null when the offer's chain has no market, else whether the current
 * revision is signed and until when.
 */
export function offerMarketView(
  offer: Offer,
  deployment: MarketDeployment | undefined,
  now: Date,
): OfferMarketView | null {
  if (!deployment) return null;
  const signature = currentRevisionSignature(offer, deployment);
  return {
    signed: signature !== undefined && isUnexpired(signature, now),
    revision: offer.rev,
    validUntil: signature ? new Date(signature.validUntil * 1000).toISOString() : null,
    offerDigest: signature?.offerDigest ?? null,
  };
}

/** An offer ready to sell on chain: the struct exactly as its owner signed it, and the signature. */
export interface SignedMarketOffer {
  domain: MarketDomain;
  /** The `Offer` struct to pass to the contract's `buy` (amounts as decimal strings). */
  message: MarketOffer;
  signature: `0x${string}`;
  /** The contract's `offerDigest(message)`: what the sale authorization names. */
  offerDigest: Bytes32;
}

/**
 * For the orders code: the offer as the contract will see it — the `Offer` message rebuilt from the
 * offer's current state with the signed `validUntil` and `maxFeeBps`, the owner's signature and the
 * digest — or undefined when the offer cannot sell on chain now: its chain has no market, or no
 * signature covers its current revision, or that signature has expired (at `context.now`).
 *
 * `context.owner` is the model's owner; `context.manifestHash` the covered version's manifest hash,
 * needed when the offer covers a fixed version (for "latest" the message carries zero and the sale
 * authorization names the manifest). The message equals, field for field, what the owner signed: the
 * signature was verified against the same function's output at the same revision, and every input
 * that is not the offer's own (owner, a published version's manifest) never changes.
 */
export function signedMarketOffer(
  offer: Offer,
  context: OfferMessageContext & { deployment: MarketDeployment | undefined; now: Date },
): SignedMarketOffer | undefined {
  const { deployment } = context;
  const signature = currentRevisionSignature(offer, deployment);
  if (!deployment || !signature || !isUnexpired(signature, context.now)) return undefined;
  return {
    domain: marketDomain(deployment.chainId, deployment.market),
    message: marketOfferMessage(offer, context, signature),
    signature: signature.signature as `0x${string}`,
    offerDigest: signature.offerDigest as Bytes32,
  };
}
