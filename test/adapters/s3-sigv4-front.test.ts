/**
 * The local S3 stand-in's verifying front (scripts/local-stack/s3-sigv4-front.ts), proven against the
 * AWS SDK's own presigned URLs and header-signed requests: valid ones pass, and each tampered field is
 * refused with S3's error code — method, key, query, a signed header's value, the body against its
 * signed checksum, expiry, credentials, a missing signature.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { createS3Client } from '#adapters/s3/clients.js';
import { stack, uniqueId } from '#test/helpers/stack.js';

const endpoint = stack().env.S3_ENDPOINT as string;
const bucket = stack().env.BUCKET_NAME as string;
const s3 = createS3Client({ region: 'us-east-1', endpoint, credentials: LOCAL_STAND_IN_CREDENTIALS });
afterAll(() => s3.destroy());

const body = randomBytes(4096);
const sha256 = createHash('sha256').update(body).digest('base64');
let key: string;

/** A presigned PUT as S3ArtifactStore makes it: length and checksum signed as headers. */
async function presignedPut(target: string, options: { signingDate?: Date; client?: S3Client } = {}) {
  const url = await getSignedUrl(
    options.client ?? s3,
    new PutObjectCommand({ Bucket: bucket, Key: target, ContentLength: body.length, ChecksumSHA256: sha256 }),
    {
      expiresIn: 60,
      signableHeaders: new Set(['content-length', 'x-amz-checksum-sha256']),
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      ...(options.signingDate ? { signingDate: options.signingDate } : {}),
    },
  );
  return { url, headers: { 'content-length': String(body.length), 'x-amz-checksum-sha256': sha256 } };
}

const presignedGet = (target: string) =>
  getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: target }), { expiresIn: 60 });

async function refusal(response: Response) {
  const text = await response.text();
  return { status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
}

beforeAll(async () => {
  key = `test/${uniqueId('front')}`;
  const { url, headers } = await presignedPut(key);
  const put = await fetch(url, { method: 'PUT', headers, body });
  expect(put.status).toBe(200);
});

describe('the SigV4 front of the local S3 server', () => {
  it("lets the SDK's own presigned GET and header-signed requests through", async () => {
    const get = await fetch(await presignedGet(key));
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(body.length);
  });

  it('refuses unsigned requests and a URL without its signature', async () => {
    expect(await refusal(await fetch(`${endpoint}/${bucket}/${key}`))).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
    const url = new URL(await presignedGet(key));
    url.searchParams.delete('X-Amz-Signature');
    expect(await refusal(await fetch(url))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('binds a URL to its method, its key and its query', async () => {
    const get = await presignedGet(key);
    // A download URL sent as a PUT does not overwrite the object.
    expect(await refusal(await fetch(get, { method: 'PUT', body: randomBytes(10) }))).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    const other = new URL(get);
    other.pathname = other.pathname.replace(key, `test/${uniqueId('other')}`);
    expect(await refusal(await fetch(other))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    const longer = new URL(get);
    longer.searchParams.set('X-Amz-Expires', '604800');
    expect(await refusal(await fetch(longer))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect((await fetch(get)).status).toBe(200);
  });

  it('binds a PUT to its signed length and checksum, and the body to the checksum', async () => {
    const target = `test/${uniqueId('put')}`;
    const { url, headers } = await presignedPut(target);
    const other = createHash('sha256').update('other').digest('base64');
    expect(
      await refusal(
        await fetch(url, { method: 'PUT', headers: { ...headers, 'x-amz-checksum-sha256': other }, body }),
      ),
    ).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    // Another length: the signed content-length no longer matches.
    expect(
      await refusal(
        await fetch(url, {
          method: 'PUT',
          headers: { 'x-amz-checksum-sha256': sha256 },
          body: body.subarray(1),
        }),
      ),
    ).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    // The signed length and checksum with other bytes of that length: the checksum catches them.
    expect(
      await refusal(await fetch(url, { method: 'PUT', headers, body: randomBytes(body.length) })),
    ).toEqual({
      status: 400,
      code: 'BadDigest',
    });
    // Nothing of the refused bodies was stored.
    expect((await fetch(await presignedGet(target))).status).toBe(404);
    expect((await fetch(url, { method: 'PUT', headers, body })).status).toBe(200);
  });

  it('refuses an expired URL, and one signed with other credentials', async () => {
    const { url, headers } = await presignedPut(`test/${uniqueId('late')}`, {
      signingDate: new Date(Date.now() - 120_000),
    });
    const late = await fetch(url, { method: 'PUT', headers, body });
    const text = await late.text();
    expect(late.status).toBe(403);
    expect(text).toContain('<Code>AccessDenied</Code>');
    expect(text).toContain('Request has expired');

    const forger = createS3Client({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: LOCAL_STAND_IN_CREDENTIALS.accessKeyId, secretAccessKey: 'guessed' },
    });
    const stranger = createS3Client({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'SOMEONE', secretAccessKey: 'ELSE' },
    });
    try {
      const forged = await presignedPut(`test/${uniqueId('forged')}`, { client: forger });
      expect(
        await refusal(await fetch(forged.url, { method: 'PUT', headers: forged.headers, body })),
      ).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
      });
      await expect(stranger.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 403 },
      });
      await expect(stranger.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({
        name: 'InvalidAccessKeyId',
      });
    } finally {
      forger.destroy();
      stranger.destroy();
    }
  });

  it('refuses a header-signed request whose clock is 20 minutes off', async () => {
    const skewed = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: LOCAL_STAND_IN_CREDENTIALS,
      systemClockOffset: -20 * 60_000,
      // One attempt: the SDK would otherwise correct its clock from the answer and retry.
      maxAttempts: 1,
    });
    try {
      await expect(skewed.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({
        name: 'RequestTimeTooSkewed',
      });
    } finally {
      skewed.destroy();
    }
  });
});
