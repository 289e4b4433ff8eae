/**
 * Orders (time-limited quotes) and licences as stored, plus the views clients see. The views are zod
 * schemas too, built from the stored fields, so the API documents them from here (routes/purchase-
 * schemas.ts adds only examples and descriptions) and the view functions are checked against them.
 */
import { z } from 'zod';
import { type Address, isChecksumAddress } from '#domain/address.js';
import { offerTermsSchema } from '#domain/catalogue/schemas.js';
import { isAmountText } from '#domain/ledger/amount.js';
import { LICENCE_STATES } from '#domain/licences/licence-state.js';
import type { LicenceClaimsInput } from '#domain/licences/licence-token.js';

const address = z
  .string()
  .refine(isChecksumAddress, 'must be an EIP-55 address')
  .transform((value) => value as Address);
const baseUnits = z.string().regex(/^(0|[1-9]\d*)$/);

const bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/);
const uintText = baseUnits;

const signedPaymentSchema = z.object({
  typedData: z.object({
    domain: z.object({
      name: z.string(),
      version: z.string(),
      chainId: z.number().int(),
      verifyingContract: address,
    }),
    types: z.record(z.string(), z.array(z.object({ name: z.string(), type: z.string() }))),
    primaryType: z.string(),
    message: z.record(z.string(), z.string()),
  }),
});

/**
 * A sale through the marketplace contract: the owner-signed offer and the operator's authorization
 * for this order, exactly as the buyer's transaction must pass them (shared/domain/market/).
 */
export const marketSaleSchema = z.object({
  contract: address,
  /** keccak-256 of the order id: the contract's order id (the licence token id's high 224 bits). */
  orderHash: bytes32,
  offer: z.object({
    modelKey: bytes32,
    offerId: bytes32,
    revision: uintText,
    currency: address,
    price: uintText,
    supplyCap: uintText,
    licenceDuration: uintText,
    validUntil: uintText,
    maxFeeBps: z.number().int(),
    transferable: z.boolean(),
    termsHash: bytes32,
    manifestHash: bytes32,
  }),
  offerSignature: z.string(),
  authorization: z.object({
    orderId: bytes32,
    buyer: address,
    offerDigest: bytes32,
    referrer: address,
    manifestHash: bytes32,
    expiry: uintText,
  }),
  authorizationSignature: z.string(),
  /** The split the order was quoted with (sorted, as on chain) and its id. */
  split: z.object({ splitId: bytes32, recipients: z.array(address), bps: z.array(z.number().int()) }),
  /**
   * For an ERC-20 that supports it, buying with one signature instead of an approve transaction: sign
   * `typedData` in the wallet, then call `method` on the market with (offer, offerSignature,
   * authorization, authorizationSignature, payment), where payment is `{deadline, v, r, s}` for
   * buyWithPermit and `{validAfter, validBefore, nonce, v, r, s}` for buyWithAuthorization (which anyone,
   * e.g. a relayer, may submit: the licence still goes to the buyer).
   */
  payWithSignature: z
    .object({
      permit: signedPaymentSchema
        .extend({ method: z.literal('buyWithPermit'), deadline: uintText })
        .optional(),
      receiveWithAuthorization: signedPaymentSchema
        .extend({
          method: z.literal('buyWithAuthorization'),
          validAfter: uintText,
          validBefore: uintText,
          nonce: bytes32,
        })
        .optional(),
    })
    .optional(),
  /** The buyer's transactions, in order: an ERC-20's approve (if any), then buy (value: wei to send). */
  calls: z.array(z.object({ to: address, data: z.string(), value: uintText, description: z.string() })),
});
export type MarketSale = z.infer<typeof marketSaleSchema>;

