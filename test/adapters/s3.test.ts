import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testApp, uniqueId } from '#test/helpers/stack.js';

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
});
