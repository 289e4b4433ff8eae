/** Balances are kept per (recipient, chain, currency); these are the shared names for that key. */
import type { Address } from '#domain/address.js';
import type { TxHash } from '#domain/tx-hash.js';

/** An allow-listed currency on one chain: the chain's coin or an ERC-20 contract address. */
export type CurrencyId = 'native' | Address;

export interface BalanceKey {
  recipient: Address;
  chainId: number;
  currency: CurrencyId;
}

/** A sale as the ledger records it: the claimed payment and its credits (see `splitSale`). */
export interface LedgerSale {
  saleId: string;
  chainId: number;
  currency: CurrencyId;
  /** The payment transaction; (chainId, txHash) can settle at most one sale. */
  txHash: TxHash;
  amount: bigint;
  credits: ReadonlyArray<{ recipient: Address; role: string; amount: bigint }>;
}
