import { randomBytes } from 'node:crypto';
import { PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { createS3Client } from '#adapters/s3/clients.js';
import type { SignedIn } from '#test/helpers/auth.js';
import { stack, uniqueId } from '#test/helpers/stack.js';
import { storedFile } from '#test/helpers/stored-files.js';
import { call, catalogueApp, createModel, offerInput, sha256Hex, signIn } from './catalogue-helpers.js';

const { app, infra, close } = catalogueApp();
let owner: SignedIn;
beforeAll(async () => {
  owner = await signIn(app);
});
afterAll(async () => {
  s3.destroy();
  await close();
});

const PART = 65536;

/** What POST …/parts asks for: each part's number and the SHA-256 of its bytes in `bytes`. */
const partsOf = (bytes: Buffer, numbers: readonly number[]) =>
  numbers.map((partNumber) => ({
    partNumber,
    sha256: sha256Hex(bytes.subarray((partNumber - 1) * PART, Math.min(partNumber * PART, bytes.length))),
  }));

async function newVersion(slug: string) {
  const modelId = await createModel(app, owner, slug);
  const created = await call(app, 'POST', `/models/${modelId}/versions`, owner, {
    version: '1.0.0',
    changelog: 'first',
  });
  expect(created.status).toBe(201);
  expect(created.body.status).toBe('uploading');
  return { modelId, base: `/models/${modelId}/versions/1.0.0` };
}

/** The local S3 server written with the server's own credentials, as a store that checks nothing would take it. */
const s3 = createS3Client({
  region: 'us-east-1',
  endpoint: stack().env.S3_ENDPOINT,
  credentials: LOCAL_STAND_IN_CREDENTIALS,
});
const bucket = stack().env.BUCKET_NAME as string;
const putDirectly = (key: string, body: Buffer) =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const uploadPartDirectly = (key: string, uploadId: string, partNumber: number, body: Buffer) =>
  s3.send(
    new UploadPartCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      Body: body,
    }),
  );

async function download(key: string): Promise<Buffer> {
  const get = await infra.artifacts.presignGet({ key, expiresInSeconds: 60 });
  const response = await fetch(get.url);
  return Buffer.from(await response.arrayBuffer());
}

