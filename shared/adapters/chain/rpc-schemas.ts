/**
 * zod schemas for the JSON-RPC results we rely on. A node (or a proxy in front of it) answering
 * something else is treated as a failed dependency, never trusted.
 */
import { z } from 'zod';
import { isAddressLike, toChecksumAddress } from '#domain/address.js';
import { txHashSchema } from '#domain/tx-hash.js';

export const hexQuantity = z
  .string()
  .regex(/^0x[0-9a-fA-F]{1,64}$/)
  .transform((value) => BigInt(value));
export const hash32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/)
  .transform((value) => value.toLowerCase());
export const rpcAddress = z
  .string()
  .refine((value) => isAddressLike(value.toLowerCase()), 'not an address')
  .transform((value) => toChecksumAddress(value.toLowerCase()));
const hexData = z.string().regex(/^0x([0-9a-fA-F]{2})*$/);

export const logSchema = z.object({
  address: rpcAddress,
  topics: z.array(z.string().regex(/^0x[0-9a-fA-F]{64}$/)),
  data: hexData,
  removed: z.boolean().optional(),
});

export const receiptSchema = z.object({
  /** Parsed into the `TxHash` the rest of the code compares and stores. */
  transactionHash: txHashSchema,
  blockHash: hash32,
  blockNumber: hexQuantity,
  from: rpcAddress,
  to: rpcAddress.nullable(),
  status: hexQuantity,
  logs: z.array(logSchema),
});
export type RpcReceipt = z.infer<typeof receiptSchema>;

export const transactionSchema = z.object({
  hash: txHashSchema,
  from: rpcAddress,
  to: rpcAddress.nullable(),
  value: hexQuantity,
  nonce: hexQuantity,
  blockNumber: hexQuantity.nullable(),
  blockHash: hash32.nullable(),
});
export type RpcTransaction = z.infer<typeof transactionSchema>;

/**
 * A block. `transactions` holds hashes or full objects depending on the request; entries are not
 * validated here (one exotic transaction type in a block must not fail a check about another
 * transaction): callers validate the one entry they use.
 */
export const blockSchema = z.object({
  number: hexQuantity,
  hash: hash32,
  transactions: z.array(z.unknown()),
});
export type RpcBlock = z.infer<typeof blockSchema>;
