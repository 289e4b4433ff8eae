/**
 * Contract sales with our side of them, for the indexer's tests and benchmark: an order stored as
 * POST /orders stores it (with its `market` part, so the indexer finds it by the token id), the owner's
 * signed offer and the operator's authorization for it, and the buyer's `buy` transaction. No vitest
 * import (bench/p7-indexer.ts uses it too).
 */
import { randomUUID } from 'node:crypto';
import { type Contract, parseEther, type Wallet, ZeroAddress } from 'ethers';
import type { DynamoPurchaseRepository } from '#adapters/dynamodb/purchase-repository.js';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { idHash } from '#domain/market/typed-data.js';
import type { Order } from '#domain/purchases/order.js';
import {
  type AnvilChain,
  buyArgs,
  latestTimestamp,
  type MarketSetup,
  marketWallet,
  mined,
  offerFor,
  signedSale,
} from './market.js';

export interface MarketModel {
  chainId: number;
  setup: MarketSetup;
  owner: Wallet;
  modelKey: string;
  split: { splitId: string; recipients: Address[]; bps: number[] };
}

export interface PreparedSale {
  order: Order;
  licenceId: string;
  buyer: Wallet;
  sale: Awaited<ReturnType<typeof signedSale>>;
  /** Sends the buyer's transaction and waits for its receipt (one block under automine). */
  buy(): Promise<Awaited<ReturnType<typeof mined>>>;
}

const uniqueId = (prefix: string) => `${prefix}-${randomUUID()}`;

/**
 * A new buyer, an order for it stored in every repository given (the same ids in each, so several
 * indexers over separate tables can index the same sale), and the signed sale it will send.
 */
export async function prepareSale(
  chain: AnvilChain,
  model: MarketModel,
  repositories: readonly DynamoPurchaseRepository[],
  options: { transferable?: boolean; price?: bigint } = {},
): Promise<PreparedSale> {
  const { setup, owner, modelKey, split } = model;
  const market = toChecksumAddress(String(setup.market.target).toLowerCase());
  const buyer = await marketWallet(chain);
  const orderId = uniqueId('ord');
  const now = await latestTimestamp(chain);
  const offer = offerFor(modelKey, ZeroAddress, options.price ?? parseEther('1'), now, {
    transferable: options.transferable ?? false,
  });
  const sale = await signedSale(setup, owner, offer, buyer.address, now, { orderId: idHash(orderId) });
  const licenceId = uniqueId('lic');
  const order: Order = {
    orderId,
    buyer: toChecksumAddress(buyer.address.toLowerCase()),
    modelId: uniqueId('mdl'),
    offerId: uniqueId('off'),
    amount: offer.price.toString(),
    chainId: model.chainId,
    currency: 'native',
    symbol: 'ETH',
    decimals: 18,
    version: '1.0.0',
    manifestHash: sale.auth.manifestHash,
    terms: {
      commercialUse: true,
      derivatives: 'allowed',
      attribution: true,
      durationDays: null,
      seats: 1,
      transferable: offer.transferable,
      spdxId: 'MIT',
    },
    termsHash: offer.termsHash,
    status: 'awaiting_payment',
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    reservedLicenceId: licenceId,
    market: {
      contract: market,
      orderHash: idHash(orderId),
      offer: {
        ...offer,
        revision: offer.revision.toString(),
        price: offer.price.toString(),
        supplyCap: offer.supplyCap.toString(),
        licenceDuration: offer.licenceDuration.toString(),
        validUntil: offer.validUntil.toString(),
        maxFeeBps: Number(offer.maxFeeBps),
        currency: toChecksumAddress(offer.currency),
      } as NonNullable<Order['market']>['offer'],
      offerSignature: sale.offerSignature,
      authorization: {
        ...sale.auth,
        buyer: toChecksumAddress(buyer.address.toLowerCase()),
        referrer: toChecksumAddress(sale.auth.referrer),
        expiry: sale.auth.expiry.toString(),
      } as NonNullable<Order['market']>['authorization'],
      authorizationSignature: sale.authSignature,
      split: split as NonNullable<Order['market']>['split'],
      calls: [],
    },
  };
  for (const repository of repositories) await repository.createOrder(order);
  const buy = () =>
    mined(
      (setup.market.connect(buyer) as Contract).getFunction('buy')(...buyArgs(sale), { value: offer.price }),
    );
  return { order, licenceId, buy, buyer, sale };
}
