/**
 * Uploads of a version's files straight to S3, and their verification. The API only signs URLs and
 * inspects what arrived; bytes never pass through it.
 *
 * Immutability: clients upload to a staging key (`uploadKey`); `complete` copies the object inside S3
 * to the file's own key (`storageKey`), which no upload URL ever names, and verifies THAT copy. So what
 * is verified is exactly what downloads serve, and a later PUT to an old upload URL only rewrites the
 * staging object, which nothing reads (a lifecycle rule expires it).
 *
 * Integrity: the copy must have the declared size and SHA-256 before the file counts as uploaded. S3
 * computes a SHA-256 of a copy made with a checksum algorithm, which HeadObject returns, so no bytes
 * are re-read there; for a copy in parts (above 5 GiB: a composite checksum, not the file's SHA-256)
 * and for stores that keep no checksum (s3rver), the copy is streamed through SHA-256 in constant
 * memory. A mismatch deletes both objects and the file record (the path is free to declare again) and
 * answers 422.
 */

import type { Caller } from '#domain/auth/caller.js';
import {
  ConflictError,
  DependencyError,
  InvalidInputError,
  NotFoundError,
  UnprocessableError,
} from '#domain/errors.js';
import { newId } from '#domain/ids.js';
import type { ArtifactUploadStore, UploadedPart } from '#ports/artifact-uploads.js';
import type { CatalogueRepository } from '#ports/catalogue-repository.js';
import type { Clock } from '#ports/clock.js';
import { ARTIFACT_STAGING_PREFIX } from '#shared/deployment-contract.js';
import { assertOwned } from './access.js';
import { versionNotFound } from './catalogue-service.js';
import { type Inspection, inspect } from './inspection.js';
import { type ArtifactFile, CATALOGUE_LIMITS, type DeclareFileInput, declareFileSchema } from './schemas.js';
import { assertVersionMutable } from './state-machines.js';
import { fileView } from './views.js';

export interface UploadLimits {
  singlePutMaxBytes: number;
  partBytes: number;
  maxFileBytes: number;
  maxFilesPerVersion: number;
  maxConcurrentUploads: number;
  urlTtlSeconds: number;
}

export interface UploadServiceDeps {
  repository: CatalogueRepository;
  store: ArtifactUploadStore;
  clock: Clock;
  limits: UploadLimits;
}

/**
 * How long one `complete` holds a file before another may try. Longer than any API invocation can
 * run (the API function's timeout is at most 29 s), so a live completion never loses it; short,
 * because an attempt that dies with its dependency — DynamoDB down, so the release fails too, or the
 * function timed out — leaves the lease behind, and the client's retry must not wait long for it
 * (test/hardening/faults.test.ts).
 */
export const COMPLETION_LEASE_SECONDS = 60;

/** S3 allows at most 10,000 parts per upload. */
const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

/** The part size for a file: the configured size, raised (in whole MiB) so the file fits in 10,000 parts. */
export function choosePartSize(size: number, preferred: number): number {
  if (size <= preferred * MAX_PARTS) return preferred;
  return Math.ceil(size / MAX_PARTS / MIB) * MIB;
}

/** The exact length of part `partNumber` (1-based): all full except possibly the last. */
export function partLength(size: number, partSize: number, partNumber: number): number {
  return Math.min(partSize, size - (partNumber - 1) * partSize);
}

export class UploadService {
  constructor(private readonly deps: UploadServiceDeps) {}

