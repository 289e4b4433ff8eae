/** Storage the purchases flow needs: orders, the settlement transaction, licences and download grants. */
import type { Address } from '#domain/address.js';
import type { LedgerSale } from '#domain/ledger/balance.js';
import type { LicenceRecord, Order } from '#domain/purchases/order.js';
import type { CreditRecord, SaleRecord } from '#domain/purchases/sale-records.js';
import type { TxHash } from '#domain/tx-hash.js';

import type { Page } from './catalogue-repository.js';

export type { CreditRecord, Page, SaleRecord };

/** Everything that becomes true at once when a payment is final. */
export interface Settlement {
  order: Order;
  txHash: TxHash;
  paid: bigint;
  settledAt: string;
  licence: LicenceRecord;
  sale: LedgerSale;
  /** The offer whose sold counter goes up, guarded by its supply cap. */
  offer: { modelId: string; offerId: string; supplyCap: number | null };
}

/** Why a settlement transaction was refused (which condition failed). */
export type SettlementConflict = 'TX_ALREADY_CLAIMED' | 'ORDER_NOT_OPEN' | 'SOLD_OUT';

export interface DownloadGrant {
  grantId: string;
  modelId: string;
  version: string;
  path: string;
  grantee: Address;
  /** The licence that allowed it, or the role (owner/contributor) when no licence was needed. */
  basis: { licenceId: string } | { role: 'owner' | 'contributor' };
  at: string;
}

export interface PurchaseRepository {
  createOrder(order: Order): Promise<void>;
  getOrder(orderId: string): Promise<Order | undefined>;
  listOrdersByBuyer(buyer: Address, limit: number, after?: Record<string, string>): Promise<Page<Order>>;
  /** Holds an open order for a submitted tx (only while still awaiting payment). */
  recordPendingPayment(orderId: string, txHash: TxHash): Promise<void>;
  /**
   * The settlement, as ONE transaction: order awaiting → paid, (chain, tx) claimed, licence written,
   * offer sold counter incremented under its cap, sale recorded, every balance credited.
   * @throws SettlementConflictError naming the failed condition; nothing is written then.
   */
  settle(settlement: Settlement): Promise<void>;
  /**
   * Writes a settled order's per-recipient earnings history again. It is written after the
   * settlement transaction (which is full with balances), so a crash in between loses it; a replayed
   * submission of the same payment repairs it. Idempotent; does nothing for an order not paid.
   */
  restoreHistory(order: Order): Promise<void>;
  /**
   * A payment that cannot become a licence (sold out at settlement): claim the tx, mark the order
   * refunded and credit the whole payment to the buyer's balance (withdrawable), in one transaction.
   */
  refund(input: { order: Order; txHash: TxHash; paid: bigint; reason: string; at: string }): Promise<void>;
  /** A payment for an order that had expired: claim the tx and keep it for manual resolution. */
  recordLatePayment(input: {
    order: Order;
    txHash: TxHash;
    paid: bigint;
    payer: Address;
    at: string;
  }): Promise<void>;

  getLicence(licenceId: string): Promise<LicenceRecord | undefined>;
  /** The licence sold as ERC-721 token `tokenId` of the market on `chainId` (found through its order). */
  findLicenceByToken(chainId: number, tokenId: bigint): Promise<LicenceRecord | undefined>;
  listLicencesByHolder(
    holder: Address,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<LicenceRecord>>;
  /** The holder's licences for one model (download checks). */
  listHolderLicencesForModel(holder: Address, modelId: string): Promise<LicenceRecord[]>;
  /** active → revoked, only if still `expectedState`. */
  revokeLicence(licenceId: string, reason: string, at: string): Promise<void>;
  /** Old licence active → transferred and the new licence written, in one transaction. */
  transferLicence(oldLicenceId: string, next: LicenceRecord, at: string): Promise<void>;

  /**
   * Records a download grant; with a quota, counts it against the licence's daily allowance in the
   * same transaction. @throws RateLimitedError DOWNLOAD_QUOTA_EXCEEDED when the allowance is used up.
   */
  recordDownload(
    grant: DownloadGrant,
    quota?: { licenceId: string; day: string; limit: number },
  ): Promise<void>;

  listSalesByModel(modelId: string, limit: number, after?: Record<string, string>): Promise<Page<SaleRecord>>;
  listCreditsByRecipient(recipient: Address, limit: number): Promise<CreditRecord[]>;
}

/** The chain's current head, for "paid after the order was created" measured in blocks. */
export interface ChainHead {
  latestBlockNumber(chainId: number): Promise<bigint>;
}

/** Signs licence claims into tokens with the marketplace's licence key. */
export interface LicenceSigner {
  readonly chainId: number;
  address(): Promise<Address>;
  sign(claims: import('#domain/licences/licence-token.js').LicenceClaimsInput): Promise<string>;
  /**
   * Signs an EIP-712 digest with the same key: the marketplace contract's sale authorizations (its
   * `saleSigner` is this key's address). 65-byte r ‖ s ‖ v hex, low s.
   */
  signDigest(digest: string): Promise<string>;
}
