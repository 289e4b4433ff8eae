/**
 * In-memory stand-ins for the two repository ports that `GET /models/{modelId}` touches (sessions for
 * authentication, the model's item collection for the detail), for bench/p1-overhead.ts: with storage
 * taking no time, what remains is our own middleware, authentication, validation and serialisation.
 *
 * Bench-only, and read-only: they are loaded from the state the real DynamoDB adapters read back, and
 * every write method throws. Reads parse what they return with the same zod schemas as the DynamoDB
 * adapters do (STYLE: validate what storage returns), so that per-request cost is not hidden.
 */

import type { ArtifactFile, Model, Offer, Version } from '#domain/catalogue/schemas.js';
import { fileSchema, modelSchema, offerSchema, versionSchema } from '#domain/catalogue/schemas.js';
import type { ApiTokenRecord, AuthRepository, SessionRecord } from '#ports/auth.js';
import type { CatalogueRepository, ListingPage, ModelCollection, Page } from '#ports/catalogue-repository.js';

function readOnly(method: string): never {
  throw new Error(`${method}: the benchmark's in-memory repository is read-only`);
}

export class MemoryAuthRepository implements AuthRepository {
  private readonly sessions = new Map<string, SessionRecord>();

  load(session: SessionRecord): void {
    this.sessions.set(session.idHash, { ...session });
  }

  async getSession(idHash: string): Promise<SessionRecord | undefined> {
    const session = this.sessions.get(idHash);
    return session ? { ...session } : undefined;
  }

  async getApiToken(_tokenId: string): Promise<ApiTokenRecord | undefined> {
    return undefined;
  }

  async listApiTokens(): Promise<ApiTokenRecord[]> {
    return [];
  }

  saveNonce(): Promise<void> {
    return readOnly('saveNonce');
  }
  consumeNonceAndCreateSession(): Promise<void> {
    return readOnly('consumeNonceAndCreateSession');
  }
  revokeSession(): Promise<void> {
    return readOnly('revokeSession');
  }
  saveApiToken(): Promise<void> {
    return readOnly('saveApiToken');
  }
  revokeApiToken(): Promise<boolean> {
    return readOnly('revokeApiToken');
  }
}

export class MemoryCatalogueRepository implements CatalogueRepository {
  private readonly collections = new Map<string, ModelCollection>();

  load(collection: ModelCollection): void {
    this.collections.set(collection.model.modelId, structuredClone(collection));
  }

  async getModel(modelId: string): Promise<Model | undefined> {
    const stored = this.collections.get(modelId);
    return stored ? modelSchema.parse(stored.model) : undefined;
  }

  async getModelCollection(modelId: string): Promise<ModelCollection | undefined> {
    const stored = this.collections.get(modelId);
    if (!stored) return undefined;
    return {
      model: modelSchema.parse(stored.model),
      versions: stored.versions.map((version) => versionSchema.parse(version)),
      files: stored.files.map((file) => fileSchema.parse(file)),
      offers: stored.offers.map((offer) => offerSchema.parse(offer)),
    };
  }

  async getVersion(modelId: string, version: string): Promise<Version | undefined> {
    const found = this.collections.get(modelId)?.versions.find((candidate) => candidate.version === version);
    return found ? versionSchema.parse(found) : undefined;
  }

  async listVersions(modelId: string): Promise<Version[]> {
    return (this.collections.get(modelId)?.versions ?? []).map((version) => versionSchema.parse(version));
  }

  async getFile(modelId: string, version: string, fileId: string): Promise<ArtifactFile | undefined> {
    const found = this.collections
      .get(modelId)
      ?.files.find((file) => file.version === version && file.fileId === fileId);
    return found ? fileSchema.parse(found) : undefined;
  }

  async getFileByPath(modelId: string, version: string, path: string): Promise<ArtifactFile | undefined> {
    const found = this.collections
      .get(modelId)
      ?.files.find((file) => file.version === version && file.path === path);
    return found ? fileSchema.parse(found) : undefined;
  }

  async listFiles(modelId: string, version: string): Promise<ArtifactFile[]> {
    return (this.collections.get(modelId)?.files ?? [])
      .filter((file) => file.version === version)
      .map((file) => fileSchema.parse(file));
  }

  async getOffer(modelId: string, offerId: string): Promise<Offer | undefined> {
    const found = this.collections.get(modelId)?.offers.find((offer) => offer.offerId === offerId);
    return found ? offerSchema.parse(found) : undefined;
  }

  async listOffers(modelId: string): Promise<Offer[]> {
    return (this.collections.get(modelId)?.offers ?? []).map((offer) => offerSchema.parse(offer));
  }

  listModelsByOwner(): Promise<Page<Model>> {
    return readOnly('listModelsByOwner');
  }
  browse(): Promise<ListingPage> {
    return readOnly('browse');
  }
  createModel(): Promise<void> {
    return readOnly('createModel');
  }
  replaceModel(): Promise<void> {
    return readOnly('replaceModel');
  }
  setModelStatus(): Promise<void> {
    return readOnly('setModelStatus');
  }
  createVersion(): Promise<void> {
    return readOnly('createVersion');
  }
  publishVersion(): Promise<void> {
    return readOnly('publishVersion');
  }
  declareFile(): Promise<void> {
    return readOnly('declareFile');
  }
  claimCompletion(): Promise<boolean> {
    return readOnly('claimCompletion');
  }
  releaseCompletion(): Promise<void> {
    return readOnly('releaseCompletion');
  }
  markFileUploaded(): Promise<void> {
    return readOnly('markFileUploaded');
  }
  removeFile(): Promise<void> {
    return readOnly('removeFile');
  }
  findOwnedBlob(): Promise<undefined> {
    return readOnly('findOwnedBlob');
  }
  forgetOwnedBlob(): Promise<void> {
    return readOnly('forgetOwnedBlob');
  }
  createOffer(): Promise<void> {
    return readOnly('createOffer');
  }
  replaceOffer(): Promise<void> {
    return readOnly('replaceOffer');
  }
  setOfferMarketSignature(): Promise<Offer> {
    return readOnly('setOfferMarketSignature');
  }
  writeListing(): Promise<void> {
    return readOnly('writeListing');
  }
}
