/**
 * Orders and payments: quote an offer as a contract sale (the owner's signed offer, the operator's
 * authorization for this buyer, and the wallet calls that buy it), and take the buyer's transaction
 * as the fast path to its licence. The money never passes through us: the contract takes exactly the
 * price, splits it and mints the licence token in one transaction, or reverts; the chain indexer
 * records what it did. Nothing here decides what was paid.
 */

import { type Address, isHexAddress } from '#domain/address.js';
import type { Caller } from '#domain/auth/caller.js';
import type { Model, Offer, Version } from '#domain/catalogue/schemas.js';
import {
  ConflictError,
  DependencyError,
  InvalidInputError,
  NotFoundError,
  PaymentError,
} from '#domain/errors.js';
import { newId } from '#domain/ids.js';
import { termsHash } from '#domain/licences/canonical-json.js';
import { effectiveLicenceState } from '#domain/licences/licence-state.js';
import type { ChainIndexer } from '#domain/market/chain-indexer.js';
import { prepareMarketSale, type SaleDeskDeps } from '#domain/market/sale-desk.js';
import { parseTxHash, type TxHash } from '#domain/tx-hash.js';
import type { Clock } from '#ports/clock.js';
import type { PurchaseRepository } from '#ports/purchases.js';
import { licenceView, type Order, orderView } from './order.js';
import { eligibleReferrer } from './referrer.js';

/** What purchases read from the catalogue. */
export interface CatalogueReader {
  getModel(modelId: string): Promise<Model | undefined>;
  /** An offer by id alone (orders name only the offer). */
  findOffer(offerId: string): Promise<Offer | undefined>;
  getVersion(modelId: string, version: string): Promise<Version | undefined>;
}

/** An allow-listed currency on one chain: the chain's coin or an ERC-20 contract address. */
export type CurrencyId = 'native' | Address;

/** What purchases need to know of an accepted chain: its marketplace contract and its currencies. */
export interface PaymentChain {
  /** Blocks a sale needs on top before it is final (shown while confirming). */
  confirmations?: number;
  chainId: number;
  /** The marketplace contract; a chain without one sells nothing. */
  market?: Address | undefined;
  currencies: ReadonlyArray<{
    address: CurrencyId;
    symbol: string;
    decimals: number;
    signing?:
      | { name: string; version: string; permit: boolean; receiveWithAuthorization: boolean }
      | undefined;
  }>;
}

export interface PurchaseSettings {
  chains: readonly PaymentChain[];
  orderTtlSeconds: number;
  /** The registered frontends (REFERRER_ADDRESSES): the only addresses an order may name as referrer. */
  referrers: readonly Address[];
  /** The platform's fee recipient (PLATFORM_FEE_RECIPIENT), which earns no referrer fee besides. */
  platformRecipient?: Address | undefined;
}

/** What contract sales need: the operator's sale desk, and the indexer's fast path. */
export interface MarketSales {
  desk: SaleDeskDeps;
  indexer: Pick<ChainIndexer, 'indexTransaction'> | undefined;
}

export type PaymentOutcome =
  | { status: 'confirming'; confirmations: number; required: number; order: ReturnType<typeof orderView> }
  | { status: 'paid'; order: ReturnType<typeof orderView>; licence: ReturnType<typeof licenceView> };

export class PurchaseService {
  constructor(
    private readonly repository: PurchaseRepository,
    private readonly catalogue: CatalogueReader,
    private readonly clock: Clock,
    private readonly settings: PurchaseSettings,
    private readonly market: MarketSales,
  ) {}

  /** Quotes an offer for the caller as a contract sale: price, currency, expiry and the calls that buy it. */
  async createOrder(caller: Caller, input: { offerId: string; referrer?: string | undefined }) {
    const offer = await this.catalogue.findOffer(input.offerId);
    const model = offer ? await this.catalogue.getModel(offer.modelId) : undefined;
    if (!offer || !model || model.status !== 'published') {
      throw new NotFoundError('No such offer', { code: 'OFFER_NOT_FOUND' });
    }
    if (!offer.active) throw new ConflictError('This offer is not on sale', { code: 'OFFER_INACTIVE' });
    if (offer.supplyCap !== null && offer.soldCount >= offer.supplyCap) {
      throw new ConflictError('This offer is sold out', { code: 'SOLD_OUT' });
    }
    const chain = this.settings.chains.find((candidate) => candidate.chainId === offer.price.chainId);
    const currency = chain?.currencies.find((candidate) => candidate.address === offer.price.currency);
    if (!chain || !currency) {
      throw new ConflictError('The offer is priced in a currency that is no longer accepted', {
        code: 'CURRENCY_UNSUPPORTED',
      });
    }
    const versionName = offer.covers === 'latest' ? model.latestVersion : offer.covers;
    const version = versionName ? await this.catalogue.getVersion(model.modelId, versionName) : undefined;
    if (!version?.published || !version.manifestHash) {
      throw new ConflictError('The version this offer covers is not published', {
        code: 'VERSION_NOT_PUBLISHED',
      });
    }
    if (input.referrer !== undefined && !isHexAddress(input.referrer)) {
      throw new InvalidInputError('referrer must be an address', { code: 'INVALID_REFERRER' });
    }
    const referrer = eligibleReferrer(input.referrer, {
      buyer: caller.address,
      platformRecipient: this.settings.platformRecipient,
      registered: this.settings.referrers,
    });
    const now = this.clock.now();
    const orderId = newId('order');
    const expiresAt = new Date(now.getTime() + this.settings.orderTtlSeconds * 1000);
    if (!chain.market) {
      throw new ConflictError('No marketplace contract is configured on the chain this offer is priced on', {
        code: 'MARKET_NOT_CONFIGURED',
      });
    }
    const sale = await prepareMarketSale(
      {
        deployment: { chainId: chain.chainId, market: chain.market },
        orderId,
        buyer: caller.address,
        referrer,
        model,
        offer,
        version: { ...version, manifestHash: version.manifestHash },
        expiresAt,
        now,
        currencySigning: currency.signing,
      },
      this.market.desk,
    );
    const order: Order = {
      orderId,
      buyer: caller.address,
      modelId: model.modelId,
      offerId: offer.offerId,
      amount: offer.price.amount,
      chainId: chain.chainId,
      currency: currency.address,
      symbol: currency.symbol,
      decimals: currency.decimals,
      ...(referrer ? { referrer } : {}),
      version: version.version,
      manifestHash: version.manifestHash,
      terms: offer.terms,
      termsHash: termsHash(offer.terms as unknown as Record<string, unknown>),
      status: 'awaiting_payment',
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      market: sale,
      reservedLicenceId: newId('licence'),
    };
    await this.repository.createOrder(order);
    return orderView(order, now);
  }

