/**
 * The upload benchmark's plain-SDK baseline: lib-storage's `Upload`, plus the one recovery our own
 * store has too (`S3ArtifactStore.completeMultipartUpload`). Under load s3rver can answer a slow
 * CompleteMultipartUpload after the SDK gave up on that attempt; the SDK's retry then finds the upload
 * id gone (NoSuchUpload) although the object was assembled. As in our store, the object decides:
 * present at the key with the expected size means the upload is done. Without this, `npm run bench`
 * died there and printed no figures at all.
 */
import type { Readable } from 'node:stream';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

export interface LibStorageUploadInput {
  bucket: string;
  key: string;
  body: Readable;
  /** The body's length: what the object must hold for a lost answer to count as done. */
  size: number;
  partSize: number;
  queueSize: number;
}

/** Uploads `body` with lib-storage; `recovered` says a lost CompleteMultipartUpload answer was survived. */
export async function libStorageUpload(
  s3: S3Client,
  input: LibStorageUploadInput,
): Promise<{ recovered: boolean }> {
  try {
    await new Upload({
      client: s3,
      params: { Bucket: input.bucket, Key: input.key, Body: input.body },
      partSize: input.partSize,
      queueSize: input.queueSize,
    }).done();
    return { recovered: false };
  } catch (error) {
    if ((error as { name?: unknown }).name !== 'NoSuchUpload') throw error;
    const head = await s3
      .send(new HeadObjectCommand({ Bucket: input.bucket, Key: input.key }))
      .catch((headError: unknown) => {
        if ((headError as { name?: unknown }).name === 'NotFound') return undefined;
        throw headError;
      });
    // Not there (or not all of it): the upload really was lost; report the original error.
    if (head?.ContentLength !== input.size) throw error;
    return { recovered: true };
  }
}