  /** Declares a file in an unpublished version and returns how to upload it. */
  async declareFile(caller: Caller, modelId: string, versionId: string, input: DeclareFileInput) {
    const { repository, store, limits } = this.deps;
    const declared = declareFileSchema.parse(input);
    assertOwned(await repository.getModel(modelId), modelId, caller);
    const version = await repository.getVersion(modelId, versionId);
    if (!version) throw versionNotFound(versionId);
    assertVersionMutable(version);
    if (declared.size > limits.maxFileBytes) {
      throw new UnprocessableError(`Files may be at most ${limits.maxFileBytes} bytes`, {
        code: 'FILE_TOO_LARGE',
        details: { maxFileBytes: limits.maxFileBytes },
      });
    }
    const fileId = newId('file');
    const storageKey = `artifacts/${modelId}/${fileId}`;
    const uploadKey = `${ARTIFACT_STAGING_PREFIX}${modelId}/${fileId}`;
    const base = {
      modelId,
      version: versionId,
      fileId,
      ...declared,
      status: 'pending' as const,
      storageKey,
      uploadKey,
      owner: caller.address,
      createdAt: this.deps.clock.now().toISOString(),
    };
    const quotas = { maxFiles: limits.maxFilesPerVersion, maxConcurrent: limits.maxConcurrentUploads };

    const reused = await this.reuseOwnCopy({ ...base, uploadKind: 'single' }, quotas);
    if (reused) return { fileId, file: fileView(reused), upload: { kind: 'reused' as const } };

    if (declared.size <= limits.singlePutMaxBytes) {
      const file: ArtifactFile = { ...base, uploadKind: 'single' };
      await repository.declareFile(file, quotas);
      const url = await store.presignPut({
        key: uploadKey,
        size: declared.size,
        sha256Hex: declared.sha256,
        contentType: declared.contentType,
        expiresInSeconds: limits.urlTtlSeconds,
      });
      return { fileId, file: fileView(file), upload: { kind: 'single' as const, ...url } };
    }

    const partSize = choosePartSize(declared.size, limits.partBytes);
    const partCount = Math.ceil(declared.size / partSize);
    const uploadId = await store.createMultipartUpload(uploadKey, declared.contentType);
    const file: ArtifactFile = { ...base, uploadKind: 'multipart', uploadId, partSize, partCount };
    try {
      await repository.declareFile(file, quotas);
    } catch (error) {
      await store.abortMultipartUpload(uploadKey, uploadId).catch(() => undefined);
      throw error;
    }
    return {
      fileId,
      file: fileView(file),
      upload: { kind: 'multipart' as const, uploadId, partSize, partCount },
    };
  }

