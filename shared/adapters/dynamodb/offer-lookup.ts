/**
 * Orders name only an offer id; this finds the offer's model through gsi2 (`OFFER#<offerId>`, written
 * on the offer item by the catalogue repository) and then reads the offer itself consistently.
 */
import type { Offer } from '#domain/catalogue/schemas.js';
import type { CatalogueRepository } from '#ports/catalogue-repository.js';
import { tableKeys } from '#shared/table-layout.js';
import type { DynamoTable } from './dynamo-table.js';

export class DynamoOfferLookup {
  constructor(
    private readonly table: DynamoTable,
    private readonly catalogue: Pick<CatalogueRepository, 'getOffer'>,
  ) {}

  async findOffer(offerId: string): Promise<Offer | undefined> {
    const { items } = await this.table.query({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.offer.gsi2Partition({ offerId }) },
      ProjectionExpression: 'modelId',
      Limit: 1,
    });
    const modelId = items[0]?.modelId;
    return typeof modelId === 'string' ? this.catalogue.getOffer(modelId, offerId) : undefined;
  }
}
