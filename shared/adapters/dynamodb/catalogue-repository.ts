/**
 * The catalogue on the single table: models, slug claims, versions, files, file-path claims, offers,
 * upload slots and listing entries, keyed as shared/table-layout.ts declares (rendered in
 * docs/table-layout.md). A model's versions, files and offers share its partition (one Query reads
 * them all).
 *
 * Offers carry `soldCount` (Number), which only the purchases settlement transaction increments; see
 * `offerSaleItem` in purchase-repository.ts.
 */
import { createHash } from 'node:crypto';
import type { Inspection } from '#domain/catalogue/inspection.js';
import { type ListingEntry, listingEntrySchema } from '#domain/catalogue/listing.js';
import {
  type ArtifactFile,
  fileSchema,
  type Model,
  type ModelStatus,
  modelSchema,
  type Offer,
  offerSchema,
  type Version,
  versionSchema,
} from '#domain/catalogue/schemas.js';
import { ConflictError, PreconditionFailedError } from '#domain/errors.js';
import type { MarketSignature } from '#domain/market/signed-offer.js';
import type { CatalogueRepository, ListingPage, ModelCollection, Page } from '#ports/catalogue-repository.js';
import { tableKeys } from '#shared/table-layout.js';
import { type DynamoTable, failedConditions, type Item, type TransactItem } from './dynamo-table.js';

/** The catalogue's keys by the arguments its callers have (table-layout.ts declares them). */
export const catalogueKeys = {
  model: (modelId: string) => tableKeys.model.key({ modelId }),
  slug: (owner: string, slug: string) => tableKeys.slug.key({ owner, slug }),
  version: (modelId: string, version: string) => tableKeys.version.key({ modelId, version }),
  file: (modelId: string, version: string, fileId: string) =>
    tableKeys.file.key({ modelId, version, fileId }),
  filePath: (modelId: string, version: string, path: string) =>
    tableKeys.filePath.key({
      modelId,
      version,
      pathHash: createHash('sha256').update(path, 'utf8').digest('hex'),
    }),
  offer: (modelId: string, offerId: string) => tableKeys.offer.key({ modelId, offerId }),
  uploads: (owner: string) => tableKeys.uploads.key({ owner }),
  ownedBlob: (owner: string, sha256: string, size: number) =>
    tableKeys.ownedBlob.key({ owner, sha256, size: String(size) }),
  listing: (facet: string, publishedAt: string, modelId: string) =>
    tableKeys.listing.key({ facet, publishedAt, modelId }),
};

/**
 * Whole items as the repository writes them, for the few places that must write the same shapes
 * directly (bench/p3-browse-scale.ts seeds 100,000 published models with BatchWriteItem).
 */
export const catalogueItems = {
  /** A new model: counters at zero, not yet listed. */
  model: (model: Model): Item => ({
    ...catalogueKeys.model(model.modelId),
    ...tableKeys.model.gsi1(model),
    entity: 'model',
    ...model,
    versionCount: 0,
    offerCount: 0,
    listingRev: 0,
    listingFacets: [],
  }),
  /** The listing entry in one facet partition (see `facetsOf`). */
  listing: (facet: string, entry: ListingEntry): Item => ({
    ...catalogueKeys.listing(facet, entry.publishedAt, entry.modelId),
    entity: 'listing',
    ...entry,
  }),
};

const MAX_LISTING_RETRIES = 4;

export class DynamoCatalogueRepository implements CatalogueRepository {
  constructor(private readonly table: DynamoTable) {}

