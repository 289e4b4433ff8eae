/**
 * Test-only: a file's stored record, with the internal S3 key, read straight from the catalogue
 * repository. The API never shows storage keys (the downloads flow presigns them itself); tests use
 * them to inspect or fetch what S3 holds.
 */

import { DynamoCatalogueRepository } from '#adapters/dynamodb/catalogue-repository.js';
import type { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import type { ArtifactFile } from '#domain/catalogue/schemas.js';
import { fileView } from '#domain/catalogue/views.js';
import { NotFoundError } from '#domain/errors.js';

export interface DownloadableFile {
  modelId: string;
  version: string;
  versionPublished: boolean;
  manifestHash: string | undefined;
  fileId: string;
  path: string;
  size: number;
  sha256: string;
  contentType: string;
  status: ArtifactFile['status'];
  /** Internal S3 key of the verified bytes: pass to the artifact store's presignGet. */
  storageKey: string;
  /** Internal S3 key the upload URLs name (staging). */
  uploadKey: string | undefined;
}

/**
 * The file at `path` in a version, with its S3 key.
 * @throws NotFoundError VERSION_NOT_FOUND or FILE_NOT_FOUND
 */
export async function storedFile(
  table: DynamoTable,
  modelId: string,
  versionId: string,
  path: string,
): Promise<DownloadableFile> {
  const repository = new DynamoCatalogueRepository(table);
  const [version, file] = await Promise.all([
    repository.getVersion(modelId, versionId),
    repository.getFileByPath(modelId, versionId, path),
  ]);
  if (!version) throw new NotFoundError(`Version ${versionId} not found`, { code: 'VERSION_NOT_FOUND' });
  if (!file) throw new NotFoundError(`No file "${path}" in version ${versionId}`, { code: 'FILE_NOT_FOUND' });
  return {
    modelId,
    version: versionId,
    versionPublished: version.published,
    manifestHash: version.manifestHash,
    ...fileView(file),
    storageKey: file.storageKey,
    uploadKey: file.uploadKey,
  };
}
