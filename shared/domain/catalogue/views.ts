/**
 * What clients see of catalogue entities. Internal fields (S3 keys, upload ids, counters used for
 * conditions) never leave the domain through these.
 */
import { type ManifestEntry, manifestHash } from './manifest.js';
import type { ArtifactFile, Model, Offer, Version } from './schemas.js';
import { versionStatus } from './state-machines.js';

export function modelView(model: Model) {
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
export type ModelView = ReturnType<typeof modelView>;

export function fileView(file: ArtifactFile) {
  return {
    fileId: file.fileId,
    path: file.path,
    size: file.size,
    sha256: file.sha256,
    contentType: file.contentType,
    status: file.status,
  };
}
export type FileView = ReturnType<typeof fileView>;

export function versionView(version: Version, files: readonly ArtifactFile[]) {
  return {
    version: version.version,
    changelog: version.changelog,
    status: versionStatus(version),
    fileCount: version.fileCount,
    manifestHash: version.manifestHash ?? null,
    createdAt: version.createdAt,
    publishedAt: version.publishedAt ?? null,
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(fileView),
  };
}
export type VersionView = ReturnType<typeof versionView>;

export function offerView(offer: Offer) {
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
  };
}
export type OfferView = ReturnType<typeof offerView>;

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