  /**
   * A file whose bytes (SHA-256 and size) the caller has already uploaded and had verified, in any of
   * their own models, is copied inside S3 from that verified copy instead of uploaded again. Only the
   * caller's own files are looked at (the pointer is keyed by the owner's address and written only
   * when one of their uploads verified), so knowing a public manifest's hash attaches nothing; and the
   * copy is verified like any upload before the file counts as uploaded. Undefined when there is no
   * such copy, or it is gone or differs (the stale pointer is then forgotten): upload as usual.
   */
  private async reuseOwnCopy(
    file: ArtifactFile,
    quotas: { maxFiles: number; maxConcurrent: number },
  ): Promise<ArtifactFile | undefined> {
    const { repository, store } = this.deps;
    const source = await repository.findOwnedBlob(file.owner, file.sha256, file.size);
    if (!source) return undefined;
    await repository.declareFile(file, quotas);
    let digest: { size: number; sha256Hex: string } | undefined;
    try {
      await store.copy(source.storageKey, file.storageKey, file.size);
      digest = await this.digestOf(file.storageKey);
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        await this.discard(file);
        throw error;
      }
    }
    if (!digest || digest.size !== file.size || digest.sha256Hex !== file.sha256) {
      await this.discard(file);
      await repository.forgetOwnedBlob(file.owner, file.sha256, file.size);
      return undefined;
    }
    return this.markUploaded(file);
  }

  /**
   * Presigned PUT URLs for the given parts (a batch of ≤ 100), each bound to its exact length and to
   * the SHA-256 the client declares for it: the store refuses other bytes as they arrive.
   */
  async presignParts(
    caller: Caller,
    modelId: string,
    versionId: string,
    fileId: string,
    requested: ReadonlyArray<{ partNumber: number; sha256: string }>,
  ) {
    const file = await this.pendingMultipart(caller, modelId, versionId, fileId);
    const partCount = file.partCount ?? 0;
    const partSize = file.partSize ?? 0;
    const checksums = new Map(requested.map((part) => [part.partNumber, part.sha256]));
    if (checksums.size !== requested.length) {
      throw new InvalidInputError('Each part may be asked for once per batch', { code: 'INVALID_INPUT' });
    }
    const unique = [...checksums.keys()].sort((a, b) => a - b);
    if (unique.length === 0 || unique.length > CATALOGUE_LIMITS.partUrlBatch) {
      throw new InvalidInputError(`Ask for 1 to ${CATALOGUE_LIMITS.partUrlBatch} parts at a time`, {
        code: 'INVALID_INPUT',
      });
    }
    const outOfRange = unique.filter((n) => n < 1 || n > partCount);
    if (outOfRange.length > 0) {
      throw new InvalidInputError(`Part numbers must be between 1 and ${partCount}`, {
        code: 'INVALID_PART_NUMBER',
        details: { outOfRange },
      });
    }
    const parts = await Promise.all(
      unique.map(async (partNumber) => {
        const size = partLength(file.size, partSize, partNumber);
        const url = await this.deps.store.presignUploadPart({
          key: uploadKeyOf(file),
          uploadId: file.uploadId ?? '',
          partNumber,
          size,
          sha256Hex: checksums.get(partNumber) as string,
          expiresInSeconds: this.deps.limits.urlTtlSeconds,
        });
        return { partNumber, size, ...url };
      }),
    );
    return { partSize, partCount, parts };
  }

  /** What S3 already holds for a multipart upload, and which parts are still missing (to resume). */
  async listParts(caller: Caller, modelId: string, versionId: string, fileId: string) {
    const file = await this.pendingMultipart(caller, modelId, versionId, fileId);
    const held = await this.deps.store.listParts(uploadKeyOf(file), file.uploadId ?? '');
    const { complete, missing } = this.assess(file, held);
    return {
      partSize: file.partSize ?? 0,
      partCount: file.partCount ?? 0,
      parts: complete.map(({ partNumber, size, etag }) => ({ partNumber, size, etag })),
      missing,
    };
  }

  /**
   * Finishes an upload: assembles a multipart upload from the parts S3 holds, then verifies size and
   * SHA-256 (see the module comment). 409 UPLOAD_INCOMPLETE if parts or the object are still missing
   * (nothing is discarded); 422 SIZE_MISMATCH / CHECKSUM_MISMATCH deletes everything uploaded.
   */
  async completeFile(
    caller: Caller,
    modelId: string,
    versionId: string,
    fileId: string,
    claimedParts: Array<{ partNumber: number; etag: string }> | undefined,
  ) {
    const { repository } = this.deps;
    const file = await this.ownedFile(caller, modelId, versionId, fileId);
    if (file.status === 'uploaded') return fileView(file);

    // One completion at a time: a second concurrent call must not race the first through
    // CompleteMultipartUpload or delete what the first is verifying.
    const now = this.deps.clock.now();
    const leaseUntil = new Date(now.getTime() + COMPLETION_LEASE_SECONDS * 1000).toISOString();
    if (!(await repository.claimCompletion(file, now.toISOString(), leaseUntil))) {
      const current = await repository.getFile(modelId, versionId, fileId);
      if (current?.status === 'uploaded') return fileView(current);
      throw new ConflictError('Another completion of this file is in progress; retry shortly', {
        code: 'UPLOAD_COMPLETING',
        details: { retryAfterSeconds: COMPLETION_LEASE_SECONDS },
      });
    }
    try {
      return await this.assembleAndVerify(file, claimedParts);
    } catch (error) {
      await repository.releaseCompletion(file);
      throw error;
    }
  }

  private async assembleAndVerify(
    file: ArtifactFile,
    claimedParts: Array<{ partNumber: number; etag: string }> | undefined,
  ) {
    const { store } = this.deps;
    const held = file.uploadKind === 'multipart' ? await this.openParts(file) : undefined;
    if (held) {
      const { complete, missing, wrongSize } = this.assess(file, held);
      if (wrongSize.length > 0) {
        await this.discard(file);
        throw new UnprocessableError(
          'Uploaded parts do not add up to the declared size; the upload was discarded',
          {
            code: 'SIZE_MISMATCH',
            details: { wrongSize },
          },
        );
      }
      if (missing.length > 0) {
        throw new ConflictError('Some parts have not been uploaded yet', {
          code: 'UPLOAD_INCOMPLETE',
          details: { missing: missing.slice(0, 100), missingCount: missing.length },
        });
      }
      if (claimedParts) {
        const byNumber = new Map(complete.map((part) => [part.partNumber, unquote(part.etag)]));
        const disagreeing = claimedParts
          .filter((part) => byNumber.get(part.partNumber) !== unquote(part.etag))
          .map((part) => part.partNumber);
        if (disagreeing.length > 0 || claimedParts.length !== complete.length) {
          throw new ConflictError('The part list does not match what S3 holds; list the parts again', {
            code: 'PART_LIST_MISMATCH',
            details: { disagreeing },
          });
        }
      }
      await store.completeMultipartUpload(uploadKeyOf(file), file.uploadId ?? '', complete);
    }

    if (file.uploadKey) {
      const staged = await store.head(file.uploadKey);
      if (!staged) {
        throw new ConflictError('Nothing has been uploaded for this file yet', { code: 'UPLOAD_INCOMPLETE' });
      }
      if (staged.size !== file.size) {
        await this.discard(file);
        throw new UnprocessableError('The uploaded object does not have the declared size; it was deleted', {
          code: 'SIZE_MISMATCH',
          details: { declared: { size: file.size }, received: { size: staged.size } },
        });
      }
      // Verified below is the copy itself: what downloads will serve, out of every upload URL's reach.
      await store.copy(file.uploadKey, file.storageKey, file.size);
    }
    const digest = await this.digestOf(file.storageKey);
    if (!digest) {
      throw new ConflictError('Nothing has been uploaded for this file yet', { code: 'UPLOAD_INCOMPLETE' });
    }
    if (digest.size !== file.size || digest.sha256Hex !== file.sha256) {
      await this.discard(file);
      const sizeWrong = digest.size !== file.size;
      throw new UnprocessableError(
        sizeWrong
          ? 'The uploaded object does not have the declared size; it was deleted'
          : 'The uploaded object does not match the declared SHA-256; it was deleted',
        {
          code: sizeWrong ? 'SIZE_MISMATCH' : 'CHECKSUM_MISMATCH',
          details: {
            declared: { size: file.size, sha256: file.sha256 },
            received: { size: digest.size, sha256: digest.sha256Hex },
          },
        },
      );
    }
    const uploaded = await this.markUploaded(file);
    // The staging object has served its purpose; if this delete fails, the lifecycle rule expires it.
    if (file.uploadKey) await store.delete(file.uploadKey).catch(() => undefined);
    return fileView(uploaded);
  }

  /** The object's size and SHA-256: the store's own checksum of it where it keeps one, else streamed. */
  private async digestOf(key: string) {
    const { store } = this.deps;
    return (await store.storedSha256(key)) ?? (await store.digest(key));
  }

  /** pending → uploaded, with what the verified file's header says it contains. */
  private async markUploaded(file: ArtifactFile): Promise<ArtifactFile> {
    const uploadedAt = this.deps.clock.now().toISOString();
    const inspection = await this.inspect(file);
    await this.deps.repository.markFileUploaded(file, uploadedAt, inspection);
    return { ...file, status: 'uploaded', uploadedAt, ...(inspection ? { inspection } : {}) };
  }

  /**
   * The parts of a multipart upload that is still open, or undefined when an earlier `complete`
   * already assembled it: S3 then forgets the upload id but holds the object at the file's own key
   * (only CompleteMultipartUpload writes there). That attempt died before marking the file uploaded
   * (S3 or DynamoDB went down while it verified), so the retry only has to verify.
   */
  private async openParts(file: ArtifactFile): Promise<UploadedPart[] | undefined> {
    const { store } = this.deps;
    try {
      return await store.listParts(uploadKeyOf(file), file.uploadId ?? '');
    } catch (error) {
      const gone = error instanceof NotFoundError && error.code === 'UPLOAD_NOT_FOUND';
      if (gone && (await store.head(uploadKeyOf(file)))) return undefined;
      throw error;
    }
  }

  /** What a verified file's header says it contains, for the formats inspection.ts reads. */
  private async inspect(file: ArtifactFile): Promise<Inspection | undefined> {
    return inspect(file.path, file.size, async (start, length) => {
      const bytes = await this.deps.store.readBytes(file.storageKey, start, length);
      // Verified a moment ago: gone now means the store is not answering consistently.
      if (!bytes) throw new DependencyError('s3', 'The verified artifact could not be read back');
      return bytes;
    });
  }

  /** Aborts an upload or removes a file from an unpublished version, deleting whatever S3 holds. */
  async removeFile(caller: Caller, modelId: string, versionId: string, fileId: string): Promise<void> {
    const file = await this.ownedFile(caller, modelId, versionId, fileId);
    const version = await this.deps.repository.getVersion(modelId, versionId);
    if (!version) throw versionNotFound(versionId);
    assertVersionMutable(version);
    await this.discard(file);
  }

  private async discard(file: ArtifactFile): Promise<void> {
    if (file.uploadKind === 'multipart' && file.uploadId && file.status === 'pending') {
      await this.deps.store.abortMultipartUpload(uploadKeyOf(file), file.uploadId);
    }
    if (file.uploadKey) await this.deps.store.delete(file.uploadKey);
    await this.deps.store.delete(file.storageKey);
    await this.deps.repository.removeFile(file);
  }

  private assess(file: ArtifactFile, held: UploadedPart[]) {
    const partCount = file.partCount ?? 0;
    const partSize = file.partSize ?? 0;
    const byNumber = new Map(held.map((part) => [part.partNumber, part]));
    const complete: UploadedPart[] = [];
    const missing: number[] = [];
    const wrongSize: Array<{ partNumber: number; expected: number; received: number }> = [];
    for (let partNumber = 1; partNumber <= partCount; partNumber++) {
      const part = byNumber.get(partNumber);
      const expected = partLength(file.size, partSize, partNumber);
      if (!part) missing.push(partNumber);
      else if (part.size !== expected) wrongSize.push({ partNumber, expected, received: part.size });
      else complete.push(part);
    }
    for (const part of held) {
      if (part.partNumber > partCount)
        wrongSize.push({ partNumber: part.partNumber, expected: 0, received: part.size });
    }
    return { complete, missing, wrongSize };
  }

  private async ownedFile(caller: Caller, modelId: string, versionId: string, fileId: string) {
    assertOwned(await this.deps.repository.getModel(modelId), modelId, caller);
    const file = await this.deps.repository.getFile(modelId, versionId, fileId);
    if (!file) throw new NotFoundError(`File ${fileId} not found`, { code: 'FILE_NOT_FOUND' });
    return file;
  }

  private async pendingMultipart(caller: Caller, modelId: string, versionId: string, fileId: string) {
    const file = await this.ownedFile(caller, modelId, versionId, fileId);
    if (file.uploadKind !== 'multipart') {
      throw new ConflictError('This file uploads with a single PUT, not in parts', { code: 'NOT_MULTIPART' });
    }
    if (file.status !== 'pending') {
      throw new ConflictError('This file is already uploaded', { code: 'FILE_NOT_PENDING' });
    }
    return file;
  }
}

/** The key a file's upload URLs name: its staging key, or its own key for a file from before staging. */
function uploadKeyOf(file: ArtifactFile): string {
  return file.uploadKey ?? file.storageKey;
}

function unquote(etag: string): string {
  return etag.replace(/"/g, '');
}
