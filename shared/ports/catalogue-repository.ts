/**
 * Persistence the catalogue needs. Implemented on the single DynamoDB table by
 * DynamoCatalogueRepository; every method that changes state takes the state it expects and fails
 * with ConflictError (stable `code`) if someone else changed it first.
 */
import type { Inspection } from '#domain/catalogue/inspection.js';
import type { ListingEntry } from '#domain/catalogue/listing.js';
import type { ArtifactFile, Model, ModelStatus, Offer, Version } from '#domain/catalogue/schemas.js';
import type { MarketSignature } from '#domain/market/signed-offer.js';

export interface Page<T> {
  items: T[];
  /** Opaque storage position after the last item, undefined at the end. */
  last: Record<string, string> | undefined;
}

export interface ModelCollection {
  model: Model;
  versions: Version[];
  files: ArtifactFile[];
  offers: Offer[];
}

export interface CatalogueRepository {
  /** ConflictError SLUG_TAKEN if the owner already has a model with this slug. */
  createModel(model: Model): Promise<void>;
  getModel(modelId: string): Promise<Model | undefined>;
  /**
   * Replaces the model if its stored `rev` is `expectedRev` (else PreconditionFailedError), moving the
   * slug claim when the slug changed (ConflictError SLUG_TAKEN).
   */
  replaceModel(next: Model, expectedRev: number, previousSlug: string): Promise<void>;
  /** Sets the status if it is one of `from` (else ConflictError INVALID_STATE_TRANSITION). */
  setModelStatus(
    modelId: string,
    from: readonly ModelStatus[],
    to: ModelStatus,
    changes: { updatedAt: string; publishedAt?: string },
  ): Promise<void>;
  /** The model with all its versions, files and offers in one read (one item collection). */
  getModelCollection(modelId: string): Promise<ModelCollection | undefined>;
  listModelsByOwner(owner: string, limit: number, after?: Record<string, string>): Promise<Page<Model>>;

  /** ConflictError VERSION_EXISTS if the version string is taken. */
  createVersion(version: Version, maxVersions: number): Promise<void>;
  getVersion(modelId: string, version: string): Promise<Version | undefined>;
  listVersions(modelId: string): Promise<Version[]>;
  /** Freezes the version if it is still unpublished and every file is uploaded; sets the model's latest. */
  publishVersion(input: {
    modelId: string;
    version: string;
    manifestHash: string;
    fileCount: number;
    publishedAt: string;
    /** The model card read from the version's root README.md, kept on the version. */
    card?: Version['card'];
    /** Set when this version becomes the model's latest published one (expects `previousLatest`). */
    latest?: { previousLatest: string | undefined };
  }): Promise<void>;

  /**
   * Records a declared file: path unique in the version (FILE_EXISTS), version unpublished
   * (VERSION_PUBLISHED), file count below `maxFiles` (QUOTA_FILES), the owner's in-flight uploads below
   * `maxConcurrent` (QUOTA_CONCURRENT_UPLOADS).
   */
  declareFile(file: ArtifactFile, quotas: { maxFiles: number; maxConcurrent: number }): Promise<void>;
  getFile(modelId: string, version: string, fileId: string): Promise<ArtifactFile | undefined>;
  getFileByPath(modelId: string, version: string, path: string): Promise<ArtifactFile | undefined>;
  listFiles(modelId: string, version: string): Promise<ArtifactFile[]>;
  /**
   * Takes the completion lease of a pending file until `until` (ISO time), so that one `complete`
   * assembles and verifies at a time. False if another holds an unexpired lease or the file is not pending.
   */
  claimCompletion(file: ArtifactFile, now: string, until: string): Promise<boolean>;
  /** Releases the lease after a failed attempt (best effort; it also expires by itself). */
  releaseCompletion(file: ArtifactFile): Promise<void>;
  /**
   * pending → uploaded (ConflictError FILE_NOT_PENDING otherwise); frees the owner's upload slot; the
   * file becomes its owner's newest verified copy of its bytes (`findOwnedBlob`); `inspection` is what
   * its header says it contains.
   */
  markFileUploaded(file: ArtifactFile, uploadedAt: string, inspection?: Inspection): Promise<void>;
  /** Where `owner`'s newest verified copy of these bytes is kept, if any (only that owner's files). */
  findOwnedBlob(owner: string, sha256: string, size: number): Promise<{ storageKey: string } | undefined>;
  /** Forgets a pointer whose object is gone (its file was removed). */
  forgetOwnedBlob(owner: string, sha256: string, size: number): Promise<void>;
  /** Deletes the file record and its path claim while the version is unpublished. */
  removeFile(file: ArtifactFile): Promise<void>;

  createOffer(offer: Offer, maxOffers: number): Promise<void>;
  getOffer(modelId: string, offerId: string): Promise<Offer | undefined>;
  listOffers(modelId: string): Promise<Offer[]>;
  /**
   * Replaces the offer if its `rev` is `expectedRev` (else PreconditionFailedError) and, when
   * `requireUnsold`, only while `soldCount` is 0 (else ConflictError OFFER_FROZEN).
   */
  replaceOffer(next: Offer, expectedRev: number, requireUnsold: boolean): Promise<void>;
  /**
   * Stores the owner's on-chain sale signature on the offer if its `rev` is still `expectedRev` (the
   * revision the signature names), else ConflictError OFFER_CHANGED: an edit racing the signature
   * never gets it attached to other terms. Returns the offer as stored.
   */
  setOfferMarketSignature(
    modelId: string,
    offerId: string,
    expectedRev: number,
    signature: MarketSignature,
  ): Promise<Offer>;

  /** Makes the public listing of a model exactly `entry` (or removes it when undefined). */
  writeListing(modelId: string, entry: ListingEntry | undefined, facets: string[]): Promise<void>;
  browse(facet: string, limit: number, after?: Record<string, string>): Promise<ListingPage>;
}

/** A browse page: `positionOf(entry)` is the opaque storage position right after one of its entries. */
export interface ListingPage extends Page<ListingEntry> {
  positionOf(entry: ListingEntry): Record<string, string>;
}
