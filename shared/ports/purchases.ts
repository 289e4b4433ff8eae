/** Storage the purchases flow needs: orders, licences, download grants, sales and earnings history. */
import type { Address } from '#domain/address.js';
import type { LicenceRecord, Order } from '#domain/purchases/order.js';
import type { CreditRecord, SaleRecord } from '#domain/purchases/sale-records.js';
import type { TxHash } from '#domain/tx-hash.js';

import type { Page } from './catalogue-repository.js';

export type { CreditRecord, Page, SaleRecord };

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
