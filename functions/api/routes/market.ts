/**
 * The creator's side of on-chain sales: a model's registration on the marketplace contract (and the
 * transactions that complete it), and the owner's EIP-712 signature of each offer revision.
 * Schemas derive from shared/domain/market/views.ts; the rules live in CreatorMarketService.
 */
import { createRoute } from '@hono/zod-openapi';
import { optionalCaller, requireCaller, SIGNED_IN } from '#api/http/auth.js';
import { errorResponses, jsonResponse } from '#api/http/openapi.js';
import { createRouter } from '#api/http/router.js';
import { z } from '#api/http/zod.js';
import { etagFor } from '#domain/catalogue/access.js';
import type { CreatorMarketService } from '#domain/market/creator-market-service.js';
import { modelMarketViewSchema, offerTypedDataViewSchema } from '#domain/market/views.js';
import { ModelIdParam, OfferParams, OfferSchema } from './catalogue-schemas.js';

const TAGS = ['Market'];
const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const MARKET = '0x8464135c8F25Da09e49BC8782676a84730C318bC';
const HASH = `0x${'ab'.repeat(32)}`;
const MAX_BPS = 10_000;

const MarketQuery = z.object({
  chainId: z.coerce.number().int().positive().optional().openapi({
    description: 'Default: the first configured chain with a marketplace contract',
    example: 31337,
  }),
});

const TypedDataQuery = z.object({
  maxFeeBps: z.coerce.number().int().min(0).max(MAX_BPS).optional().openapi({
    description:
      'The most platform + referrer fee (bps) a sale may take; at least the current fees (the default)',
    example: 350,
  }),
});

export const ModelMarketSchema = z.object(modelMarketViewSchema.shape).openapi('ModelMarket', {
  example: {
    modelId: 'mdl_3x4mpl3Id0000000000',
    chainId: 31337,
    market: MARKET,
    owner: OWNER,
    modelKey: HASH,
    externalId: HASH,
    split: { recipients: [OWNER], bps: [10000], splitId: HASH },
    onChain: { registered: false, owner: null, splitId: null, splitExists: false },
    calls: [
      {
        to: MARKET,
        data: '0x…',
        value: '0',
        description: "Create the model's split (1 recipient) on the market",
      },
      {
        to: MARKET,
        data: '0x…',
        value: '0',
        description: 'Register the model with its split (sent by the owner: no signature needed)',
      },
    ],
  },
});

export const OfferTypedDataSchema = z.object(offerTypedDataViewSchema.shape).openapi('OfferTypedData');

const SignatureBody = z
  .object({
    signature: z
      .string()
      .max(2 + 2 * 4096)
      .regex(/^0x([0-9a-fA-F]{2})+$/, 'must be 0x-prefixed hex bytes')
      .transform((value) => value.toLowerCase() as `0x${string}`)
      .openapi({ description: "The owner's signature (65-byte ECDSA, or an EIP-1271 wallet's)" }),
    validUntil: z
      .union([
        z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        z.string().regex(/^[1-9]\d{0,15}$/, 'must be unix seconds as a decimal string'),
      ])
      .transform((value) => Number(value))
      .refine((value) => Number.isSafeInteger(value), 'too large')
      .openapi({ description: "Unix seconds, as in the signed message's validUntil", example: '1798761600' }),
    maxFeeBps: z
      .number()
      .int()
      .min(0)
      .max(MAX_BPS)
      .openapi({ description: "As in the signed message's maxFeeBps", example: 350 }),
  })
  .openapi('OfferSignature', {
    example: { signature: `0x${'1b'.repeat(65)}`, validUntil: '1798761600', maxFeeBps: 350 },
  });

const getModelMarket = createRoute({
  method: 'get',
  path: '/models/{modelId}/market',
  tags: TAGS,
  summary:
    "The model's registration on the marketplace contract, and the owner's transactions to complete it",
  description:
    'Public (all of it is on chain). `calls` are the transactions the owner sends, in order, from its own ' +
    'wallet: `createSplit` when the current split is not on chain, then `registerModel` when the model is ' +
    'not registered, or `setModelSplit` when it is registered with another split. Empty when the chain is ' +
    'in line with the model. 409 MARKET_NOT_CONFIGURED when the chain has no marketplace contract.',
  request: { params: ModelIdParam, query: MarketQuery },
  responses: {
    200: jsonResponse(ModelMarketSchema, 'The model on chain'),
    ...errorResponses(400, 404, 409, 503),
  },
});

const getOfferTypedData = createRoute({
  method: 'get',
  path: '/models/{modelId}/offers/{offerId}/typed-data',
  tags: TAGS,
  summary: 'The EIP-712 Offer the owner signs to sell this offer on chain (owner)',
  description:
    'Sign it with `eth_signTypedData_v4` (EIP712Domain follows from `domain`) and PUT the signature to ' +
    "`…/signature` with the same `validUntil` and `maxFeeBps`. The message is the offer's current " +
    "revision: any later edit needs a new signature. 409 MARKET_NOT_CONFIGURED (the offer's chain has no " +
    'market), VERSION_NOT_PUBLISHED (the covered version is not published); 400 MAX_FEE_OUT_OF_RANGE.',
  security: SIGNED_IN,
  request: { params: OfferParams, query: TypedDataQuery },
  responses: {
    200: jsonResponse(OfferTypedDataSchema, 'Typed data to sign'),
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});

const putOfferSignature = createRoute({
  method: 'put',
  path: '/models/{modelId}/offers/{offerId}/signature',
  tags: TAGS,
  summary: "Attach the owner's signature of the offer's current revision (owner)",
  description:
    "The message is rebuilt from the offer's current state with the given `validUntil` and `maxFeeBps`; " +
    "the signature must be the model owner's (ECDSA, or EIP-1271 for a contract wallet), else 400 " +
    'INVALID_SIGNATURE. 400 VALID_UNTIL_PAST, MAX_FEE_OUT_OF_RANGE; 409 OFFER_CHANGED when the offer was ' +
    'edited meanwhile. The offer view then says `market.signed: true` until the offer changes or the ' +
    'signature expires.',
  security: SIGNED_IN,
  request: {
    params: OfferParams,
    body: { content: { 'application/json': { schema: SignatureBody } }, required: true },
  },
  responses: {
    200: {
      ...jsonResponse(OfferSchema, 'The offer, signed'),
      headers: { ETag: { schema: { type: 'string' as const }, description: "The offer's revision" } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});

export function marketRoutes(market: CreatorMarketService) {
  return createRouter()
    .openapi(getModelMarket, async (c) =>
      c.json(
        await market.modelMarket(
          c.req.valid('param').modelId,
          c.req.valid('query').chainId,
          optionalCaller(c),
        ),
        200,
      ),
    )
    .openapi(getOfferTypedData, async (c) => {
      const { modelId, offerId } = c.req.valid('param');
      const typedData = await market.offerTypedData(
        requireCaller(c, 'read'),
        modelId,
        offerId,
        c.req.valid('query').maxFeeBps,
      );
      return c.json(typedData, 200);
    })
    .openapi(putOfferSignature, async (c) => {
      const { modelId, offerId } = c.req.valid('param');
      const { offer, rev } = await market.signOffer(
        requireCaller(c, 'publish'),
        modelId,
        offerId,
        c.req.valid('json'),
      );
      c.header('ETag', etagFor(rev));
      return c.json(offer, 200);
    });
}