export const ORDER_STATUSES = ['awaiting_payment', 'paid'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orderSchema = z.object({
  orderId: z.string(),
  buyer: address,
  modelId: z.string(),
  offerId: z.string(),
  /** Price in base units, frozen when the order was created; at most MAX_AMOUNT, like every amount. */
  amount: baseUnits.refine(isAmountText, 'must be at most 2^256 − 1 base units'),
  chainId: z.number().int(),
  currency: z.union([z.literal('native'), address]),
  symbol: z.string(),
  decimals: z.number().int(),
  referrer: address.optional(),
  /** The version the licence will cover (an offer for "latest" resolves when the order is created). */
  version: z.string(),
  manifestHash: z.string(),
  terms: offerTermsSchema,
  termsHash: z.string(),
  status: z.enum(ORDER_STATUSES),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** First submitted while the order was open: holds the order while the payment confirms. */
  pendingTxHash: z.string().optional(),
  txHash: z.string().optional(),
  paidAmount: baseUnits.optional(),
  licenceId: z.string().optional(),
  settledAt: z.string().optional(),
  /** The contract sale: the signed offer and authorization, and the calls the buyer's wallet sends. */
  market: marketSaleSchema,
  /** Pre-assigned: the indexer writes the sale's licence under this id. */
  reservedLicenceId: z.string(),
});
export type Order = z.infer<typeof orderSchema>;

export const licenceRecordSchema = z.object({
  licenceId: z.string(),
  modelId: z.string(),
  offerId: z.string(),
  orderId: z.string(),
  licensee: address,
  version: z.string(),
  manifestHash: z.string(),
  terms: offerTermsSchema,
  termsHash: z.string(),
  seats: z.number().int(),
  state: z.enum(LICENCE_STATES),
  /** Epoch seconds; 0 = perpetual (the token's encoding). */
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
  token: z.string(),
  revokedAt: z.string().optional(),
  revokeReason: z.string().optional(),
  transferredTo: address.optional(),
  transferredFrom: z.string().optional(),
  /** A licence sold through the marketplace contract: its ERC-721 token (decimal id). */
  onChain: z
    .object({ chainId: z.number().int(), contract: address, tokenId: uintText, txHash: z.string() })
    .optional(),
});
export type LicenceRecord = z.infer<typeof licenceRecordSchema>;

/** A new active licence under `order`'s terms and version; its token is signed next (`licenceClaims`). */
export function licenceForOrder(
  order: Order,
  fields: Pick<LicenceRecord, 'licenceId' | 'licensee' | 'issuedAt' | 'expiresAt'> &
    Partial<Pick<LicenceRecord, 'onChain'>>,
): LicenceRecord {
  return {
    modelId: order.modelId,
    offerId: order.offerId,
    orderId: order.orderId,
    version: order.version,
    manifestHash: order.manifestHash,
    terms: order.terms,
    termsHash: order.termsHash,
    seats: order.terms.seats,
    state: 'active',
    token: '',
    ...fields,
  };
}

/** What a licence's token signs; a licence sold through the contract names its ERC-721 token too. */
export function licenceClaims(licence: LicenceRecord): LicenceClaimsInput {
  return {
    licenceId: licence.licenceId,
    modelId: licence.modelId,
    offerId: licence.offerId,
    licensee: licence.licensee,
    termsHash: licence.termsHash,
    manifestHash: licence.manifestHash,
    issuedAt: licence.issuedAt,
    expiresAt: licence.expiresAt,
    ...(licence.onChain
      ? {
          tokenChainId: licence.onChain.chainId,
          tokenContract: licence.onChain.contract,
          tokenId: licence.onChain.tokenId,
        }
      : {}),
  };
}

/** What clients see of an order: the stored fields renamed and flattened, absent ones null. */
export const orderViewSchema = z.object({
  id: orderSchema.shape.orderId,
  /** `expired` is derived: an open order past its deadline with no payment pending. */
  status: z.enum([...ORDER_STATUSES, 'expired']),
  modelId: orderSchema.shape.modelId,
  offerId: orderSchema.shape.offerId,
  buyer: orderSchema.shape.buyer,
  amount: orderSchema.shape.amount,
  currency: z.object({
    address: orderSchema.shape.currency,
    symbol: orderSchema.shape.symbol,
    decimals: orderSchema.shape.decimals,
  }),
  chainId: orderSchema.shape.chainId,
  referrer: orderSchema.shape.referrer.unwrap().nullable(),
  version: orderSchema.shape.version,
  createdAt: orderSchema.shape.createdAt,
  expiresAt: orderSchema.shape.expiresAt,
  /** The payment's transaction: final, else the one pending confirmation. */
  txHash: orderSchema.shape.txHash.unwrap().nullable(),
  paidAmount: orderSchema.shape.paidAmount.unwrap().nullable(),
  licenceId: orderSchema.shape.licenceId.unwrap().nullable(),
  /**
   * The sale through the marketplace contract: what the buyer's wallet sends (`calls`, in order), and
   * the signed offer and authorization they carry.
   */
  sale: marketSaleSchema.omit({ split: true }),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export function orderView(order: Order, now: Date): OrderView {
  const expired =
    order.status === 'awaiting_payment' &&
    !order.pendingTxHash &&
    Date.parse(order.expiresAt) <= now.getTime();
  return {
    id: order.orderId,
    status: expired ? 'expired' : order.status,
    modelId: order.modelId,
    offerId: order.offerId,
    buyer: order.buyer,
    amount: order.amount,
    currency: { address: order.currency, symbol: order.symbol, decimals: order.decimals },
    chainId: order.chainId,
    referrer: order.referrer ?? null,
    version: order.version,
    createdAt: order.createdAt,
    expiresAt: order.expiresAt,
    txHash: order.txHash ?? order.pendingTxHash ?? null,
    paidAmount: order.paidAmount ?? null,
    licenceId: order.licenceId ?? null,
    sale: saleView(order.market),
  };
}

function saleView({ split: _split, ...sale }: MarketSale) {
  return sale;
}

const licence = licenceRecordSchema.shape;

/** What clients see of a licence: times as ISO strings (null = perpetual), absent fields null. */
export const licenceViewSchema = z.object({
  id: licence.licenceId,
  modelId: licence.modelId,
  offerId: licence.offerId,
  orderId: licence.orderId,
  licensee: licence.licensee,
  version: licence.version,
  manifestHash: licence.manifestHash,
  terms: licence.terms,
  termsHash: licence.termsHash,
  seats: licence.seats,
  /** The state now, which may differ from the stored one (an expiry has passed). */
  state: licence.state,
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  revokeReason: licence.revokeReason.unwrap().nullable(),
  transferredTo: licence.transferredTo.unwrap().nullable(),
  token: licence.token,
  /** The ERC-721 licence token, for a licence sold through the marketplace contract; else null. */
  onChain: licence.onChain.unwrap().nullable(),
});
export type LicenceView = z.infer<typeof licenceViewSchema>;

export function licenceView(record: LicenceRecord, state: LicenceRecord['state']): LicenceView {
  return {
    id: record.licenceId,
    modelId: record.modelId,
    offerId: record.offerId,
    orderId: record.orderId,
    licensee: record.licensee,
    version: record.version,
    manifestHash: record.manifestHash,
    terms: record.terms,
    termsHash: record.termsHash,
    seats: record.seats,
    state,
    issuedAt: new Date(record.issuedAt * 1000).toISOString(),
    expiresAt: record.expiresAt === 0 ? null : new Date(record.expiresAt * 1000).toISOString(),
    revokeReason: record.revokeReason ?? null,
    transferredTo: record.transferredTo ?? null,
    token: record.token,
    onChain: record.onChain ?? null,
  };
}
