/**
 * What clients see of a model's and an offer's on-chain sale: the model's registration status with
 * the transactions its owner still has to send, and the offer's typed data to sign. zod schemas, so
 * the API documents them from here (functions/api/routes/market.ts adds descriptions and examples).
 */
import { z } from 'zod';

/** A transaction for the owner's wallet to send, as `eth_sendTransaction` takes it. */
export const marketCallSchema = z.object({
  to: z.string(),
  data: z.string(),
  /** Wei, decimal: always "0" (nothing here is paid). */
  value: z.string(),
  description: z.string(),
});
export type MarketCallView = z.infer<typeof marketCallSchema>;

export const modelMarketViewSchema = z.object({
  modelId: z.string(),
  chainId: z.number().int(),
  market: z.string(),
  owner: z.string(),
  /** The model's key on chain: `keccak256(abi.encode(owner, externalId))`. */
  modelKey: z.string(),
  /** `keccak256(modelId)`. */
  externalId: z.string(),
  /** The model's current split as the contract takes it: recipients ascending, and its content id. */
  split: z.object({
    recipients: z.array(z.string()),
    bps: z.array(z.number().int()),
    splitId: z.string(),
  }),
  /** What the chain says now. */
  onChain: z.object({
    registered: z.boolean(),
    owner: z.string().nullable(),
    splitId: z.string().nullable(),
    /** Whether the current split (above) has been created on chain. */
    splitExists: z.boolean(),
  }),
  /** The owner's transactions, in order, that bring the chain in line; empty when it is. */
  calls: z.array(marketCallSchema),
});
export type ModelMarketView = z.infer<typeof modelMarketViewSchema>;

const typedFieldSchema = z.object({ name: z.string(), type: z.string() });

/** The `Offer` struct, amounts and times as decimal strings (typed-data.ts `MarketOffer`). */
export const marketOfferMessageSchema = z.object({
  modelKey: z.string(),
  offerId: z.string(),
  revision: z.string(),
  currency: z.string(),
  price: z.string(),
  supplyCap: z.string(),
  licenceDuration: z.string(),
  validUntil: z.string(),
  maxFeeBps: z.number().int(),
  transferable: z.boolean(),
  termsHash: z.string(),
  manifestHash: z.string(),
});

export const offerTypedDataViewSchema = z.object({
  domain: z.object({
    name: z.string(),
    version: z.string(),
    chainId: z.number().int(),
    verifyingContract: z.string(),
  }),
  types: z.record(z.string(), z.array(typedFieldSchema)),
  primaryType: z.literal('Offer'),
  message: marketOfferMessageSchema,
  /** The EIP-712 digest of the message (what an EIP-1271 wallet is asked to approve). */
  offerDigest: z.string(),
});
export type OfferTypedDataView = z.infer<typeof offerTypedDataViewSchema>;
