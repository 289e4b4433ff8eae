/**
 * Artifact storage on S3. Clients move bytes directly to and from S3 with short-lived presigned URLs
 * (single PUT or multipart); this adapter only signs URLs and inspects objects. The one place it reads
 * bytes is `digest`, which streams an object through SHA-256 in constant memory to verify an upload.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  ChecksumMode,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { DependencyError, NotFoundError } from '#domain/errors.js';
import type { ArtifactUploadStore, ObjectDigest, UploadedPart } from '#ports/artifact-uploads.js';
import { fromS3Checksum, toS3Checksum } from './s3-checksum.js';

/** Per-attempt limit for CompleteMultipartUpload and a copy: within the API function's timeout, with room. */
const COMPLETE_MULTIPART_TIMEOUT_MS = 20_000;

/** S3's limits on server-side copies: one CopyObject up to 5 GiB; parts of a copy as of an upload. */
export const S3_COPY_LIMITS = { singleCopyLimit: 5 * 1024 ** 3, copyPartBytes: 1024 ** 3 };
const MAX_COPY_PARTS = 10_000;

export interface PresignedRequest {
  url: string;
  /** Headers the client must send exactly as given (they are part of the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface ObjectInfo {
  size: number;
  etag: string | undefined;
  contentType: string | undefined;
}

export class S3ArtifactStore implements ArtifactUploadStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    private readonly now: () => Date = () => new Date(),
    /** S3's own unless a test makes the multipart copy reachable with small objects. */
    private readonly copyLimits: { singleCopyLimit: number; copyPartBytes: number } = S3_COPY_LIMITS,
  ) {}

  /** Throws DependencyError if the bucket cannot be reached. */
  async ping(): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw new DependencyError('s3', 'The artifact bucket is unreachable', { cause: error });
    }
  }

  /**
   * A PUT URL bound to the exact size and SHA-256 of the declared body: both are signed headers, so in
   * S3 a different body fails the signature or the checksum check. S3 wants the checksum in base64.
   */
  async presignPut(input: {
    key: string;
    size: number;
    sha256Hex: string;
    contentType: string;
    expiresInSeconds: number;
  }): Promise<PresignedRequest> {
    const sha256Base64 = toS3Checksum(input.sha256Hex);
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: input.key,
      ContentLength: input.size,
      ContentType: input.contentType,
      ChecksumSHA256: sha256Base64,
    });
    // The checksum stays a signed header (by default the presigner hoists x-amz-* into the query):
    // S3 then checks the body against it and refuses other bytes with BadDigest.
    const url = await this.sign(
      command,
      input.expiresInSeconds,
      new Set(['content-length', 'content-type', 'x-amz-checksum-sha256']),
      new Set(['x-amz-checksum-sha256']),
    );
    return {
      url,
      headers: {
        'content-length': String(input.size),
        'content-type': input.contentType,
        'x-amz-checksum-sha256': sha256Base64,
      },
      expiresAt: this.expiry(input.expiresInSeconds),
    };
  }

  /** A GET URL that downloads as an attachment; Range requests work against it. */
  async presignGet(input: {
    key: string;
    filename?: string;
    expiresInSeconds: number;
  }): Promise<PresignedRequest> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: input.key,
      ResponseContentDisposition: input.filename ? contentDisposition(input.filename) : undefined,
    });
    const url = await this.sign(command, input.expiresInSeconds, new Set());
    return { url, headers: {}, expiresAt: this.expiry(input.expiresInSeconds) };
  }

  /** The object's size and ETag, or undefined when it does not exist. */
  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const result = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: result.ContentLength ?? 0, etag: result.ETag, contentType: result.ContentType };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new DependencyError('s3', 'Could not inspect the artifact', { cause: error });
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      throw new DependencyError('s3', 'Could not delete the artifact', { cause: error });
    }
  }

  /** Starts a multipart upload; returns its upload id. */
  async createMultipartUpload(key: string, contentType: string): Promise<string> {
    try {
      // Parts then carry their own SHA-256, which S3 checks as each one arrives.
      const result = await this.s3.send(
        new CreateMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          ContentType: contentType,
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      if (!result.UploadId) throw new Error('CreateMultipartUpload returned no UploadId');
      return result.UploadId;
    } catch (error) {
      throw new DependencyError('s3', 'Could not start the multipart upload', { cause: error });
    }
  }

  /** A PUT URL for one part; its exact length and SHA-256 are signed headers, so S3 refuses other bytes. */
  async presignUploadPart(input: {
    key: string;
    uploadId: string;
    partNumber: number;
    size: number;
    sha256Hex: string;
    expiresInSeconds: number;
  }): Promise<PresignedRequest> {
    const sha256Base64 = toS3Checksum(input.sha256Hex);
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: input.key,
      UploadId: input.uploadId,
      PartNumber: input.partNumber,
      ContentLength: input.size,
      ChecksumSHA256: sha256Base64,
    });
    const url = await this.sign(
      command,
      input.expiresInSeconds,
      new Set(['content-length', 'x-amz-checksum-sha256']),
      new Set(['x-amz-checksum-sha256']),
    );
    return {
      url,
      headers: { 'content-length': String(input.size), 'x-amz-checksum-sha256': sha256Base64 },
      expiresAt: this.expiry(input.expiresInSeconds),
    };
  }

  /** Every part S3 holds for the upload (following ListParts pagination), ascending by number. */
  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    try {
      for (;;) {
        const page = await this.s3.send(
          new ListPartsCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumberMarker: marker,
          }),
        );
        for (const part of page.Parts ?? []) {
          if (part.PartNumber === undefined) continue;
          parts.push({
            partNumber: part.PartNumber,
            size: part.Size ?? 0,
            etag: part.ETag ?? '',
            checksumSha256: part.ChecksumSHA256,
          });
        }
        if (!page.IsTruncated || !page.NextPartNumberMarker) break;
        marker = page.NextPartNumberMarker;
      }
    } catch (error) {
      if (errorName(error) === 'NoSuchUpload') {
        throw new NotFoundError('The multipart upload no longer exists', {
          code: 'UPLOAD_NOT_FOUND',
          cause: error,
        });
      }
      throw new DependencyError('s3', 'Could not list the uploaded parts', { cause: error });
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  /**
   * Assembles the parts. Assembling gigabytes can take S3 a while before it answers, longer than the
   * client's per-attempt limit (S3-compatible servers send nothing until done), so this call gets a
   * longer one. If an earlier attempt, or the SDK's own retry, completed the upload but its answer
   * was lost, S3 no longer knows the upload id; the object at `key` (only this call writes there) is
   * then the assembled upload, which the caller verifies as usual.
   */
  async completeMultipartUpload(key: string, uploadId: string, parts: UploadedPart[]): Promise<void> {
    try {
      await this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          // S3 wants each part's checksum back when the upload was created with one.
          MultipartUpload: {
            Parts: parts.map((part) => ({
              PartNumber: part.partNumber,
              ETag: part.etag,
              ...(part.checksumSha256 ? { ChecksumSHA256: part.checksumSha256 } : {}),
            })),
          },
        }),
        { requestTimeout: COMPLETE_MULTIPART_TIMEOUT_MS },
      );
    } catch (error) {
      if (errorName(error) === 'NoSuchUpload') {
        if (await this.head(key)) return;
        throw new NotFoundError('The multipart upload no longer exists', {
          code: 'UPLOAD_NOT_FOUND',
          cause: error,
        });
      }
      throw new DependencyError('s3', 'Could not complete the multipart upload', { cause: error });
    }
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    try {
      await this.s3.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
      );
    } catch (error) {
      if (errorName(error) === 'NoSuchUpload') return;
      throw new DependencyError('s3', 'Could not abort the multipart upload', { cause: error });
    }
  }

  /**
   * The SHA-256 S3 verified when the object was PUT with a signed `x-amz-checksum-sha256` (full-object
   * checksums only: a multipart upload's composite checksum is not the file's SHA-256). undefined when
   * the store keeps none (s3rver never does), so callers fall back to `digest`.
   */
  async storedSha256(key: string): Promise<ObjectDigest | undefined> {
    try {
      const result = await this.s3.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: ChecksumMode.ENABLED }),
      );
      const checksum = result.ChecksumSHA256;
      if (!checksum || checksum.includes('-') || result.ChecksumType === 'COMPOSITE') return undefined;
      return { size: result.ContentLength ?? 0, sha256Hex: fromS3Checksum(checksum) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new DependencyError('s3', 'Could not inspect the artifact', { cause: error });
    }
  }

  /**
   * `length` bytes of the object from `start` (a header to inspect, a model card); fewer if the object
   * ends first; undefined if it is missing.
   */
  async readBytes(key: string, start: number, length: number): Promise<Uint8Array | undefined> {
    if (length <= 0) return new Uint8Array();
    try {
      const result = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: `bytes=${start}-${start + length - 1}`,
        }),
      );
      return await (result.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new DependencyError('s3', 'Could not read the artifact', { cause: error });
    }
  }

  /** Streams the object through SHA-256: memory stays at one socket buffer whatever the size. */
  async digest(key: string): Promise<ObjectDigest | undefined> {
    let body: Readable;
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      body = result.Body as Readable;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new DependencyError('s3', 'Could not read the artifact', { cause: error });
    }
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of body) {
        const bytes = chunk as Buffer;
        size += bytes.length;
        hash.update(bytes);
      }
    } catch (error) {
      throw new DependencyError('s3', 'Reading the artifact failed midway', { cause: error });
    }
    return { size, sha256Hex: hash.digest('hex') };
  }

  /**
   * Copies `source` to `destination` server-side. Up to `singleCopyLimit` (S3's 5 GiB) one CopyObject;
   * above, a multipart upload of UploadPartCopy ranges of `copyPartBytes`. The copy asks S3 for a
   * SHA-256 of the new object, which `storedSha256` then reads back without re-reading the bytes.
   */
  async copy(source: string, destination: string, size: number): Promise<void> {
    const copySource = `${this.bucket}/${source.split('/').map(encodeURIComponent).join('/')}`;
    try {
      if (size <= this.copyLimits.singleCopyLimit) {
        await this.s3.send(
          new CopyObjectCommand({
            Bucket: this.bucket,
            Key: destination,
            CopySource: copySource,
            ChecksumAlgorithm: 'SHA256',
          }),
          { requestTimeout: COMPLETE_MULTIPART_TIMEOUT_MS },
        );
        return;
      }
      await this.copyInParts(copySource, destination, size);
    } catch (error) {
      if (isMissing(error)) {
        throw new NotFoundError('Nothing has been uploaded for this file yet', {
          code: 'UPLOAD_INCOMPLETE',
          cause: error,
        });
      }
      if (error instanceof NotFoundError) throw error;
      throw new DependencyError('s3', 'Could not copy the artifact', { cause: error });
    }
  }

  private async copyInParts(copySource: string, destination: string, size: number): Promise<void> {
    const created = await this.s3.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: destination }),
    );
    const uploadId = created.UploadId;
    if (!uploadId) throw new Error('CreateMultipartUpload returned no UploadId');
    try {
      const partBytes = Math.max(this.copyLimits.copyPartBytes, Math.ceil(size / MAX_COPY_PARTS));
      const parts: Array<{ PartNumber: number; ETag: string }> = [];
      for (let start = 0, number = 1; start < size; start += partBytes, number++) {
        const end = Math.min(start + partBytes, size) - 1;
        const part = await this.s3.send(
          new UploadPartCopyCommand({
            Bucket: this.bucket,
            Key: destination,
            UploadId: uploadId,
            PartNumber: number,
            CopySource: copySource,
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ PartNumber: number, ETag: part.CopyPartResult?.ETag ?? '' });
      }
      await this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: destination,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
        { requestTimeout: COMPLETE_MULTIPART_TIMEOUT_MS },
      );
    } catch (error) {
      await this.abortMultipartUpload(destination, uploadId).catch(() => undefined);
      throw error;
    }
  }

  private async sign(
    // biome-ignore lint/suspicious/noExplicitAny: getSignedUrl is generic over every S3 command type.
    command: PutObjectCommand | GetObjectCommand | UploadPartCommand | any,
    expiresIn: number,
    signableHeaders: Set<string>,
    unhoistableHeaders: Set<string> = new Set(),
  ): Promise<string> {
    try {
      return await getSignedUrl(this.s3, command, { expiresIn, signableHeaders, unhoistableHeaders });
    } catch (error) {
      throw new DependencyError('s3', 'Could not sign the artifact URL', { cause: error });
    }
  }

  private expiry(seconds: number): string {
    return new Date(this.now().getTime() + seconds * 1000).toISOString();
  }
}

/** RFC 6266 attachment header; the ASCII fallback drops anything that could break the header. */
function contentDisposition(filename: string): string {
  const base = filename.split('/').pop() ?? 'download';
  const ascii = base.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

function isMissing(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = errorName(error);
  return status === 404 || name === 'NotFound' || name === 'NoSuchKey';
}
