/**
 * Artifact storage on S3. Clients move bytes directly to and from S3 with short-lived presigned URLs;
 * this adapter only signs URLs and inspects objects, it never proxies artifact bytes.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { DependencyError } from '../../domain/errors.js';

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

export class S3ArtifactStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    private readonly now: () => Date = () => new Date(),
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
   * A PUT URL bound to the exact size and SHA-256 (base64) of the declared body: both are signed
   * headers, so in S3 a different body fails the signature or the checksum check.
   */
  async presignPut(input: {
    key: string;
    size: number;
    sha256Base64: string;
    contentType: string;
    expiresInSeconds: number;
  }): Promise<PresignedRequest> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: input.key,
      ContentLength: input.size,
      ContentType: input.contentType,
      ChecksumSHA256: input.sha256Base64,
    });
    const url = await this.sign(
      command,
      input.expiresInSeconds,
      new Set(['content-length', 'content-type', 'x-amz-checksum-sha256']),
    );
    return {
      url,
      headers: {
        'content-length': String(input.size),
        'content-type': input.contentType,
        'x-amz-checksum-sha256': input.sha256Base64,
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
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as { name?: string }).name === 'NotFound') return undefined;
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

  private async sign(
    command: PutObjectCommand | GetObjectCommand,
    expiresIn: number,
    signableHeaders: Set<string>,
  ): Promise<string> {
    try {
      return await getSignedUrl(this.s3, command, { expiresIn, signableHeaders });
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