describe('uploads straight to S3', () => {
  it('creates, uploads a small file by presigned PUT and a multipart file resumed halfway, publishes, and serves the same bytes', async () => {
    const { modelId, base } = await newVersion(uniqueId('flow').toLowerCase().slice(0, 40));

    // Small file: one presigned PUT bound to size and SHA-256.
    const small = randomBytes(1000);
    const declaredSmall = await call(app, 'POST', `${base}/files`, owner, {
      path: 'config/config.json',
      size: small.length,
      sha256: sha256Hex(small),
      contentType: 'application/json',
    });
    expect(declaredSmall.status).toBe(201);
    expect(declaredSmall.body.upload.kind).toBe('single');
    expect(declaredSmall.body.upload.headers['x-amz-checksum-sha256']).toBe(
      Buffer.from(sha256Hex(small), 'hex').toString('base64'),
    );
    const put = await fetch(declaredSmall.body.upload.url, {
      method: 'PUT',
      headers: declaredSmall.body.upload.headers,
      body: small,
    });
    expect(put.status).toBe(200);
    const smallDone = await call(app, 'POST', `${base}/files/${declaredSmall.body.fileId}/complete`, owner);
    expect(smallDone.status).toBe(200);
    expect(smallDone.body.status).toBe('uploaded');

    // Large file: 4 parts (3 full + a short last one).
    const large = randomBytes(PART * 3 + 1234);
    const declaredLarge = await call(app, 'POST', `${base}/files`, owner, {
      path: 'weights/model.safetensors',
      size: large.length,
      sha256: sha256Hex(large),
    });
    expect(declaredLarge.status).toBe(201);
    expect(declaredLarge.body.upload).toMatchObject({ kind: 'multipart', partSize: PART, partCount: 4 });
    const fileId = declaredLarge.body.fileId;

    // The first client uploads parts 1 and 2, then "crashes".
    const firstBatch = await call(app, 'POST', `${base}/files/${fileId}/parts`, owner, {
      parts: partsOf(large, [1, 2]),
    });
    expect(firstBatch.status).toBe(200);
    for (const part of firstBatch.body.parts) {
      const slice = large.subarray((part.partNumber - 1) * PART, part.partNumber * PART);
      const response = await fetch(part.url, { method: 'PUT', headers: part.headers, body: slice });
      expect(response.status).toBe(200);
    }
    const early = await call(app, 'POST', `${base}/files/${fileId}/complete`, owner);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('UPLOAD_INCOMPLETE');

    // A new client asks what S3 holds and uploads only what is missing.
    const progress = await call(app, 'GET', `${base}/files/${fileId}/parts`, owner);
    expect(progress.status).toBe(200);
    expect(progress.body.parts.map((part: { partNumber: number }) => part.partNumber)).toEqual([1, 2]);
    expect(progress.body.missing).toEqual([3, 4]);
    const secondBatch = await call(app, 'POST', `${base}/files/${fileId}/parts`, owner, {
      parts: partsOf(large, progress.body.missing),
    });
    for (const part of secondBatch.body.parts) {
      const slice = large.subarray(
        (part.partNumber - 1) * PART,
        Math.min(part.partNumber * PART, large.length),
      );
      expect(slice.length).toBe(part.size);
      const response = await fetch(part.url, { method: 'PUT', headers: part.headers, body: slice });
      expect(response.status).toBe(200);
    }
    const held = await call(app, 'GET', `${base}/files/${fileId}/parts`, owner);
    expect(held.body.missing).toEqual([]);
    const largeDone = await call(app, 'POST', `${base}/files/${fileId}/complete`, owner, {
      parts: held.body.parts.map((part: { partNumber: number; etag: string }) => ({
        partNumber: part.partNumber,
        etag: part.etag,
      })),
    });
    expect(largeDone.status).toBe(200);
    expect(largeDone.body.status).toBe('uploaded');

    // Publish the version: manifest frozen and hashed.
    const ready = await call(app, 'GET', base, owner);
    expect(ready.body.status).toBe('ready');
    const published = await call(app, 'POST', `${base}/publish`, owner);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect(published.body.manifestHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(published.body.files.map((file: { path: string }) => file.path)).toEqual([
      'config/config.json',
      'weights/model.safetensors',
    ]);
    expect(JSON.stringify(published.body)).not.toContain('artifacts/');

    const offer = await call(app, 'POST', `/models/${modelId}/offers`, owner, offerInput());
    expect(offer.status).toBe(201);
    const live = await call(app, 'POST', `/models/${modelId}/publish`, owner);
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('published');
    expect(live.body.latestVersion).toBe('1.0.0');

    // Download the bytes back by their storage keys.
    const largeFile = await storedFile(infra.table, modelId, '1.0.0', 'weights/model.safetensors');
    expect(largeFile).toMatchObject({ status: 'uploaded', versionPublished: true, size: large.length });
    expect(sha256Hex(await download(largeFile.storageKey))).toBe(sha256Hex(large));
    const smallFile = await storedFile(infra.table, modelId, '1.0.0', 'config/config.json');
    expect(sha256Hex(await download(smallFile.storageKey))).toBe(sha256Hex(small));

    // Published versions are immutable.
    const late = await call(app, 'POST', `${base}/files`, owner, {
      path: 'extra.txt',
      size: 1,
      sha256: sha256Hex('x'),
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('VERSION_PUBLISHED');
    const removal = await call(app, 'DELETE', `${base}/files/${fileId}`, owner);
    expect(removal.status).toBe(409);
  });

  it('verified bytes never change: a PUT to an old upload URL after complete (even after publishing) reaches no download', async () => {
    const { modelId, base } = await newVersion(uniqueId('immutable').toLowerCase().slice(0, 40));
    const original = randomBytes(2000);
    const declared = await call(app, 'POST', `${base}/files`, owner, {
      path: 'weights.bin',
      size: original.length,
      sha256: sha256Hex(original),
    });
    const { upload } = declared.body;
    const { storageKey, uploadKey } = await storedFile(infra.table, modelId, '1.0.0', 'weights.bin');
    // The upload URL names the staging key only; the checksum is a signed header, not a query parameter.
    const url = new URL(upload.url);
    expect(uploadKey).toMatch(/^artifacts\/uploads\//);
    expect(decodeURIComponent(url.pathname)).toContain(uploadKey);
    expect(decodeURIComponent(url.pathname)).not.toContain(`/${storageKey}`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'x-amz-checksum-sha256']),
    );
    expect([...url.searchParams.keys()].map((key) => key.toLowerCase())).not.toContain(
      'x-amz-checksum-sha256',
    );

    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: original })).status).toBe(
      200,
    );
    const done = await call(app, 'POST', `${base}/files/${declared.body.fileId}/complete`, owner);
    expect(done.body.status).toBe('uploaded');
    // Verified and copied: the staging object is gone, the file's own key holds the bytes.
    expect(await infra.artifacts.head(uploadKey as string)).toBeUndefined();
    expect(sha256Hex(await download(storageKey))).toBe(sha256Hex(original));

    // Other bytes of the same length through the same URL: refused (the checksum is signed). Even
    // written to the staging key by other means, they reach no download.
    const forged = randomBytes(original.length);
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: forged })).status).toBe(
      400,
    );
    await putDirectly(uploadKey as string, forged);
    expect(sha256Hex(await download(storageKey))).toBe(sha256Hex(original));
    await call(app, 'POST', `/models/${modelId}/offers`, owner, offerInput());
    expect((await call(app, 'POST', `${base}/publish`, owner)).status).toBe(200);
    // The same URL with the original bytes still writes, but only the staging object.
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: original })).status).toBe(
      200,
    );
    await putDirectly(uploadKey as string, forged);
    // What a download hands out is the verified copy.
    const served = await call(
      app,
      'GET',
      `/models/${modelId}/versions/1.0.0/files/${encodeURIComponent('weights.bin')}/download`,
      owner,
    );
    expect(served.status).toBe(200);
    expect(new URL(served.body.url).pathname).not.toContain('uploads');
    const bytes = Buffer.from(await (await fetch(served.body.url)).arrayBuffer());
    expect(sha256Hex(bytes)).toBe(sha256Hex(original));
    // Completing again changes nothing either: the file is uploaded, its copy is not redone.
    await call(app, 'POST', `${base}/files/${declared.body.fileId}/complete`, owner);
    expect(sha256Hex(await download(storageKey))).toBe(sha256Hex(original));
  });

  it('a multipart upload is verified as its copy, and its part URLs are dead once it completes', async () => {
    const { modelId, base } = await newVersion(uniqueId('immutable-mp').toLowerCase().slice(0, 40));
    const original = randomBytes(PART * 2 + 77);
    const declared = await call(app, 'POST', `${base}/files`, owner, {
      path: 'shard.bin',
      size: original.length,
      sha256: sha256Hex(original),
    });
    const fileId = declared.body.fileId;
    const urls = await call(app, 'POST', `${base}/files/${fileId}/parts`, owner, {
      parts: partsOf(original, [1, 2, 3]),
    });
    const slice = (n: number) => original.subarray((n - 1) * PART, Math.min(n * PART, original.length));
    for (const part of urls.body.parts) {
      expect(new URL(part.url).pathname).toContain('/artifacts/uploads/');
      await fetch(part.url, { method: 'PUT', headers: part.headers, body: slice(part.partNumber) });
    }
    expect((await call(app, 'POST', `${base}/files/${fileId}/complete`, owner)).body.status).toBe('uploaded');
    const { storageKey } = await storedFile(infra.table, modelId, '1.0.0', 'shard.bin');
    const [first] = urls.body.parts;
    // Even with the right bytes: the upload is gone, so is every URL of it.
    const late = await fetch(first.url, { method: 'PUT', headers: first.headers, body: slice(1) });
    expect(late.status).toBe(404);
    expect(await late.text()).toContain('NoSuchUpload');
    expect(sha256Hex(await download(storageKey))).toBe(sha256Hex(original));
  });

  it("reuses bytes its owner already uploaded, never another owner's, and never a copy that is gone", async () => {
    const bytes = randomBytes(3000);
    const declare = (as: SignedIn, base: string, path: string) =>
      call(app, 'POST', `${base}/files`, as, { path, size: bytes.length, sha256: sha256Hex(bytes) });
    const first = await newVersion(uniqueId('reuse-a').toLowerCase().slice(0, 40));
    const original = await declare(owner, first.base, 'w.bin');
    expect(original.body.upload.kind).toBe('single');
    await fetch(original.body.upload.url, {
      method: 'PUT',
      headers: original.body.upload.headers,
      body: bytes,
    });
    expect(
      (await call(app, 'POST', `${first.base}/files/${original.body.fileId}/complete`, owner)).body.status,
    ).toBe('uploaded');

    // The same owner, another model: copied from the verified copy, already uploaded, nothing to send.
    const second = await newVersion(uniqueId('reuse-b').toLowerCase().slice(0, 40));
    const reused = await declare(owner, second.base, 'copy.bin');
    expect(reused.status).toBe(201);
    expect(reused.body.upload).toEqual({ kind: 'reused' });
    expect(reused.body.file.status).toBe('uploaded');
    const copy = await storedFile(infra.table, second.modelId, '1.0.0', 'copy.bin');
    expect(copy.storageKey).not.toBe(
      (await storedFile(infra.table, first.modelId, '1.0.0', 'w.bin')).storageKey,
    );
    expect(sha256Hex(await download(copy.storageKey))).toBe(sha256Hex(bytes));
    expect((await call(app, 'GET', second.base, owner)).body.status).toBe('ready');

    // Another owner who knows the hash (a published manifest shows it) gets an upload to make, and
    // completing without sending the bytes attaches nothing.
    const stranger = await signIn(app);
    const theirModel = await createModel(app, stranger, uniqueId('reuse-c').toLowerCase().slice(0, 40));
    await call(app, 'POST', `/models/${theirModel}/versions`, stranger, { version: '1.0.0' });
    const theirBase = `/models/${theirModel}/versions/1.0.0`;
    const theirs = await declare(stranger, theirBase, 'w.bin');
    expect(theirs.body.upload.kind).toBe('single');
    const attached = await call(app, 'POST', `${theirBase}/files/${theirs.body.fileId}/complete`, stranger);
    expect({ status: attached.status, code: attached.body.error?.code }).toEqual({
      status: 409,
      code: 'UPLOAD_INCOMPLETE',
    });

    // A copy that is gone (its file removed from an unpublished version) is not reused: upload as usual.
    const other = randomBytes(2000);
    const third = await newVersion(uniqueId('reuse-d').toLowerCase().slice(0, 40));
    const removable = await call(app, 'POST', `${third.base}/files`, owner, {
      path: 'gone.bin',
      size: other.length,
      sha256: sha256Hex(other),
    });
    await fetch(removable.body.upload.url, {
      method: 'PUT',
      headers: removable.body.upload.headers,
      body: other,
    });
    await call(app, 'POST', `${third.base}/files/${removable.body.fileId}/complete`, owner);
    expect((await call(app, 'DELETE', `${third.base}/files/${removable.body.fileId}`, owner)).status).toBe(
      204,
    );
    const again = await call(app, 'POST', `${second.base}/files`, owner, {
      path: 'gone-again.bin',
      size: other.length,
      sha256: sha256Hex(other),
    });
    expect(again.status).toBe(201);
    expect(again.body.upload.kind).toBe('single');
    expect(again.body.file.status).toBe('pending');
  });

  it('rejects a single PUT whose bytes do not match the declared SHA-256, at upload and at complete, leaving nothing behind', async () => {
    const { modelId, base } = await newVersion(uniqueId('badhash').toLowerCase().slice(0, 40));
    const declaredBytes = randomBytes(500);
    const declared = await call(app, 'POST', `${base}/files`, owner, {
      path: 'a.bin',
      size: declaredBytes.length,
      sha256: sha256Hex(declaredBytes),
    });
    const { storageKey, uploadKey } = await storedFile(infra.table, modelId, '1.0.0', 'a.bin');
    // The signed checksum makes the store itself refuse other bytes.
    const refused = await fetch(declared.body.upload.url, {
      method: 'PUT',
      headers: declared.body.upload.headers,
      body: randomBytes(500),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<Code>BadDigest</Code>');
    expect(await infra.artifacts.head(uploadKey as string)).toBeUndefined();
    const early = await call(app, 'POST', `${base}/files/${declared.body.fileId}/complete`, owner);
    expect(early.body.error.code).toBe('UPLOAD_INCOMPLETE');

    // A store that kept them anyway (written here with the server's own credentials): complete catches them.
    await putDirectly(uploadKey as string, randomBytes(500));
    const done = await call(app, 'POST', `${base}/files/${declared.body.fileId}/complete`, owner);
    expect(done.status).toBe(422);
    expect(done.body.error.code).toBe('CHECKSUM_MISMATCH');
    expect(await infra.artifacts.head(storageKey)).toBeUndefined();
    expect(await infra.artifacts.head(uploadKey as string)).toBeUndefined();
    const version = await call(app, 'GET', base, owner);
    expect(version.body.files).toEqual([]);
    expect(version.body.status).toBe('uploading');
  });

  it('rejects a multipart upload of the wrong size, at upload and at complete, aborts it and leaves nothing behind', async () => {
    const { modelId, base } = await newVersion(uniqueId('badsize').toLowerCase().slice(0, 40));
    const bytes = randomBytes(PART * 2 + 10);
    const declared = await call(app, 'POST', `${base}/files`, owner, {
      path: 'big.bin',
      size: bytes.length,
      sha256: sha256Hex(bytes),
    });
    const fileId = declared.body.fileId;
    const { storageKey, uploadKey } = await storedFile(infra.table, modelId, '1.0.0', 'big.bin');
    const urls = await call(app, 'POST', `${base}/files/${fileId}/parts`, owner, {
      parts: partsOf(bytes, [1, 2, 3]),
    });
    for (const part of urls.body.parts.slice(0, 2)) {
      const slice = bytes.subarray((part.partNumber - 1) * PART, part.partNumber * PART);
      expect((await fetch(part.url, { method: 'PUT', headers: part.headers, body: slice })).status).toBe(200);
    }
    // The last part sent short: its length is signed, so the store refuses it.
    const last = urls.body.parts[2];
    const short = await fetch(last.url, { method: 'PUT', body: bytes.subarray(2 * PART, bytes.length - 5) });
    expect(short.status).toBe(403);
    expect(await short.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    // A store that took it anyway (the server's own credentials): complete finds the wrong size.
    await uploadPartDirectly(
      uploadKey as string,
      declared.body.upload.uploadId,
      3,
      bytes.subarray(2 * PART, bytes.length - 5),
    );
    const done = await call(app, 'POST', `${base}/files/${fileId}/complete`, owner);
    expect(done.status).toBe(422);
    expect(done.body.error.code).toBe('SIZE_MISMATCH');
    expect(await infra.artifacts.head(storageKey)).toBeUndefined();
    await expect(
      infra.artifacts.listParts(uploadKey as string, declared.body.upload.uploadId),
    ).rejects.toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
    });
    expect((await call(app, 'GET', base, owner)).body.files).toEqual([]);
  });

  it('aborts an upload on DELETE and frees the path', async () => {
    const { base } = await newVersion(uniqueId('abort').toLowerCase().slice(0, 40));
    const body = { path: 'w.bin', size: PART * 2, sha256: sha256Hex('whatever') };
    const declared = await call(app, 'POST', `${base}/files`, owner, body);
    expect((await call(app, 'POST', `${base}/files`, owner, body)).body.error.code).toBe('FILE_EXISTS');
    expect((await call(app, 'DELETE', `${base}/files/${declared.body.fileId}`, owner)).status).toBe(204);
    expect((await call(app, 'GET', `${base}/files/${declared.body.fileId}/parts`, owner)).status).toBe(404);
    expect((await call(app, 'POST', `${base}/files`, owner, body)).status).toBe(201);
  });

  it('refuses unsafe paths, oversize part batches, and publishing a version that is not ready', async () => {
    const { base } = await newVersion(uniqueId('paths').toLowerCase().slice(0, 40));
    for (const path of [
      '../etc/passwd',
      '/abs',
      'a/../b',
      'a//b',
      'bad\u0001name',
      'a\\b',
      'x'.repeat(513),
    ]) {
      const response = await call(app, 'POST', `${base}/files`, owner, {
        path,
        size: 1,
        sha256: sha256Hex('x'),
      });
      expect(response.status, path).toBe(400);
    }
    expect((await call(app, 'POST', `${base}/publish`, owner)).body.error.code).toBe('VERSION_NOT_READY');
    const declared = await call(app, 'POST', `${base}/files`, owner, {
      path: 'm.bin',
      size: PART * 3,
      sha256: sha256Hex('y'),
    });
    const tooMany = await call(app, 'POST', `${base}/files/${declared.body.fileId}/parts`, owner, {
      parts: Array.from({ length: 101 }, (_, i) => ({ partNumber: i + 1, sha256: sha256Hex('y') })),
    });
    expect(tooMany.status).toBe(400);
    const outOfRange = await call(app, 'POST', `${base}/files/${declared.body.fileId}/parts`, owner, {
      parts: [{ partNumber: 4, sha256: sha256Hex('y') }],
    });
    expect(outOfRange.body.error.code).toBe('INVALID_PART_NUMBER');
  });

  it('enforces the maximum file size from config', async () => {
    const small = catalogueApp({ UPLOAD_MAX_FILE_BYTES: '1000' });
    try {
      const user = await signIn(small.app);
      const modelId = await createModel(small.app, user, uniqueId('max').toLowerCase().slice(0, 40));
      await call(small.app, 'POST', `/models/${modelId}/versions`, user, { version: '1.0.0' });
      const tooBig = await call(small.app, 'POST', `/models/${modelId}/versions/1.0.0/files`, user, {
        path: 'big.bin',
        size: 1001,
        sha256: sha256Hex('x'),
      });
      expect(tooBig.status).toBe(422);
      expect(tooBig.body.error.code).toBe('FILE_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('lets one of two concurrent completes verify, and tells the other to retry', async () => {
    const { base } = await newVersion(uniqueId('race').toLowerCase().slice(0, 40));
    const bytes = randomBytes(PART + 7);
    const declared = await call(app, 'POST', `${base}/files`, owner, {
      path: 'r.bin',
      size: bytes.length,
      sha256: sha256Hex(bytes),
    });
    const urls = await call(app, 'POST', `${base}/files/${declared.body.fileId}/parts`, owner, {
      parts: partsOf(bytes, [1, 2]),
    });
    for (const part of urls.body.parts) {
      const slice = bytes.subarray(
        (part.partNumber - 1) * PART,
        Math.min(part.partNumber * PART, bytes.length),
      );
      await fetch(part.url, { method: 'PUT', headers: part.headers, body: slice });
    }
    const [first, second] = await Promise.all([
      call(app, 'POST', `${base}/files/${declared.body.fileId}/complete`, owner),
      call(app, 'POST', `${base}/files/${declared.body.fileId}/complete`, owner),
    ]);
    const loser = [first, second].find((response) => response.status !== 200);
    expect([first.status, second.status]).toContain(200);
    if (loser) {
      expect(loser.status).toBe(409);
      expect(loser.body.error.code).toBe('UPLOAD_COMPLETING');
    }
    const retry = await call(app, 'POST', `${base}/files/${declared.body.fileId}/complete`, owner);
    expect(retry.status).toBe(200);
    expect(retry.body.status).toBe('uploaded');
    expect((await call(app, 'GET', base, owner)).body.status).toBe('ready');
  });
});
