import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { createS3Client } from '#adapters/s3/clients.js';
import { S3ArtifactStore } from '#adapters/s3/s3-artifact-store.js';
import { stack, testApp, uniqueId } from '#test/helpers/stack.js';

const { infra, close } = testApp();
afterAll(close);

describe('S3ArtifactStore on the local S3 server', () => {
  it('round-trips bytes through a presigned PUT and a presigned GET, with Range', async () => {
    const key = `test/${uniqueId('obj')}`;
    const body = randomBytes(64 * 1024);
    const sha256Hex = createHash('sha256').update(body).digest('hex');

    const put = await infra.artifacts.presignPut({
      key,
      size: body.length,
      sha256Hex,
      contentType: 'application/octet-stream',
      expiresInSeconds: 300,
    });
    expect(put.url).toContain('X-Amz-Expires=300');
    expect(put.url).toContain('x-amz-checksum-sha256');
    expect(put.url).not.toContain('x-amz-checksum-crc32');
    expect(put.headers['x-amz-checksum-sha256']).toBe(createHash('sha256').update(body).digest('base64'));
    const uploaded = await fetch(put.url, { method: 'PUT', headers: put.headers, body });
    expect(uploaded.status).toBe(200);

    expect(await infra.artifacts.head(key)).toMatchObject({ size: body.length });

    const get = await infra.artifacts.presignGet({ key, filename: 'weights.bin', expiresInSeconds: 60 });
    const downloaded = await fetch(get.url);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(body)).toBe(true);

    const ranged = await fetch(get.url, { headers: { Range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true);
  });

  it('reports a missing object as undefined and deletes objects', async () => {
    const key = `test/${uniqueId('gone')}`;
    expect(await infra.artifacts.head(key)).toBeUndefined();
    const put = await infra.artifacts.presignPut({
      key,
      size: 3,
      sha256Hex: createHash('sha256').update('abc').digest('hex'),
      contentType: 'text/plain',
      expiresInSeconds: 60,
    });
    await fetch(put.url, { method: 'PUT', headers: put.headers, body: 'abc' });
    await infra.artifacts.delete(key);
    expect(await infra.artifacts.head(key)).toBeUndefined();
  });

  it('copies server-side: one CopyObject, or — above the single-copy limit — a multipart upload of part copies', async () => {
    const body = randomBytes(1000);
    const source = `test/${uniqueId('src')}`;
    const put = await infra.artifacts.presignPut({
      key: source,
      size: body.length,
      sha256Hex: createHash('sha256').update(body).digest('hex'),
      contentType: 'application/octet-stream',
      expiresInSeconds: 60,
    });
    await fetch(put.url, { method: 'PUT', headers: put.headers, body });
    const read = async (key: string) => {
      const get = await infra.artifacts.presignGet({ key, expiresInSeconds: 60 });
      return Buffer.from(await (await fetch(get.url)).arrayBuffer());
    };

    const whole = `test/${uniqueId('copy')}`;
    await infra.artifacts.copy(source, whole, body.length);
    expect((await read(whole)).equals(body)).toBe(true);

    // S3's 5 GiB single-copy limit scaled down, so the part copies run here on 1000 bytes: 4 parts.
    const small = new S3ArtifactStore(
      createS3Client({
        region: 'us-east-1',
        endpoint: stack().env.S3_ENDPOINT,
        credentials: LOCAL_STAND_IN_CREDENTIALS,
      }),
      stack().env.BUCKET_NAME as string,
      () => new Date(),
      { singleCopyLimit: 999, copyPartBytes: 300 },
    );
    const inParts = `test/${uniqueId('copy-parts')}`;
    await small.copy(source, inParts, body.length);
    expect((await read(inParts)).equals(body)).toBe(true);
    expect(await small.digest(inParts)).toEqual({
      size: body.length,
      sha256Hex: createHash('sha256').update(body).digest('hex'),
    });

    await expect(small.copy(`test/${uniqueId('missing')}`, inParts, body.length)).rejects.toMatchObject({
      code: 'UPLOAD_INCOMPLETE',
    });
    await expect(infra.artifacts.copy(`test/${uniqueId('missing')}`, whole, 10)).rejects.toMatchObject({
      code: 'UPLOAD_INCOMPLETE',
    });
  });
});
