/**
 * Items that both the purchase repository (orders) and the chain indexer's
 * repository write: a licence's index keys, and a contract sale's order pointer by token id.
 */
import type { LicenceRecord, Order } from '#domain/purchases/order.js';
import { tableKeys } from '#shared/table-layout.js';

/** A licence item's index keys: by holder, and by holder and model (download checks). */
export const licenceIndexes = (licence: LicenceRecord) => {
  const values = { ...licence, issuedAt: new Date(licence.issuedAt * 1000).toISOString() };
  return { ...tableKeys.licence.gsi1(values), ...tableKeys.licence.gsi2(values) };
};

/** A token id's high 224 bits (the hashed order id) as the orderToken key's 0x-hex field. */
export const tokenPrefix = (prefix: bigint) => `0x${prefix.toString(16).padStart(64, '0')}`;

/** The order's pointer item, written in the order's own transaction (see DynamoPurchaseRepository). */
export function orderTokenItem(order: Order) {
  if (!order.market) throw new TypeError('not a contract sale');
  const prefix = BigInt(order.market.orderHash) & ~0xffff_ffffn;
  return {
    Put: {
      Item: {
        ...tableKeys.orderToken.key({ chainId: order.chainId, tokenPrefix: tokenPrefix(prefix) }),
        entity: 'orderToken',
        orderId: order.orderId,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
