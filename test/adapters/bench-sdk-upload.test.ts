/**
 * The upload benchmark's plain-SDK baseline survives the s3rver trap our own store handles: a
 * CompleteMultipartUpload whose answer is lost after s3rver assembled the object, so the SDK's retry
 * gets NoSuchUpload. Reproduced for real: the first complete goes through, its answer is dropped and
 * the same request is sent again, exactly what a timed-out attempt plus the SDK's retry does.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { createS3Client } from '#adapters/s3/clients.js';
import { libStorageUpload } from '#bench/lib/sdk-upload.js';
import { stack, uniqueId } from '#test/helpers/stack.js';

const s3 = createS3Client({
  region: 'us-east-1',
  endpoint: stack().s3Endpoint,
  credentials: LOCAL_STAND_IN_CREDENTIALS,
});
afterAll(() => s3.destroy());

// lib-storage's minimum part size is 5 MiB: two parts and a bit.
const PART = 5 * 1024 * 1024;
const bytes = randomBytes(2 * PART + 1000);

/** Sends every CompleteMultipartUpload twice and answers with the second: the first answer is "lost". */
s3.middlewareStack.add(
  (next, context) => async (args) => {
    if (context.commandName !== 'CompleteMultipartUploadCommand') return next(args);
    await next(args);
    return next(args);
  },
  { step: 'finalizeRequest', name: 'loseTheFirstCompleteAnswer' },
);

describe('the plain-SDK upload baseline (bench/lib/sdk-upload.ts)', () => {
  it('completes when the answer to CompleteMultipartUpload was lost and the retry gets NoSuchUpload', async () => {
    const key = `bench/${uniqueId('sdk')}`;
    const result = await libStorageUpload(s3, {
      bucket: stack().bucketName,
      key,
      body: Readable.from([bytes]),
      size: bytes.length,
      partSize: PART,
      queueSize: 2,
    });
    expect(result).toEqual({ recovered: true });
    const stored = await s3.send(new GetObjectCommand({ Bucket: stack().bucketName, Key: key }));
    expect(Buffer.from(await (stored.Body as Readable).toArray().then(Buffer.concat)).equals(bytes)).toBe(
      true,
    );
  });

  it('still fails when the object is not there', async () => {
    const key = `bench/${uniqueId('sdk')}`;
    const empty = createS3Client({
      region: 'us-east-1',
      endpoint: stack().s3Endpoint,
      credentials: LOCAL_STAND_IN_CREDENTIALS,
    });
    try {
      // Every part goes to an upload id that the server then forgets: nothing is ever assembled.
      empty.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'CompleteMultipartUploadCommand') {
            const error = Object.assign(new Error('The specified upload does not exist.'), {
              name: 'NoSuchUpload',
            });
            throw error;
          }
          return next(args);
        },
        { step: 'initialize', name: 'forgetTheUpload' },
      );
      await expect(
        libStorageUpload(empty, {
          bucket: stack().bucketName,
          key,
          body: Readable.from([bytes]),
          size: bytes.length,
          partSize: PART,
          queueSize: 2,
        }),
      ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    } finally {
      empty.destroy();
    }
  });
});
