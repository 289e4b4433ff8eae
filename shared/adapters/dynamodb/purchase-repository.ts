/**
 * Orders, licences, download grants, sales and earnings history in the single table; the items and
 * their keys are declared in shared/table-layout.ts (rendered in docs/table-layout.md). The chain
 * indexer (market-index-repository.ts) writes a sale's order, licence and history in one transaction;
 * amounts are decimal strings, exact up to 2^256 − 1.
 */
import type { Address } from '#domain/address.js';
import { RateLimitedError } from '#domain/errors.js';
import { type LicenceRecord, licenceRecordSchema, type Order, orderSchema } from '#domain/purchases/order.js';
import { creditRecordSchema, saleRecordSchema } from '#domain/purchases/sale-records.js';
import type { TxHash } from '#domain/tx-hash.js';
import type { CreditRecord, DownloadGrant, Page, PurchaseRepository, SaleRecord } from '#ports/purchases.js';
import { tableKeys } from '#shared/table-layout.js';
import {
  type DynamoTable,
  failedConditions,
  type Item,
  type TransactItem,
  type TransactionItems,
} from './dynamo-table.js';
import { orderTokenItem, tokenPrefix } from './purchase-items.js';

export class DynamoPurchaseRepository implements PurchaseRepository {
  constructor(private readonly table: DynamoTable) {}

  async createOrder(order: Order): Promise<void> {
    const put = {
      Put: {
        Item: { ...tableKeys.order.key(order), entity: 'order', ...tableKeys.order.gsi1(order), ...order },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    if (!order.market) {
      await this.table.put(put.Put);
      return;
    }
    // A contract sale's order is found again by its token ids (the indexer's Sale and Transfer events).
    await this.table.transact({ order: put, token: orderTokenItem(order) });
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    const item = await this.table.get(tableKeys.order.key({ orderId }), { ConsistentRead: true });
    return item ? orderSchema.parse(item) : undefined;
  }

  async listOrdersByBuyer(
    buyer: Address,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<Order>> {
    return this.page('gsi1', tableKeys.order.gsi1Partition({ buyer }), limit, after, (item) =>
      orderSchema.parse(item),
    );
  }

  async recordPendingPayment(orderId: string, txHash: TxHash): Promise<void> {
    await this.table.update(
      {
        Key: tableKeys.order.key({ orderId }),
        UpdateExpression: 'SET pendingTxHash = :tx',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':tx': txHash, ':open': 'awaiting_payment' },
      },
      'The order is no longer awaiting payment',
    );
  }

  async findLicenceByToken(chainId: number, tokenId: bigint): Promise<LicenceRecord | undefined> {
    const pointer = await this.table.get(
      tableKeys.orderToken.key({ chainId, tokenPrefix: tokenPrefix(tokenId & ~0xffff_ffffn) }),
      { ConsistentRead: true },
    );
    if (typeof pointer?.orderId !== 'string') return undefined;
    const order = await this.getOrder(pointer.orderId);
    const licence = order?.reservedLicenceId ? await this.getLicence(order.reservedLicenceId) : undefined;
    // The pointer is the order's; the token must be the one its sale minted.
    return licence?.onChain?.tokenId === tokenId.toString() ? licence : undefined;
  }

  async getLicence(licenceId: string): Promise<LicenceRecord | undefined> {
    const item = await this.table.get(tableKeys.licence.key({ licenceId }), { ConsistentRead: true });
    return item ? licenceRecordSchema.parse(item) : undefined;
  }

  async listLicencesByHolder(
    holder: Address,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<LicenceRecord>> {
    return this.page('gsi1', tableKeys.licence.gsi1Partition({ licensee: holder }), limit, after, (item) =>
      licenceRecordSchema.parse(item),
    );
  }

  async listHolderLicencesForModel(holder: Address, modelId: string): Promise<LicenceRecord[]> {
    const partition = tableKeys.licence.gsi2Partition({ licensee: holder, modelId });
    const page = await this.page('gsi2', partition, 100, undefined, (item) =>
      licenceRecordSchema.parse(item),
    );
    return page.items;
  }

  async revokeLicence(licenceId: string, reason: string, at: string): Promise<void> {
    await this.table.update(
      {
        Key: tableKeys.licence.key({ licenceId }),
        UpdateExpression: 'SET #state = :revoked, revokedAt = :at, revokeReason = :reason',
        ConditionExpression: '#state = :active',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':revoked': 'revoked',
          ':active': 'active',
          ':at': at,
          ':reason': reason,
        },
      },
      'The licence is no longer active',
    );
  }

  async recordDownload(
    grant: DownloadGrant,
    quota?: { licenceId: string; day: string; limit: number },
  ): Promise<void> {
    const items = {
      grant: { Put: { Item: { ...tableKeys.downloadGrant.key(grant), entity: 'downloadGrant', ...grant } } },
      quota: quota && {
        Update: {
          Key: tableKeys.downloadQuota.key(quota),
          UpdateExpression: 'ADD grants :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(grants) OR grants < :limit',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': quota.limit,
            ':ttl': Math.floor(Date.parse(`${quota.day}T00:00:00Z`) / 1000) + 2 * 86_400,
          },
        },
      },
    } satisfies TransactionItems;
    try {
      await this.table.transact(items);
    } catch (error) {
      if (quota && failedConditions(error, items).has('quota')) {
        const now = Date.parse(grant.at);
        const midnight = Date.parse(`${quota.day}T00:00:00Z`) + 86_400_000;
        throw new RateLimitedError(
          `This licence's daily download allowance (${quota.limit}) is used up`,
          Math.max(1, Math.ceil((midnight - now) / 1000)),
          { code: 'DOWNLOAD_QUOTA_EXCEEDED' },
        );
      }
      throw error;
    }
  }

  async listSalesByModel(
    modelId: string,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<SaleRecord>> {
    return this.page('gsi1', tableKeys.sale.gsi1Partition({ modelId }), limit, after, (item) =>
      saleRecordSchema.parse(item),
    );
  }

  async listCreditsByRecipient(recipient: Address, limit: number): Promise<CreditRecord[]> {
    const { items } = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.credit.partition({ recipient }) },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items.map((item) => creditRecordSchema.parse(item));
  }

  private async page<T>(
    index: 'gsi1' | 'gsi2',
    partition: string,
    limit: number,
    after: Record<string, string> | undefined,
    parse: (item: Item) => T,
  ): Promise<Page<T>> {
    const pk = index === 'gsi1' ? 'gsi1pk' : 'gsi2pk';
    const result = await this.table.query({
      IndexName: index,
      KeyConditionExpression: `${pk} = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: after,
    });
    return { items: result.items.map(parse), last: result.lastKey as Record<string, string> | undefined };
  }
}

/**
 * The settlement's count of one sale under an offer: `soldCount` + 1 while below the supply cap
 * (`supplyCap` Number, or NULL = unlimited). The cap is read from the offer item itself at commit
 * time, so races cannot oversell; the catalogue freezes an offer's terms once `soldCount` > 0.
 * Whether the offer is still active is not checked here: an order quoted while it was on sale settles.
 */
export function offerSaleItem(offer: { modelId: string; offerId: string }): TransactItem {
  return {
    Update: {
      Key: tableKeys.offer.key(offer),
      UpdateExpression: 'ADD soldCount :one',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_type(supplyCap, :null) OR soldCount < supplyCap)',
      ExpressionAttributeValues: { ':one': 1, ':null': 'NULL' },
    },
  };
}
