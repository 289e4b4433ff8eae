import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testApp, uniqueId } from '#test/helpers/stack.js';

const { infra, close } = testApp();
afterAll(close);

describe('S3ArtifactStore multipart on the local S3 server', () => {
  it('uploads parts through presigned URLs, lists them for resume, completes and digests in a stream', async () => {
    const key = `test/${uniqueId('mp')}`;
    const parts = [randomBytes(70_000), randomBytes(70_000), randomBytes(1234)];
    const uploadId = await infra.artifacts.createMultipartUpload(key, 'application/octet-stream');

    for (const [index, body] of parts.entries()) {
      const sha256 = createHash('sha256').update(body);
      const url = await infra.artifacts.presignUploadPart({
        key,
        uploadId,
        partNumber: index + 1,
        size: body.length,
        sha256Hex: sha256.copy().digest('hex'),
        expiresInSeconds: 60,
      });
      expect(url.headers).toEqual({
        'content-length': String(body.length),
        'x-amz-checksum-sha256': sha256.digest('base64'),
      });
      // The part's checksum is signed: other bytes of its length are refused as they arrive.
      const forged = await fetch(url.url, {
        method: 'PUT',
        headers: url.headers,
        body: randomBytes(body.length),
      });
      expect(forged.status).toBe(400);
      expect(await forged.text()).toContain('BadDigest');
      expect((await fetch(url.url, { method: 'PUT', headers: url.headers, body })).status).toBe(200);
      if (index === 1) {
        const listed = await infra.artifacts.listParts(key, uploadId);
        expect(listed.map((part) => [part.partNumber, part.size])).toEqual([
          [1, 70_000],
          [2, 70_000],
        ]);
        expect(listed[0]?.etag).toBe(
          `"${createHash('md5')
            .update(parts[0] as Buffer)
            .digest('hex')}"`,
        );
        // Kept as S3 keeps it, to be given back on completion.
        expect(listed[0]?.checksumSha256).toBe(
          createHash('sha256')
            .update(parts[0] as Buffer)
            .digest('base64'),
        );
      }
    }
    const held = await infra.artifacts.listParts(key, uploadId);
    await infra.artifacts.completeMultipartUpload(key, uploadId, held);
    // A retry whose first attempt completed (its answer lost): S3 forgot the upload id, the object is
    // there, so completing again succeeds instead of answering UPLOAD_NOT_FOUND.
    await infra.artifacts.completeMultipartUpload(key, uploadId, held);

    const whole = Buffer.concat(parts);
    expect(await infra.artifacts.digest(key)).toEqual({
      size: whole.length,
      sha256Hex: createHash('sha256').update(whole).digest('hex'),
    });
    // s3rver keeps no checksums: the caller must fall back to digest().
    expect(await infra.artifacts.storedSha256(key)).toBeUndefined();
    await infra.artifacts.delete(key);
    expect(await infra.artifacts.digest(key)).toBeUndefined();
  });

  it('aborts an upload so that neither listing nor new parts nor completion work any more', async () => {
    const key = `test/${uniqueId('abort')}`;
    const uploadId = await infra.artifacts.createMultipartUpload(key, 'application/octet-stream');
    await infra.artifacts.abortMultipartUpload(key, uploadId);
    await expect(infra.artifacts.listParts(key, uploadId)).rejects.toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
    });
    const url = await infra.artifacts.presignUploadPart({
      key,
      uploadId,
      partNumber: 1,
      size: 3,
      sha256Hex: createHash('sha256').update('abc').digest('hex'),
      expiresInSeconds: 60,
    });
    expect((await fetch(url.url, { method: 'PUT', headers: url.headers, body: 'abc' })).status).toBe(404);
    await expect(infra.artifacts.completeMultipartUpload(key, uploadId, [])).rejects.toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
    });
    // Aborting twice is fine.
    await infra.artifacts.abortMultipartUpload(key, uploadId);
  });

  it('answers UPLOAD_NOT_FOUND for an upload id that never existed', async () => {
    await expect(infra.artifacts.listParts(`test/${uniqueId('x')}`, '0'.repeat(32))).rejects.toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
    });
  });
});