  /** The caller's order; someone else's is reported as not found. */
  async getOrder(caller: Caller, orderId: string) {
    const order = await this.ownOrder(caller, orderId);
    // Polling re-checks a payment that was still confirming.
    if (order.status === 'awaiting_payment' && order.pendingTxHash) {
      try {
        const txHash = parseTxHash(order.pendingTxHash);
        return (await this.indexMarketPayment(order, txHash)).order;
      } catch (error) {
        if (!(error instanceof ConflictError) && !(error instanceof NotFoundError)) throw error;
      }
      return orderView((await this.repository.getOrder(orderId)) ?? order, this.clock.now());
    }
    return orderView(order, this.clock.now());
  }

  async listOrders(caller: Caller, limit: number, after?: Record<string, string>) {
    const page = await this.repository.listOrdersByBuyer(caller.address, limit, after);
    const now = this.clock.now();
    return { items: page.items.map((order) => orderView(order, now)), last: page.last };
  }

  /**
   * The caller's transaction that bought `orderId`, indexed as soon as it is final.
   * @returns `confirming` (202) until final, then `paid` with the licence.
   */
  async submitPayment(caller: Caller, orderId: string, txHash: TxHash): Promise<PaymentOutcome> {
    return this.indexMarketPayment(await this.ownOrder(caller, orderId), txHash);
  }

  /**
   * A contract sale's fast path: the buyer's transaction is indexed as soon as it is final (the
   * scheduled indexer would find it too), and the order, now paid by the indexer, answers with its
   * licence. Nothing here decides what was paid: the contract did, and the indexer records it.
   */
  private async indexMarketPayment(order: Order, txHash: TxHash): Promise<PaymentOutcome> {
    if (order.status === 'paid') {
      if (order.txHash !== txHash) {
        throw new ConflictError('This order is already paid by another transaction', {
          code: 'ORDER_ALREADY_PAID',
        });
      }
      return this.paidOutcome(order);
    }
    const { indexer } = this.market;
    if (!indexer) {
      throw new DependencyError('indexer', 'The chain indexer is not configured for this chain', {
        retryAfterSeconds: 30,
      });
    }
    const outcome = await indexer.indexTransaction(order.chainId, txHash);
    const now = this.clock.now();
    switch (outcome.status) {
      case 'unknown':
        throw new NotFoundError('No such transaction on the chain (yet)', { code: 'TX_NOT_FOUND' });
      case 'reverted':
        throw new PaymentError('The transaction reverted: nothing was paid', { code: 'TX_REVERTED' });
      case 'not_a_market_transaction':
        throw new PaymentError('The transaction is not a purchase from the marketplace contract', {
          code: 'NOT_A_MARKET_SALE',
        });
      case 'not_final':
        if (order.pendingTxHash !== txHash) await this.repository.recordPendingPayment(order.orderId, txHash);
        return {
          status: 'confirming',
          confirmations: 0,
          required: this.settings.chains.find((chain) => chain.chainId === order.chainId)?.confirmations ?? 1,
          order: orderView({ ...order, pendingTxHash: txHash }, now),
        };
      case 'indexed': {
        const current = await this.repository.getOrder(order.orderId);
        if (current?.status === 'paid' && current.txHash === txHash) return this.paidOutcome(current);
        throw new PaymentError('The transaction bought something else, not this order', {
          code: 'SALE_OF_ANOTHER_ORDER',
        });
      }
    }
  }

  /** The answer to a replayed submission of the payment that settled `order`. */
  private async paidOutcome(order: Order): Promise<PaymentOutcome> {
    const licence = order.licenceId ? await this.repository.getLicence(order.licenceId) : undefined;
    if (!licence)
      throw new NotFoundError('The licence for this order is missing', { code: 'LICENCE_NOT_FOUND' });
    const now = this.clock.now();
    return {
      status: 'paid',
      order: orderView(order, now),
      licence: licenceView(licence, effectiveLicenceState(licence, now)),
    };
  }

  private async ownOrder(caller: Caller, orderId: string): Promise<Order> {
    const order = await this.repository.getOrder(orderId);
    if (!order || order.buyer !== caller.address)
      throw new NotFoundError('No such order', { code: 'ORDER_NOT_FOUND' });
    return order;
  }
}
