/**
 * What clients see of catalogue entities. Internal fields (S3 keys, upload ids, counters used for
 * conditions) never leave the domain through these. Each view is a zod schema built from the stored
 * entity's fields, so the API documents it from here (routes/catalogue-schemas.ts adds only examples
 * and descriptions) and each view function is type-checked against its schema.
 */
import { z } from 'zod';
import {
  type MarketDeployment,
  offerMarketView,
  offerMarketViewSchema,
} from '#domain/market/signed-offer.js';
import { type ManifestEntry, manifestHash } from './manifest.js';
import {
  type ArtifactFile,
  fileSchema,
  type Model,
  modelSchema,
  type Offer,
  offerSchema,
  VERSION_STATUSES,
  type Version,
  versionSchema,
} from './schemas.js';
import { versionStatus } from './state-machines.js';

export const modelViewSchema = modelSchema.omit({ rev: true }).extend({
  framework: z.string().nullable(),
  latestVersion: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type ModelView = z.infer<typeof modelViewSchema>;

export const fileViewSchema = fileSchema
  .pick({
    fileId: true,
    path: true,
    size: true,
    sha256: true,
    contentType: true,
    status: true,
  })
  .extend({
    /** What the file contains, read from its header once verified (safetensors today); null otherwise. */
    inspection: fileSchema.shape.inspection.unwrap().nullable(),
  });
export type FileView = z.infer<typeof fileViewSchema>;

export const versionViewSchema = versionSchema
  .pick({ version: true, changelog: true, fileCount: true, createdAt: true })
  .extend({
    /** Derived: `ready` once every declared file is uploaded (see versionStatus). */
    status: z.enum(VERSION_STATUSES),
    /** SHA-256 of the canonical manifest, set once published (signed into licences). */
    manifestHash: z.string().nullable(),
    publishedAt: z.string().nullable(),
    files: z.array(fileViewSchema),
    /**
     * The model card's front matter and summary (root README.md), once published; `baseModels`
     * suggests the lineage the model's owner may declare.
     */
    card: versionSchema.shape.card.unwrap().nullable(),
  });
export type VersionView = z.infer<typeof versionViewSchema>;

export const offerViewSchema = offerSchema.omit({ rev: true, marketSignature: true }).extend({
  /** True once a licence has sold: terms, price, covers and supplyCap are then fixed. */
  frozen: z.boolean(),
  /** Null when the offer's chain has no marketplace contract; else whether it is signed for sale there. */
  market: offerMarketViewSchema.nullable(),
});
export type OfferView = z.infer<typeof offerViewSchema>;

export function modelView(model: Model): ModelView {
  return {
    modelId: model.modelId,
    owner: model.owner,
    name: model.name,
    slug: model.slug,
    description: model.description,
    task: model.task,
    tags: model.tags,
    framework: model.framework ?? null,
    status: model.status,
    latestVersion: model.latestVersion ?? null,
    split: model.split,
    createdAt: model.createdAt,
    updatedAt: model.updatedAt,
    publishedAt: model.publishedAt ?? null,
  };
}

export function fileView(file: ArtifactFile): FileView {
  return {
    fileId: file.fileId,
    path: file.path,
    size: file.size,
    sha256: file.sha256,
    contentType: file.contentType,
    status: file.status,
    inspection: file.inspection ?? null,
  };
}

export function versionView(version: Version, files: readonly ArtifactFile[]): VersionView {
  return {
    version: version.version,
    changelog: version.changelog,
    status: versionStatus(version),
    fileCount: version.fileCount,
    manifestHash: version.manifestHash ?? null,
    createdAt: version.createdAt,
    publishedAt: version.publishedAt ?? null,
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(fileView),
    card: version.card ?? null,
  };
}

/** `markets`: the chains' marketplace contracts; `now`: to tell an expired signature. */
export function offerView(offer: Offer, markets: readonly MarketDeployment[], now: Date): OfferView {
  return {
    offerId: offer.offerId,
    modelId: offer.modelId,
    name: offer.name,
    terms: offer.terms,
    price: offer.price,
    supplyCap: offer.supplyCap,
    covers: offer.covers,
    active: offer.active,
    soldCount: offer.soldCount,
    frozen: offer.soldCount > 0,
    createdAt: offer.createdAt,
    updatedAt: offer.updatedAt,
    market: offerMarketView(
      offer,
      markets.find((deployment) => deployment.chainId === offer.price.chainId),
      now,
    ),
  };
}

/** The manifest entries of a version's files (what its manifestHash covers). */
export function manifestOf(modelId: string, version: string, files: readonly ArtifactFile[]) {
  const entries: ManifestEntry[] = files.map((file) => ({
    path: file.path,
    size: file.size,
    sha256: file.sha256,
    contentType: file.contentType,
  }));
  const manifest = { modelId, version, files: entries };
  return { manifest, hash: manifestHash(manifest) };
}
