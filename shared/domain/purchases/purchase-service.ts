/**
 * Orders and payments: quote an offer, verify the on-chain payment, and settle it — order paid, tx
 * claimed, licence issued, revenue credited — in one transaction. It must be impossible to get a
 * licence without paying, to pay once and get two licences, or to lose a base unit: every payment the
 * chain shows us ends as a licence, a refund credit, or a late payment kept for manual resolution.
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
import type { CurrencyId, LedgerSale } from '#domain/ledger/balance.js';
import { eligibleReferrer, paymentCredits } from '#domain/ledger/revenue-split.js';
import { termsHash } from '#domain/licences/canonical-json.js';
import { effectiveLicenceState } from '#domain/licences/licence-state.js';
import type { ChainIndexer } from '#domain/market/chain-indexer.js';
import { prepareMarketSale, type SaleDeskDeps } from '#domain/market/sale-desk.js';
import { parseTxHash, type TxHash } from '#domain/tx-hash.js';
import type { Clock } from '#ports/clock.js';
import type { PaymentVerifier } from '#ports/payment-verifier.js';
import type { ChainHead, LicenceSigner, PurchaseRepository } from '#ports/purchases.js';
import { METRIC_NAMES, type Metrics, noMetrics } from '#shared/metrics.js';
import { SettlementConflictError } from './errors.js';
import { licenceClaims, licenceForOrder, licenceView, type Order, orderView } from './order.js';

/** What purchases read from the catalogue. */
export interface CatalogueReader {
  getModel(modelId: string): Promise<Model | undefined>;
  /** An offer by id alone (orders name only the offer). */
  findOffer(offerId: string): Promise<Offer | undefined>;
  getVersion(modelId: string, version: string): Promise<Version | undefined>;
}

