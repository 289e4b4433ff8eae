/**
 * The catalogue's use cases apart from uploads: models, revenue split, versions, offers, publishing
 * and public browse. Routes call exactly one method each; authorization lives here (see access.ts).
 */

import { isAddressLike, toChecksumAddress } from '#domain/address.js';
import type { Caller } from '#domain/auth/caller.js';
import { ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError } from '#domain/errors.js';
import { newId } from '#domain/ids.js';
import type { MarketDeployment } from '#domain/market/signed-offer.js';
import type { ArtifactUploadStore } from '#ports/artifact-uploads.js';
import type { CatalogueRepository } from '#ports/catalogue-repository.js';
import type { Clock } from '#ports/clock.js';
import { assertIfMatch, assertOwned, assertVisible, isOwner } from './access.js';
import type { CursorCodec } from './cursor.js';
import {
  type BrowseFilters,
  facetFor,
  facetsOf,
  type ListingEntry,
  listingEntryFor,
  matches,
} from './listing.js';
import { MODEL_CARD_MAX_BYTES, MODEL_CARD_PATH, type ModelCard, parseModelCard } from './model-card.js';
import {
  type ArtifactFile,
  CATALOGUE_LIMITS,
  type CreateOfferInput,
  createOfferSchema,
  FROZEN_OFFER_FIELDS,
  type Model,
  type ModelFields,
  type ModelPatch,
  type Offer,
  type OfferPatch,
  type Price,
  type Version,
} from './schemas.js';
import { compareSemver } from './semver.js';
import { ownerOnlySplit, type Split } from './split.js';
import { assertVersionPublishable, modelStatusesAllowing, nextModelStatus } from './state-machines.js';
import { manifestOf, modelView, offerView, versionView } from './views.js';

/** A currency a price may be quoted in: from config.chains[].currencies. */
export interface AllowedCurrency {
  chainId: number;
  /** "native" or the EIP-55 ERC-20 address. */
  currency: string;
  symbol: string;
  decimals: number;
}

export interface CatalogueServiceDeps {
  repository: CatalogueRepository;
  clock: Clock;
  cursors: CursorCodec;
  currencies: readonly AllowedCurrency[];
  /** The chains' marketplace contracts (offer views say whether an offer is signed for sale there). */
  markets?: readonly MarketDeployment[];
  /** Reads the start of a verified artifact (the model card); absent → cards are not read. */
  artifacts?: Pick<ArtifactUploadStore, 'readBytes'>;
}

/** How many storage pages one browse request may read while filtering (bounds latency and cost). */
const MAX_BROWSE_READS = 5;

export class CatalogueService {
  constructor(private readonly deps: CatalogueServiceDeps) {}

  // ---- models ----

