/** Verifying that an on-chain transaction pays an order. Implemented over JSON-RPC by EvmPaymentVerifier. */
import type { Address } from '#domain/address.js';
import type { CurrencyId } from '#domain/ledger/balance.js';

/** What the order expects to be paid. */
export interface ExpectedPayment {
  chainId: number;
  /** Any case: the verifier parses it (`parseTxHash`), as the settlement passes it, a `TxHash`. */
  txHash: string;
  /** The signed-in buyer: the native tx's `from`, or the Transfer log's `from`. */
  buyer: Address;
  payTo: Address;
  /** 'native' or the allow-listed ERC-20 contract. */
  currency: CurrencyId;
  amount: bigint;
  /** The chain's latest block number when the order was created: payment must be mined in a LATER block. */
  orderBlockNumber: bigint;
}

export type PaymentVerification =
  | {
      status: 'confirming';
      confirmations: number;
      required: number;
      /** JSON-RPC calls this verification made. */
      rpcCalls: number;
    }
  | {
      status: 'final';
      /** What the buyer actually paid to payTo (≥ amount; an overpayment is recorded as paid). */
      paid: bigint;
      payer: Address;
      blockNumber: bigint;
      blockHash: string;
      confirmations: number;
      rpcCalls: number;
    };

export interface PaymentVerifier {
  /**
   * Checks the payment. Resolves `confirming` while the tx is pending or not yet final, `final` once
   * it is; throws for every rejection:
   * - NotFoundError TX_NOT_FOUND (no such tx, or reorged out and not pending);
   * - PaymentError TX_REVERTED | TX_PREDATES_ORDER | NO_QUALIFYING_TRANSFER | PAYER_MISMATCH | UNDERPAID;
   * - InvalidInputError CHAIN_UNSUPPORTED (chain not configured);
   * - DependencyError (RPC down, timing out, answering garbage, or serving another chain id).
   */
  verify(expected: ExpectedPayment): Promise<PaymentVerification>;
}
