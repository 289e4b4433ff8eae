/**
 * OpenAPI schemas shared by the purchase routes (orders, licences, downloads, earnings). Orders and
 * licences are the domain's view schemas (shared/domain/purchases/order.ts) with examples and
 * descriptions added here; `.extend` and `.openapi` make new schemas, so the domain's own (built with
 * plain zod, maybe before `.openapi()` existed) are never asked for it.
 */

import { z } from '#api/http/zod.js';
import { personAddressSchema } from '#domain/catalogue/schemas.js';
import { licenceViewSchema, orderViewSchema } from '#domain/purchases/order.js';
import { creditRecordSchema, saleRecordSchema } from '#domain/purchases/sale-records.js';
import { txHashSchema } from '#domain/tx-hash.js';

const baseUnits = z
  .string()
  .regex(/^(0|[1-9]\d*)$/)
  .openapi({ description: 'Base units, decimal string', example: '25000000' });
const address = z.string().openapi({ example: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
/** Any case in; the route hands the service the lower-case `TxHash`. */
const txHash = txHashSchema;

export const OrderSchema = orderViewSchema
  .extend({
    buyer: address,
    amount: baseUnits,
    referrer: address.nullable(),
    paidAmount: baseUnits.nullable(),
  })
  .openapi('Order');

export const LicenceSchema = licenceViewSchema
  .extend({
    licensee: address,
    transferredTo: address.nullable(),
    token: z
      .string()
      .openapi({ description: 'The licence token: EIP-712 payload + signature, one base64url string' }),
  })
  .openapi('Licence');

export const CreateOrderSchema = z
  .object({
    offerId: z.string().min(1).max(64),
    referrer: personAddressSchema('any-case')
      .optional()
      .openapi({
        description:
          'Address of the frontend that brought the sale (never the zero address). It must be one the operator ' +
          'registered (REFERRER_ADDRESSES), else 400 REFERRER_NOT_REGISTERED; it earns the referrer fee.',
      }),
  })
  .openapi('CreateOrderRequest', { example: { offerId: 'off_3x4mpl3Id0000000000' } });

export const PaymentSchema = z.object({ txHash }).openapi('PaymentRequest');

export const PaymentConfirmingSchema = z
  .object({
    status: z.literal('confirming'),
    confirmations: z.number().int(),
    required: z.number().int(),
    order: OrderSchema,
  })
  .openapi('PaymentConfirming');

export const PaymentPaidSchema = z
  .object({ status: z.literal('paid'), order: OrderSchema, licence: LicenceSchema })
  .openapi('PaymentPaid');

export const OrderIdParam = z.object({
  orderId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'orderId', in: 'path' } }),
});
export const LicenceIdParam = z.object({
  licenceId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'licenceId', in: 'path' } }),
});

export const VerifyLicenceSchema = z
  .object({
    token: z.string().min(1).max(8192),
    checkChain: z.boolean().optional().openapi({
      description:
        'Also ask the chain: for a licence sold through the marketplace contract, the licensee must hold its token now',
    }),
  })
  .openapi('VerifyLicenceRequest');
export const VerdictSchema = z
  .object({
    valid: z.boolean(),
    reason: z
      .enum([
        'MALFORMED',
        'WRONG_DOMAIN',
        'INVALID_SIGNATURE',
        'EXPIRED',
        'REVOKED',
        'TRANSFERRED',
        'UNKNOWN_LICENCE',
      ])
      .optional(),
    licence: LicenceSchema.omit({ token: true, orderId: true }).nullable(),
    /** With checkChain, for a licence with a token: who holds the token on chain now (null: nobody). */
    holder: address.nullable().optional(),
  })
  .openapi('LicenceVerdict');

export const TokenMetadataParams = z.object({
  chainId: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'chainId', in: 'path' }, example: 31337 }),
  tokenId: z
    .string()
    .regex(/^(0|[1-9]\d{0,77})$/, 'must be a decimal token id')
    .openapi({ param: { name: 'tokenId', in: 'path' } }),
});

const trait = z.object({
  trait_type: z.string(),
  value: z.union([z.string(), z.number()]),
  display_type: z.enum(['number', 'date']).optional(),
});

/** ERC-721 metadata JSON (the shape OpenSea-style wallets and explorers read). */
export const TokenMetadataSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    external_url: z.string(),
    attributes: z.array(trait),
    properties: z.record(z.string(), z.string()),
  })
  .openapi('LicenceTokenMetadata');

export const RevokeSchema = z
  .object({ reason: z.string().trim().min(1).max(500) })
  .openapi('RevokeLicenceRequest');
export const DownloadSchema = z
  .object({ url: z.string().url(), expiresAt: z.string(), size: z.number().int(), sha256: z.string() })
  .openapi('Download');

export const CreditSchema = z
  .object(creditRecordSchema.shape)
  .extend({ amount: baseUnits })
  .openapi('Credit');

export const EarningsSchema = z
  .object({
    history: z.array(CreditSchema),
    /**
     * Per marketplace contract and currency: what the contract holds for you. `withdraw` is the one
     * transaction (distribute your splits, then pay out) your wallet sends, or null when there is nothing.
     */
    onChain: z.array(
      z.object({
        chainId: z.number().int(),
        market: address,
        currency: z.string(),
        withdrawable: baseUnits,
        awaitingDistribution: baseUnits,
        withdraw: z.object({ to: address, data: z.string(), value: baseUnits }).nullable(),
      }),
    ),
  })
  .openapi('Earnings');

export const SaleSchema = saleRecordSchema
  .extend({
    buyer: address,
    amount: baseUnits,
    credits: z.array(z.object({ recipient: address, role: z.string(), amount: baseUnits })),
  })
  .openapi('Sale');