  async createModel(caller: Caller, fields: ModelFields) {
    const now = this.now();
    const model: Model = {
      modelId: newId('model'),
      owner: caller.address,
      ...fields,
      framework: fields.framework,
      status: 'draft',
      split: ownerOnlySplit(caller.address),
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.repository.createModel(model);
    return modelView(model);
  }

  /** Model detail with versions (and their files) and offers; drafts only for the owner. */
  async getModel(modelId: string, caller: Caller | undefined) {
    const collection = await this.deps.repository.getModelCollection(modelId);
    const model = assertVisible(collection?.model, modelId, caller);
    const owner = isOwner(model, caller);
    const { versions = [], files = [], offers = [] } = collection ?? {};
    return {
      model: modelView(model),
      rev: model.rev,
      versions: versions
        .filter((version) => owner || version.published)
        .sort((a, b) => compareSemver(b.version, a.version))
        .map((version) =>
          versionView(
            version,
            files.filter((file) => file.version === version.version && (owner || file.status === 'uploaded')),
          ),
        ),
      offers: offers.filter((offer) => owner || offer.active).map((offer) => this.offerView(offer)),
    };
  }

  async updateModel(caller: Caller, modelId: string, patch: ModelPatch, ifMatch: string | undefined) {
    const model = assertOwned(await this.deps.repository.getModel(modelId), modelId, caller);
    assertIfMatch(ifMatch, model.rev);
    const next: Model = { ...model, ...stripUndefined(patch), rev: model.rev + 1, updatedAt: this.now() };
    await this.deps.repository.replaceModel(next, model.rev, model.slug);
    await this.refreshListing(modelId);
    return { model: modelView(next), rev: next.rev };
  }

  async publishModel(caller: Caller, modelId: string) {
    const collection = await this.deps.repository.getModelCollection(modelId);
    const model = assertOwned(collection?.model, modelId, caller);
    nextModelStatus(model.status, 'publish');
    const publishedVersions = collection?.versions.filter((version) => version.published).length ?? 0;
    const activeOffers = collection?.offers.filter((offer) => offer.active).length ?? 0;
    if (publishedVersions === 0 || activeOffers === 0) {
      throw new ConflictError(
        'A model needs at least one published version and one active offer to be published',
        {
          code: 'PUBLISH_REQUIREMENTS_UNMET',
          details: { publishedVersions, activeOffers },
        },
      );
    }
    const now = this.now();
    await this.deps.repository.setModelStatus(modelId, modelStatusesAllowing('publish'), 'published', {
      updatedAt: now,
      publishedAt: now,
    });
    await this.refreshListing(modelId);
    return this.ownerView(modelId);
  }

  async delistModel(caller: Caller, modelId: string) {
    const model = assertOwned(await this.deps.repository.getModel(modelId), modelId, caller);
    nextModelStatus(model.status, 'delist');
    await this.deps.repository.setModelStatus(modelId, modelStatusesAllowing('delist'), 'delisted', {
      updatedAt: this.now(),
    });
    await this.refreshListing(modelId);
    return this.ownerView(modelId);
  }

  async listMyModels(caller: Caller, limit: number, cursor: string | undefined) {
    const scope = `mine:${caller.address}`;
    const after = this.deps.cursors.positionOf(scope, cursor);
    const page = await this.deps.repository.listModelsByOwner(caller.address, limit, after);
    return {
      items: page.items.map(modelView),
      nextCursor: page.last ? this.deps.cursors.encode(scope, page.last) : null,
    };
  }

  // ---- revenue split ----

  async getSplit(modelId: string, caller: Caller | undefined) {
    const model = assertVisible(await this.deps.repository.getModel(modelId), modelId, caller);
    return { recipients: model.split, rev: model.rev };
  }

  /** Replaces the split (already validated by splitSchema). Past sales keep the split they snapshotted. */
  async setSplit(caller: Caller, modelId: string, recipients: Split, ifMatch: string | undefined) {
    const model = assertOwned(await this.deps.repository.getModel(modelId), modelId, caller);
    assertIfMatch(ifMatch, model.rev);
    const next: Model = { ...model, split: recipients, rev: model.rev + 1, updatedAt: this.now() };
    await this.deps.repository.replaceModel(next, model.rev, model.slug);
    return { recipients: next.split, rev: next.rev };
  }

  // ---- versions ----

  async createVersion(caller: Caller, modelId: string, input: { version: string; changelog: string }) {
    assertOwned(await this.deps.repository.getModel(modelId), modelId, caller);
    const version: Version = {
      modelId,
      version: input.version,
      changelog: input.changelog,
      published: false,
      fileCount: 0,
      uploadedCount: 0,
      createdAt: this.now(),
    };
    await this.deps.repository.createVersion(version, CATALOGUE_LIMITS.versionsPerModel);
    return versionView(version, []);
  }

  async listVersions(modelId: string, caller: Caller | undefined) {
    const detail = await this.getModel(modelId, caller);
    return { items: detail.versions, nextCursor: null };
  }

  async getVersion(modelId: string, versionId: string, caller: Caller | undefined) {
    const model = assertVisible(await this.deps.repository.getModel(modelId), modelId, caller);
    const owner = isOwner(model, caller);
    const version = await this.deps.repository.getVersion(modelId, versionId);
    if (!version || (!owner && !version.published)) throw versionNotFound(versionId);
    const files = await this.deps.repository.listFiles(modelId, versionId);
    return versionView(version, owner ? files : files.filter((file) => file.status === 'uploaded'));
  }

  /** Freezes a ready version: computes and stores its manifest hash; may become the model's latest. */
  async publishVersion(caller: Caller, modelId: string, versionId: string) {
    const model = assertOwned(await this.deps.repository.getModel(modelId), modelId, caller);
    const version = await this.deps.repository.getVersion(modelId, versionId);
    if (!version) throw versionNotFound(versionId);
    assertVersionPublishable(version);
    const files = await this.deps.repository.listFiles(modelId, versionId);
    if (files.length !== version.fileCount || files.some((file) => file.status !== 'uploaded')) {
      throw new ConflictError('The version changed meanwhile; retry', { code: 'VERSION_CHANGED' });
    }
    const { hash } = manifestOf(modelId, versionId, files);
    const becomesLatest = !model.latestVersion || compareSemver(versionId, model.latestVersion) > 0;
    const card = await this.readCard(files);
    await this.deps.repository.publishVersion({
      modelId,
      version: versionId,
      manifestHash: hash,
      fileCount: version.fileCount,
      publishedAt: this.now(),
      ...(card ? { card } : {}),
      ...(becomesLatest ? { latest: { previousLatest: model.latestVersion } } : {}),
    });
    if (card) await this.fillFromCard(model, card);
    await this.refreshListing(modelId);
    return this.getVersion(modelId, versionId, caller);
  }

  // ---- offers ----

  async createOffer(caller: Caller, modelId: string, input: CreateOfferInput) {
    assertOwned(await this.deps.repository.getModel(modelId), modelId, caller);
    const parsed = createOfferSchema.parse(input);
    const price = this.allowListed(parsed.price);
    await this.assertCoverable(modelId, parsed.covers);
    const now = this.now();
    const offer: Offer = {
      modelId,
      offerId: newId('offer'),
      ...parsed,
      price,
      soldCount: 0,
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.repository.createOffer(offer, CATALOGUE_LIMITS.offersPerModel);
    await this.refreshListing(modelId);
    return { offer: this.offerView(offer), rev: offer.rev };
  }

  async listOffers(modelId: string, caller: Caller | undefined) {
    const detail = await this.getModel(modelId, caller);
    return { items: detail.offers, nextCursor: null };
  }

  async getOffer(modelId: string, offerId: string, caller: Caller | undefined) {
    const model = assertVisible(await this.deps.repository.getModel(modelId), modelId, caller);
    const offer = await this.deps.repository.getOffer(modelId, offerId);
    if (!offer || (!offer.active && !isOwner(model, caller))) throw offerNotFound(offerId);
    return { offer: this.offerView(offer), rev: offer.rev };
  }

  /**
   * Edits an offer. Once a licence under it has sold (`soldCount` > 0) only `name` and `active` may
   * change (409 OFFER_FROZEN otherwise): create a new offer for new terms or a new price.
   */
  async updateOffer(
    caller: Caller,
    modelId: string,
    offerId: string,
    patch: OfferPatch,
    ifMatch: string | undefined,
  ) {
    assertOwned(await this.deps.repository.getModel(modelId), modelId, caller);
    const offer = await this.deps.repository.getOffer(modelId, offerId);
    if (!offer) throw offerNotFound(offerId);
    assertIfMatch(ifMatch, offer.rev);
    const touchesFrozen = FROZEN_OFFER_FIELDS.some((field) => patch[field] !== undefined);
    if (touchesFrozen && offer.soldCount > 0) {
      throw new ConflictError('A licence under this offer has sold: its terms and price are frozen', {
        code: 'OFFER_FROZEN',
        details: { soldCount: offer.soldCount, frozenFields: FROZEN_OFFER_FIELDS },
      });
    }
    if (patch.covers !== undefined) await this.assertCoverable(modelId, patch.covers);
    const next: Offer = {
      ...offer,
      ...stripUndefined(patch),
      ...(patch.price ? { price: this.allowListed(patch.price) } : {}),
      rev: offer.rev + 1,
      updatedAt: this.now(),
    };
    await this.deps.repository.replaceOffer(next, offer.rev, touchesFrozen);
    await this.refreshListing(modelId);
    return { offer: this.offerView(next), rev: next.rev };
  }

  // ---- browse ----

  /**
   * Published models newest first, filtered. Reads the most selective facet partition and filters the
   * rest in code; the cursor is the storage key of the last item examined, so concurrent inserts
   * (always newer, i.e. before the cursor) can never make a page skip or repeat an item. A page may
   * hold fewer than `limit` items when filters discard many; only a null `nextCursor` means the end.
   */
  async browse(filters: BrowseFilters, limit: number, cursor: string | undefined) {
    if (filters.maxPrice !== undefined && filters.currency === undefined) {
      throw new InvalidInputError('maxPrice needs a currency (and optionally chainId)', {
        code: 'INVALID_INPUT',
      });
    }
    if (filters.owner && isAddressLike(filters.owner)) {
      // Listings store EIP-55 owners; accept any-case input.
      filters = { ...filters, owner: toChecksumAddress(filters.owner) };
    }
    const facet = facetFor(filters);
    const scope = `browse:${JSON.stringify({ ...filters, maxPrice: filters.maxPrice?.toString() })}`;
    let after = this.deps.cursors.positionOf(scope, cursor);
    const items: ListingEntry[] = [];
    for (let reads = 0; reads < MAX_BROWSE_READS && items.length < limit; reads++) {
      const page = await this.deps.repository.browse(facet, limit, after);
      let consumedAll = true;
      for (const [index, entry] of page.items.entries()) {
        if (!matches(entry, filters)) continue;
        items.push(entry);
        if (items.length === limit) {
          // Stop at this entry: the next page starts right after it, even mid storage page.
          if (index < page.items.length - 1 || page.last) {
            after = page.positionOf(entry);
          } else {
            after = undefined;
          }
          consumedAll = false;
          break;
        }
      }
      if (consumedAll) after = page.last;
      if (!after) break;
    }
    return {
      items: items.map(({ keywords: _keywords, ...entry }) => ({
        ...entry,
        framework: entry.framework ?? null,
      })),
      nextCursor: after ? this.deps.cursors.encode(scope, after) : null,
    };
  }

  // ---- helpers ----

  /** The model card of a version about to be published: its root README.md, if it has one. */
  private async readCard(files: readonly ArtifactFile[]): Promise<ModelCard | undefined> {
    const file = files.find((candidate) => candidate.path === MODEL_CARD_PATH);
    if (!file || !this.deps.artifacts) return undefined;
    const bytes = await this.deps.artifacts.readBytes(file.storageKey, 0, MODEL_CARD_MAX_BYTES);
    return bytes === undefined ? undefined : parseModelCard(new TextDecoder().decode(bytes));
  }

  /**
   * Fills the catalogue fields the creator left empty from the card: tags, and the description from
   * its first paragraph. What the creator wrote always wins; a concurrent edit wins too (no retry).
   */
  private async fillFromCard(model: Model, card: ModelCard): Promise<void> {
    const tags = model.tags.length === 0 ? card.tags : [];
    const description = model.description.trim() === '' ? (card.summary ?? '') : '';
    if (tags.length === 0 && description === '') return;
    const next: Model = {
      ...model,
      ...(tags.length > 0 ? { tags } : {}),
      ...(description ? { description } : {}),
      rev: model.rev + 1,
      updatedAt: this.now(),
    };
    await this.deps.repository.replaceModel(next, model.rev, model.slug).catch((error: unknown) => {
      if (!(error instanceof PreconditionFailedError)) throw error;
    });
  }

  /** Rewrites the public listing from the current model and offers (removes it unless published). */
  async refreshListing(modelId: string): Promise<void> {
    const collection = await this.deps.repository.getModelCollection(modelId);
    if (!collection) return;
    if (collection.model.status !== 'published') {
      await this.deps.repository.writeListing(modelId, undefined, []);
      return;
    }
    const entry = listingEntryFor(collection.model, collection.offers);
    await this.deps.repository.writeListing(modelId, entry, facetsOf(entry));
  }

  private async ownerView(modelId: string) {
    const model = await this.deps.repository.getModel(modelId);
    if (!model) throw new NotFoundError(`Model ${modelId} not found`, { code: 'MODEL_NOT_FOUND' });
    return { model: modelView(model), rev: model.rev };
  }

  /** The client's view of an offer, with its on-chain sale status. */
  private offerView(offer: Offer) {
    return offerView(offer, this.deps.markets ?? [], this.deps.clock.now());
  }

  private allowListed(price: Price): Price {
    const match = this.deps.currencies.find(
      (allowed) =>
        allowed.chainId === price.chainId && allowed.currency.toLowerCase() === price.currency.toLowerCase(),
    );
    if (!match) {
      throw new InvalidInputError(`Currency ${price.currency} on chain ${price.chainId} is not accepted`, {
        code: 'CURRENCY_NOT_ALLOWED',
        details: {
          allowed: this.deps.currencies.map(({ chainId, currency, symbol }) => ({
            chainId,
            currency,
            symbol,
          })),
        },
      });
    }
    return { ...price, currency: match.currency as Price['currency'] };
  }

  private async assertCoverable(modelId: string, covers: string) {
    if (covers === 'latest') return;
    if (!(await this.deps.repository.getVersion(modelId, covers))) {
      throw new InvalidInputError(`covers names version ${covers}, which this model does not have`, {
        code: 'UNKNOWN_VERSION',
      });
    }
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

export function versionNotFound(version: string): NotFoundError {
  return new NotFoundError(`Version ${version} not found`, { code: 'VERSION_NOT_FOUND' });
}

function offerNotFound(offerId: string): NotFoundError {
  return new NotFoundError(`Offer ${offerId} not found`, { code: 'OFFER_NOT_FOUND' });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