  async createModel(model: Model): Promise<void> {
    await this.table
      .transact({
        model: {
          Put: {
            Item: catalogueItems.model(model),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        slug: {
          Put: {
            Item: { ...catalogueKeys.slug(model.owner, model.slug), entity: 'slug', modelId: model.modelId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      })
      .catch((error: unknown) => {
        throw slugTaken(error, model.slug);
      });
  }

  async getModel(modelId: string): Promise<Model | undefined> {
    const item = await this.table.get(catalogueKeys.model(modelId), { ConsistentRead: true });
    return item ? modelSchema.parse(item) : undefined;
  }

  async replaceModel(next: Model, expectedRev: number, previousSlug: string): Promise<void> {
    const model: TransactItem = {
      Update: {
        Key: catalogueKeys.model(next.modelId),
        // Every attribute aliased: several (name, description, split...) are DynamoDB reserved words.
        UpdateExpression:
          'SET #name = :name, #slug = :slug, #description = :description, #task = :task, #tags = :tags, ' +
          '#framework = :framework, #split = :split, #rev = :rev, #updatedAt = :updatedAt',
        ConditionExpression: '#rev = :expected',
        ExpressionAttributeNames: {
          '#name': 'name',
          '#slug': 'slug',
          '#description': 'description',
          '#task': 'task',
          '#tags': 'tags',
          '#framework': 'framework',
          '#split': 'split',
          '#rev': 'rev',
          '#updatedAt': 'updatedAt',
        },
        ExpressionAttributeValues: {
          ':name': next.name,
          ':slug': next.slug,
          ':description': next.description,
          ':task': next.task,
          ':tags': next.tags,
          ':framework': next.framework ?? null,
          ':split': next.split,
          ':rev': next.rev,
          ':updatedAt': next.updatedAt,
          ':expected': expectedRev,
        },
      },
    };
    const slugMoves = next.slug !== previousSlug;
    const items = {
      model,
      oldSlug: slugMoves ? { Delete: { Key: catalogueKeys.slug(next.owner, previousSlug) } } : undefined,
      newSlug: slugMoves
        ? {
            Put: {
              Item: { ...catalogueKeys.slug(next.owner, next.slug), entity: 'slug', modelId: next.modelId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : undefined,
    };
    try {
      await this.table.transact(items);
    } catch (error) {
      if (failedConditions(error, items).has('model')) throw stale(error);
      throw slugTaken(error, next.slug);
    }
  }

  async setModelStatus(
    modelId: string,
    from: readonly ModelStatus[],
    to: ModelStatus,
    changes: { updatedAt: string; publishedAt?: string },
  ): Promise<void> {
    const values: Item = { ':to': to, ':updatedAt': changes.updatedAt };
    from.forEach((status, index) => {
      values[`:from${index}`] = status;
    });
    let expression = 'SET #status = :to, updatedAt = :updatedAt';
    if (changes.publishedAt) {
      // The first publication fixes the model's place in the newest-first listing for good.
      expression += ', publishedAt = if_not_exists(publishedAt, :publishedAt)';
      values[':publishedAt'] = changes.publishedAt;
    }
    await this.table
      .update({
        Key: catalogueKeys.model(modelId),
        UpdateExpression: expression,
        ConditionExpression: `#status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      })
      .catch(
        onConflict(
          (error) =>
            new ConflictError('The model changed state meanwhile', {
              code: 'INVALID_STATE_TRANSITION',
              cause: error,
            }),
        ),
      );
  }

  async getModelCollection(modelId: string): Promise<ModelCollection | undefined> {
    const items = await this.queryAll(tableKeys.model.partition({ modelId }), '');
    const modelItem = items.find((item) => item.entity === 'model');
    if (!modelItem) return undefined;
    return {
      model: modelSchema.parse(modelItem),
      versions: items.filter((item) => item.entity === 'version').map((item) => versionSchema.parse(item)),
      files: items.filter((item) => item.entity === 'file').map((item) => fileSchema.parse(item)),
      offers: items.filter((item) => item.entity === 'offer').map((item) => offerSchema.parse(item)),
    };
  }

  async listModelsByOwner(
    owner: string,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<Model>> {
    const { items, lastKey } = await this.table.query({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :owner',
      ExpressionAttributeValues: { ':owner': tableKeys.model.gsi1Partition({ owner }) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: after,
    });
    return { items: items.map((item) => modelSchema.parse(item)), last: stringKey(lastKey) };
  }

  async createVersion(version: Version, maxVersions: number): Promise<void> {
    const items = {
      version: {
        Put: {
          Item: {
            ...catalogueKeys.version(version.modelId, version.version),
            entity: 'version',
            ...version,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      model: {
        Update: {
          Key: catalogueKeys.model(version.modelId),
          UpdateExpression: 'ADD versionCount :one',
          ConditionExpression: 'versionCount < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': maxVersions },
        },
      },
    };
    try {
      await this.table.transact(items);
    } catch (error) {
      const failed = failedConditions(error, items);
      if (failed.has('version')) {
        throw new ConflictError(`Version ${version.version} already exists`, {
          code: 'VERSION_EXISTS',
          cause: error,
        });
      }
      if (failed.has('model')) {
        throw new ConflictError(`A model has at most ${maxVersions} versions`, {
          code: 'QUOTA_VERSIONS',
          cause: error,
        });
      }
      throw error;
    }
  }

  async getVersion(modelId: string, version: string): Promise<Version | undefined> {
    const item = await this.table.get(catalogueKeys.version(modelId, version), { ConsistentRead: true });
    return item ? versionSchema.parse(item) : undefined;
  }

  async listVersions(modelId: string): Promise<Version[]> {
    const items = await this.queryAll(
      tableKeys.version.partition({ modelId }),
      tableKeys.version.sortKeyPrefix({}),
    );
    return items.map((item) => versionSchema.parse(item));
  }

  async publishVersion(input: {
    modelId: string;
    version: string;
    manifestHash: string;
    fileCount: number;
    publishedAt: string;
    card?: Version['card'];
    latest?: { previousLatest: string | undefined };
  }): Promise<void> {
    const previous = input.latest?.previousLatest;
    const items = {
      version: {
        Update: {
          Key: catalogueKeys.version(input.modelId, input.version),
          UpdateExpression: `SET published = :true, manifestHash = :hash, publishedAt = :at${input.card ? ', card = :card' : ''}`,
          ConditionExpression: 'published = :false AND fileCount = :n AND uploadedCount = :n',
          ExpressionAttributeValues: {
            ':true': true,
            ':false': false,
            ':hash': input.manifestHash,
            ':at': input.publishedAt,
            ':n': input.fileCount,
            ...(input.card ? { ':card': input.card } : {}),
          },
        },
      },
      latest: input.latest && {
        Update: {
          Key: catalogueKeys.model(input.modelId),
          UpdateExpression: 'SET latestVersion = :version',
          ConditionExpression: previous ? 'latestVersion = :previous' : 'attribute_not_exists(latestVersion)',
          ExpressionAttributeValues: previous
            ? { ':version': input.version, ':previous': previous }
            : { ':version': input.version },
        },
      },
    };
    await this.table.transact(items).catch(
      onConflict(
        (error) =>
          new ConflictError('The version or its files changed meanwhile; retry', {
            code: 'VERSION_CHANGED',
            cause: error,
          }),
      ),
    );
  }

  async declareFile(file: ArtifactFile, quotas: { maxFiles: number; maxConcurrent: number }): Promise<void> {
    const items = {
      file: {
        Put: {
          Item: { ...catalogueKeys.file(file.modelId, file.version, file.fileId), entity: 'file', ...file },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      path: {
        Put: {
          Item: {
            ...catalogueKeys.filePath(file.modelId, file.version, file.path),
            entity: 'filePath',
            fileId: file.fileId,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      version: {
        Update: {
          Key: catalogueKeys.version(file.modelId, file.version),
          UpdateExpression: 'ADD fileCount :one',
          ConditionExpression: 'published = :false AND fileCount < :max',
          ExpressionAttributeValues: { ':one': 1, ':false': false, ':max': quotas.maxFiles },
        },
      },
      uploads: {
        Update: {
          Key: catalogueKeys.uploads(file.owner),
          UpdateExpression: 'ADD inFlight :one SET entity = :entity',
          ConditionExpression: 'attribute_not_exists(inFlight) OR inFlight < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': quotas.maxConcurrent, ':entity': 'uploads' },
        },
      },
    };
    try {
      await this.table.transact(items);
    } catch (error) {
      const failed = failedConditions(error, items);
      if (failed.has('path')) {
        throw new ConflictError(`A file with path "${file.path}" already exists in this version`, {
          code: 'FILE_EXISTS',
          cause: error,
        });
      }
      if (failed.has('version')) {
        const version = await this.getVersion(file.modelId, file.version);
        if (version?.published) {
          throw new ConflictError('A published version and its files are immutable', {
            code: 'VERSION_PUBLISHED',
            cause: error,
          });
        }
        throw new ConflictError(`A version holds at most ${quotas.maxFiles} files`, {
          code: 'QUOTA_FILES',
          cause: error,
        });
      }
      if (failed.has('uploads')) {
        throw new ConflictError(
          `At most ${quotas.maxConcurrent} uploads may be in flight at once; complete or abort some first`,
          { code: 'QUOTA_CONCURRENT_UPLOADS', cause: error },
        );
      }
      throw error;
    }
  }

  async getFile(modelId: string, version: string, fileId: string): Promise<ArtifactFile | undefined> {
    const item = await this.table.get(catalogueKeys.file(modelId, version, fileId), { ConsistentRead: true });
    return item ? fileSchema.parse(item) : undefined;
  }

  async getFileByPath(modelId: string, version: string, path: string): Promise<ArtifactFile | undefined> {
    const claim = await this.table.get(catalogueKeys.filePath(modelId, version, path), {
      ConsistentRead: true,
    });
    const fileId = claim?.fileId;
    return typeof fileId === 'string' ? this.getFile(modelId, version, fileId) : undefined;
  }

  async listFiles(modelId: string, version: string): Promise<ArtifactFile[]> {
    const items = await this.queryAll(
      tableKeys.file.partition({ modelId }),
      tableKeys.file.sortKeyPrefix({ version }),
    );
    return items.map((item) => fileSchema.parse(item));
  }

  async claimCompletion(file: ArtifactFile, now: string, until: string): Promise<boolean> {
    try {
      await this.table.update({
        Key: catalogueKeys.file(file.modelId, file.version, file.fileId),
        UpdateExpression: 'SET #lease = :until',
        ConditionExpression: '#status = :pending AND (attribute_not_exists(#lease) OR #lease < :now)',
        ExpressionAttributeNames: { '#lease': 'completingUntil', '#status': 'status' },
        ExpressionAttributeValues: { ':until': until, ':now': now, ':pending': 'pending' },
      });
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  async releaseCompletion(file: ArtifactFile): Promise<void> {
    await this.table
      .update({
        Key: catalogueKeys.file(file.modelId, file.version, file.fileId),
        UpdateExpression: 'REMOVE #lease',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#lease': 'completingUntil' },
      })
      .catch(() => undefined);
  }

  async markFileUploaded(file: ArtifactFile, uploadedAt: string, inspection?: Inspection): Promise<void> {
    await this.table
      .transact({
        file: {
          Update: {
            Key: catalogueKeys.file(file.modelId, file.version, file.fileId),
            UpdateExpression: `SET #status = :uploaded, uploadedAt = :at${inspection ? ', inspection = :inspection' : ''} REMOVE completingUntil`,
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':uploaded': 'uploaded',
              ':pending': 'pending',
              ':at': uploadedAt,
              ...(inspection ? { ':inspection': inspection } : {}),
            },
          },
        },
        version: {
          Update: {
            Key: catalogueKeys.version(file.modelId, file.version),
            UpdateExpression: 'ADD uploadedCount :one',
            ConditionExpression: 'published = :false',
            ExpressionAttributeValues: { ':one': 1, ':false': false },
          },
        },
        uploads: this.releaseUploadSlot(file.owner),
        // The owner's newest verified copy of these bytes: what an identical file of theirs reuses.
        blob: {
          Put: {
            Item: {
              ...catalogueKeys.ownedBlob(file.owner, file.sha256, file.size),
              entity: 'ownedBlob',
              storageKey: file.storageKey,
              modelId: file.modelId,
              fileId: file.fileId,
            },
          },
        },
      })
      .catch(
        onConflict(
          (error) =>
            new ConflictError('The file is no longer awaiting its upload', {
              code: 'FILE_NOT_PENDING',
              cause: error,
            }),
        ),
      );
  }

  async findOwnedBlob(owner: string, sha256: string, size: number) {
    const item = await this.table.get(catalogueKeys.ownedBlob(owner, sha256, size), { ConsistentRead: true });
    return typeof item?.storageKey === 'string' ? { storageKey: item.storageKey } : undefined;
  }

  async forgetOwnedBlob(owner: string, sha256: string, size: number): Promise<void> {
    await this.table.delete({ Key: catalogueKeys.ownedBlob(owner, sha256, size) });
  }

  async removeFile(file: ArtifactFile): Promise<void> {
    const uploaded = file.status === 'uploaded';
    const items = {
      file: {
        Delete: {
          Key: catalogueKeys.file(file.modelId, file.version, file.fileId),
          ConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': file.status },
        },
      },
      path: { Delete: { Key: catalogueKeys.filePath(file.modelId, file.version, file.path) } },
      version: {
        Update: {
          Key: catalogueKeys.version(file.modelId, file.version),
          UpdateExpression: uploaded ? 'ADD fileCount :minus, uploadedCount :minus' : 'ADD fileCount :minus',
          ConditionExpression: 'published = :false',
          ExpressionAttributeValues: { ':minus': -1, ':false': false },
        },
      },
      uploads: uploaded ? undefined : this.releaseUploadSlot(file.owner),
    };
    await this.table.transact(items).catch(
      onConflict(
        (error) =>
          new ConflictError('The file or its version changed meanwhile', {
            code: 'FILE_CHANGED',
            cause: error,
          }),
      ),
    );
  }

  async createOffer(offer: Offer, maxOffers: number): Promise<void> {
    await this.table
      .transact({
        offer: {
          Put: {
            // gsi2 lets orders find an offer by id alone (see offer-lookup.ts).
            Item: {
              ...catalogueKeys.offer(offer.modelId, offer.offerId),
              ...tableKeys.offer.gsi2(offer),
              entity: 'offer',
              ...offer,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        model: {
          Update: {
            Key: catalogueKeys.model(offer.modelId),
            UpdateExpression: 'ADD offerCount :one',
            ConditionExpression: 'offerCount < :max',
            ExpressionAttributeValues: { ':one': 1, ':max': maxOffers },
          },
        },
      })
      .catch(
        onConflict(
          (error) =>
            new ConflictError(`A model has at most ${maxOffers} offers`, {
              code: 'QUOTA_OFFERS',
              cause: error,
            }),
        ),
      );
  }

  async getOffer(modelId: string, offerId: string): Promise<Offer | undefined> {
    const item = await this.table.get(catalogueKeys.offer(modelId, offerId), { ConsistentRead: true });
    return item ? offerSchema.parse(item) : undefined;
  }

  async listOffers(modelId: string): Promise<Offer[]> {
    const items = await this.queryAll(
      tableKeys.offer.partition({ modelId }),
      tableKeys.offer.sortKeyPrefix({}),
    );
    return items.map((item) => offerSchema.parse(item));
  }

  async replaceOffer(next: Offer, expectedRev: number, requireUnsold: boolean): Promise<void> {
    try {
      // An update, not a put: `soldCount` belongs to the purchases flow and must never be overwritten.
      await this.table.update({
        Key: catalogueKeys.offer(next.modelId, next.offerId),
        UpdateExpression:
          'SET #name = :name, #terms = :terms, #price = :price, #supplyCap = :supplyCap, #covers = :covers, ' +
          '#active = :active, #rev = :rev, #updatedAt = :updatedAt',
        ConditionExpression: requireUnsold ? '#rev = :expected AND #soldCount = :zero' : '#rev = :expected',
        ExpressionAttributeNames: {
          '#name': 'name',
          '#terms': 'terms',
          '#price': 'price',
          '#supplyCap': 'supplyCap',
          '#covers': 'covers',
          '#active': 'active',
          '#rev': 'rev',
          '#updatedAt': 'updatedAt',
          ...(requireUnsold ? { '#soldCount': 'soldCount' } : {}),
        },
        ExpressionAttributeValues: {
          ':name': next.name,
          ':terms': next.terms,
          ':price': next.price,
          ':supplyCap': next.supplyCap,
          ':covers': next.covers,
          ':active': next.active,
          ':rev': next.rev,
          ':updatedAt': next.updatedAt,
          ':expected': expectedRev,
          ...(requireUnsold ? { ':zero': 0 } : {}),
        },
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const current = await this.getOffer(next.modelId, next.offerId);
      if (current && current.rev === expectedRev) {
        throw new ConflictError('A licence under this offer has sold: its terms and price are frozen', {
          code: 'OFFER_FROZEN',
          cause: error,
        });
      }
      throw stale(error);
    }
  }

  async setOfferMarketSignature(
    modelId: string,
    offerId: string,
    expectedRev: number,
    signature: MarketSignature,
  ): Promise<Offer> {
    try {
      const stored = await this.table.update({
        Key: catalogueKeys.offer(modelId, offerId),
        UpdateExpression: 'SET #signature = :signature',
        ConditionExpression: 'attribute_exists(pk) AND #rev = :expected',
        ExpressionAttributeNames: { '#signature': 'marketSignature', '#rev': 'rev' },
        ExpressionAttributeValues: { ':signature': signature, ':expected': expectedRev },
        ReturnValues: 'ALL_NEW',
      });
      return offerSchema.parse(stored);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw new ConflictError('The offer changed while it was being signed; sign its current revision', {
        code: 'OFFER_CHANGED',
        cause: error,
      });
    }
  }

  async writeListing(modelId: string, entry: ListingEntry | undefined, facets: string[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.table.get(catalogueKeys.model(modelId), { ConsistentRead: true });
      if (!current) return;
      const rev = typeof current.listingRev === 'number' ? current.listingRev : 0;
      const oldKeys = Array.isArray(current.listingKeys) ? (current.listingKeys as string[]) : [];
      const newKeys = entry
        ? facets.map((facet) => keyString(catalogueKeys.listing(facet, entry.publishedAt, modelId)))
        : [];
      const items = {
        model: {
          Update: {
            Key: catalogueKeys.model(modelId),
            UpdateExpression: 'SET listingRev = :next, listingKeys = :keys',
            ConditionExpression: 'listingRev = :rev',
            ExpressionAttributeValues: { ':next': rev + 1, ':rev': rev, ':keys': newKeys },
          },
        },
        stale: oldKeys
          .filter((key) => !newKeys.includes(key))
          .map((key) => ({ Delete: { Key: parseKey(key) } })),
        entries: entry
          ? facets.map((facet) => ({ Put: { Item: catalogueItems.listing(facet, entry) } }))
          : [],
      };
      try {
        await this.table.transact(items);
        return;
      } catch (error) {
        // Two refreshes raced: re-read and recompute from the latest stored keys.
        if (!(error instanceof ConflictError) || attempt >= MAX_LISTING_RETRIES) throw error;
      }
    }
  }

  async browse(facet: string, limit: number, after?: Record<string, string>): Promise<ListingPage> {
    const { items, lastKey } = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.listing.partition({ facet }) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: after,
    });
    return {
      items: items.map(toListingEntry),
      last: stringKey(lastKey),
      positionOf: (entry) => catalogueKeys.listing(facet, entry.publishedAt, entry.modelId),
    };
  }

  private releaseUploadSlot(owner: string): TransactItem {
    return {
      Update: {
        Key: catalogueKeys.uploads(owner),
        UpdateExpression: 'ADD inFlight :minus',
        ExpressionAttributeValues: { ':minus': -1 },
      },
    };
  }

  private async queryAll(pk: string, skPrefix: string): Promise<Item[]> {
    const out: Item[] = [];
    let after: Item | undefined;
    do {
      const { items, lastKey } = await this.table.query({
        KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
        ExpressionAttributeValues: skPrefix ? { ':pk': pk, ':prefix': skPrefix } : { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: after,
      });
      out.push(...items);
      after = lastKey;
    } while (after);
    return out;
  }
}

function toListingEntry(item: Item): ListingEntry {
  return listingEntrySchema.parse(item);
}

function keyString(key: { pk: string; sk: string }): string {
  return `${key.pk}\n${key.sk}`;
}

function parseKey(value: string): { pk: string; sk: string } {
  const [pk = '', sk = ''] = value.split('\n');
  return { pk, sk };
}

function stringKey(key: Item | undefined): Record<string, string> | undefined {
  if (!key) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(key)) out[name] = String(value);
  return out;
}

function stale(cause: unknown): PreconditionFailedError {
  return new PreconditionFailedError('The resource changed since you read it; reload and retry', {
    code: 'STALE_REVISION',
    cause,
  });
}

/**
 * Turns a failed condition into the caller's own ConflictError; anything else — above all DynamoDB
 * being unreachable (DependencyError → 503) — is rethrown as it is, never reported as a conflict.
 */
function onConflict(conflict: (error: ConflictError) => ConflictError): (error: unknown) => never {
  return (error) => {
    throw error instanceof ConflictError ? conflict(error) : error;
  };
}

function slugTaken(error: unknown, slug: string): unknown {
  if (error instanceof ConflictError) {
    return new ConflictError(`You already have a model with slug "${slug}"`, {
      code: 'SLUG_TAKEN',
      cause: error,
    });
  }
  return error;
}