/** What purchases need to know of an accepted chain: where buyers pay, and in which currencies. */
export interface PaymentChain {
  /** Blocks a payment needs on top before it is final (shown while confirming). */
  confirmations?: number;
  chainId: number;
  payTo: Address;
  /** The marketplace contract: when set, orders on this chain sell through it (no pay-to claim). */
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
  platformFeeBps: number;
  referrerFeeBps: number;
  /** The registered frontends (REFERRER_ADDRESSES): the only addresses an order may name as referrer. */
  referrers: readonly Address[];
  platformRecipient: Address;
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
    private readonly verifier: PaymentVerifier,
    private readonly chainHead: ChainHead,
    private readonly signer: LicenceSigner,
    private readonly clock: Clock,
    private readonly settings: PurchaseSettings,
    private readonly metrics: Metrics = noMetrics,
    private readonly market?: MarketSales,
  ) {}

  /** Quotes an offer for the caller: price, currency, pay-to, expiry and the chain head to pay after. */
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
    const sale =
      chain.market && this.market
        ? await prepareMarketSale(
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
          )
        : undefined;
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
      // A contract sale is paid to the market, which splits it; else to the custodial pay-to address.
      payTo: chain.market && sale ? chain.market : chain.payTo,
      ...(referrer ? { referrer } : {}),
      version: version.version,
      manifestHash: version.manifestHash,
      terms: offer.terms,
      termsHash: termsHash(offer.terms as unknown as Record<string, unknown>),
      orderBlockNumber: (await this.chainHead.latestBlockNumber(chain.chainId)).toString(),
      status: 'awaiting_payment',
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      ...(sale ? { market: sale, reservedLicenceId: newId('licence') } : {}),
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
        const outcome = order.market
          ? await this.indexMarketPayment(order, txHash)
          : await this.settlePayment(order, txHash);
        return outcome.order;
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
   * Verifies `txHash` as the payment for the caller's order and settles it once final.
   * @returns `confirming` (202) until final, then `paid` with the licence.
   */
  async submitPayment(caller: Caller, orderId: string, txHash: TxHash): Promise<PaymentOutcome> {
    const order = await this.ownOrder(caller, orderId);
    return order.market ? this.indexMarketPayment(order, txHash) : this.settlePayment(order, txHash);
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
    const indexer = this.market?.indexer;
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

  private async settlePayment(order: Order, txHash: TxHash): Promise<PaymentOutcome> {
    if (order.status === 'paid') {
      if (order.txHash !== txHash || !order.licenceId) {
        throw new ConflictError('This order is already paid by another transaction', {
          code: 'ORDER_ALREADY_PAID',
        });
      }
      return this.paidOutcome(order);
    }
    if (order.status === 'refunded') {
      throw new ConflictError('This order was refunded to your balance', { code: 'ORDER_REFUNDED' });
    }
    const now = this.clock.now();
    const expired = Date.parse(order.expiresAt) <= now.getTime() && order.pendingTxHash !== txHash;
    const verification = await this.verifier.verify({
      chainId: order.chainId,
      txHash,
      buyer: order.buyer,
      payTo: order.payTo,
      currency: order.currency,
      amount: BigInt(order.amount),
      orderBlockNumber: BigInt(order.orderBlockNumber),
    });

    if (expired) {
      if (verification.status === 'final') {
        // Claims the tx too, so it can never also settle another order (TX_ALREADY_CLAIMED otherwise).
        await this.repository.recordLatePayment({
          order,
          txHash,
          paid: verification.paid,
          payer: verification.payer,
          at: now.toISOString(),
        });
      }
      throw new ConflictError(
        'The order expired before this payment was submitted; it is kept for manual resolution',
        {
          code: 'ORDER_EXPIRED',
        },
      );
    }

    if (verification.status === 'confirming') {
      if (order.pendingTxHash !== txHash) await this.repository.recordPendingPayment(order.orderId, txHash);
      return {
        status: 'confirming',
        confirmations: verification.confirmations,
        required: verification.required,
        order: orderView({ ...order, pendingTxHash: txHash }, now),
      };
    }

    const model = await this.catalogue.getModel(order.modelId);
    if (!model) throw new NotFoundError('The model is gone', { code: 'MODEL_NOT_FOUND' });
    const offer = await this.catalogue.findOffer(order.offerId);
    const credits = paymentCredits({
      amount: BigInt(order.amount),
      paid: verification.paid,
      buyer: order.buyer,
      platformFeeBps: this.settings.platformFeeBps,
      platformRecipient: this.settings.platformRecipient,
      referrerFeeBps: this.settings.referrerFeeBps,
      referrer: order.referrer,
      // The split in force now is snapshotted into the sale: later edits never rewrite it.
      split: model.split.map((recipient) => ({ address: recipient.address as Address, bps: recipient.bps })),
    });
    const issuedAt = Math.floor(now.getTime() / 1000);
    const licenceId = newId('licence');
    const expiresAt = order.terms.durationDays === null ? 0 : issuedAt + order.terms.durationDays * 86_400;
    const licence = licenceForOrder(order, { licenceId, licensee: order.buyer, issuedAt, expiresAt });
    licence.token = await this.signer.sign(licenceClaims(licence));
    const sale: LedgerSale = {
      saleId: newId('sale'),
      chainId: order.chainId,
      currency: order.currency,
      txHash,
      amount: verification.paid,
      credits,
    };
    try {
      await this.repository.settle({
        order,
        txHash,
        paid: verification.paid,
        settledAt: now.toISOString(),
        licence,
        sale,
        offer: { modelId: order.modelId, offerId: order.offerId, supplyCap: offer?.supplyCap ?? null },
      });
    } catch (error) {
      if (!(error instanceof SettlementConflictError)) throw error;
      if (error.reason === 'SOLD_OUT') {
        await this.repository.refund({
          order,
          txHash,
          paid: verification.paid,
          reason: 'SOLD_OUT',
          at: now.toISOString(),
        });
        throw new ConflictError(
          'The offer sold out before this payment settled; the payment was credited to your balance',
          {
            code: 'SOLD_OUT_REFUNDED',
          },
        );
      }
      if (error.reason === 'ORDER_NOT_OPEN') {
        const current = await this.repository.getOrder(order.orderId);
        if (current?.status === 'paid' && current.txHash === txHash) return this.paidOutcome(current);
        if (current?.status === 'paid') {
          throw new ConflictError('This order is already paid by another transaction', {
            code: 'ORDER_ALREADY_PAID',
          });
        }
      }
      throw new ConflictError('This transaction already settled an order', { code: 'TX_ALREADY_CLAIMED' });
    }
    // Counted here, once per settlement transaction that committed: a replayed submission or a poll of
    // a paid order answers from `paidOutcome` and is not a settlement.
    this.metrics.count(METRIC_NAMES.settlements, 1, { orderId: order.orderId, chainId: order.chainId });
    const paidOrder: Order = {
      ...order,
      status: 'paid',
      txHash,
      paidAmount: verification.paid.toString(),
      licenceId,
      settledAt: now.toISOString(),
    };
    return { status: 'paid', order: orderView(paidOrder, now), licence: licenceView(licence, 'active') };
  }

  /** The answer to a replayed submission of the payment that settled `order`. */
  private async paidOutcome(order: Order): Promise<PaymentOutcome> {
    const licence = order.licenceId ? await this.repository.getLicence(order.licenceId) : undefined;
    if (!licence)
      throw new NotFoundError('The licence for this order is missing', { code: 'LICENCE_NOT_FOUND' });
    // A replay usually follows a lost answer: if the settlement's request died right after its
    // transaction (a 503 the client retried), the earnings history it had still to write is lost.
    await this.repository.restoreHistory(order);
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
