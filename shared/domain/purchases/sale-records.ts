/**
 * A settled sale and one recipient's credit from it, as stored and as clients see them (the two are
 * the same fields). One schema each: the repository parses stored items with it, the port's types are
 * inferred from it, and the API documents it from here (routes/purchase-schemas.ts adds examples).
 */
import { z } from 'zod';
import { type Address, toChecksumAddress } from '#domain/address.js';

const address = z.string().transform((value): Address => toChecksumAddress(value));
const baseUnits = z.string().regex(/^(0|[1-9]\d*)$/);

export const saleRecordSchema = z.object({
  saleId: z.string(),
  modelId: z.string(),
  offerId: z.string(),
  orderId: z.string(),
  licenceId: z.string(),
  buyer: address,
  chainId: z.number().int(),
  currency: z.string(),
  txHash: z.string(),
  amount: baseUnits,
  /** The split as it stood at the sale, with the platform's and the referrer's fees. */
  credits: z.array(z.object({ recipient: address, role: z.string(), amount: baseUnits })),
  settledAt: z.string(),
});
export type SaleRecord = z.infer<typeof saleRecordSchema>;

/** One line of a recipient's earnings history. */
export const creditRecordSchema = z.object({
  saleId: z.string(),
  modelId: z.string(),
  chainId: z.number().int(),
  currency: z.string(),
  role: z.string(),
  amount: baseUnits,
  at: z.string(),
});
export type CreditRecord = z.infer<typeof creditRecordSchema>;
