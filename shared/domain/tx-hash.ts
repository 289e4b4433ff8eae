/**
 * A transaction hash as the rest of the code handles it: `0x` + 64 hex digits, lower case. Hashes are
 * parsed into this type once, where they enter (the payment request body, JSON-RPC results), so
 * comparisons and table keys (`TXCLAIM#<chainId>#<txHash>`) never depend on the case a client or a
 * node happened to use.
 */
import { z } from 'zod';
import { InvalidInputError } from './errors.js';

export type TxHash = `0x${string}` & { readonly __brand: 'TxHash' };

const TX_HASH = /^0x[0-9a-fA-F]{64}$/;

export const TX_HASH_MESSAGE = 'must be a 0x-prefixed 32-byte transaction hash';

export function isTxHash(value: string): boolean {
  return TX_HASH.test(value);
}

/** Any-case input in, the lower-case `TxHash` out. */
export const txHashSchema = z
  .string()
  .regex(TX_HASH, TX_HASH_MESSAGE)
  .transform((value) => value.toLowerCase() as TxHash);

/**
 * The `TxHash` of any-case hex.
 * @throws InvalidInputError INVALID_TX_HASH when `value` is not 0x + 64 hex digits.
 */
export function parseTxHash(value: string): TxHash {
  if (!isTxHash(value)) {
    throw new InvalidInputError('txHash must be a 0x-prefixed 32-byte hex string', {
      code: 'INVALID_TX_HASH',
    });
  }
  return value.toLowerCase() as TxHash;
}
