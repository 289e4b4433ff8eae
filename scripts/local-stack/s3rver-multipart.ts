/**
 * s3rver 3.7.1 implements CreateMultipartUpload, UploadPart and CompleteMultipartUpload but not
 * ListParts, AbortMultipartUpload or UploadPartCopy (NotImplemented / MethodNotAllowed), and it accepts
 * parts for upload ids that do not exist. Resumable uploads and copies of objects above S3's 5 GiB
 * single-copy limit depend on exactly those, so the local stand-in gets them here, following S3's
 * documented behaviour, through s3rver's own on-disk upload directory
 * (`<bucket>/<uploads dir>/<uploadId>/{key, <partNumber>, <partNumber>.md5, <partNumber>.sha256}`)
 * and its `putPart`. A part's SHA-256 is kept when it arrives with one, as S3 keeps it.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface KoaLikeContext {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
  req: NodeJS.ReadableStream;
}

type Middleware = (ctx: KoaLikeContext, next: () => Promise<void>) => Promise<void>;

interface S3rverInternals {
  middleware: Middleware[];
  store: {
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    putPart(
      bucket: string,
      uploadId: string,
      partNumber: number,
      content: NodeJS.ReadableStream,
    ): Promise<{ size: number; md5: string }>;
  };
}

/** Installs the multipart extensions; call before `run()` (Koa composes middleware at listen time). */
export function addMultipartExtensions(server: unknown): void {
  const s3 = server as S3rverInternals;
  s3.middleware.unshift(async (ctx, next) => {
    const uploadId = typeof ctx.query.uploadId === 'string' ? ctx.query.uploadId : undefined;
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (!uploadId || !match) return next();
    const bucket = decodeURIComponent(match[1] ?? '');
    const key = decodeURIComponent(match[2] ?? '');
    if (!/^[0-9a-f]{32}$/.test(uploadId)) return noSuchUpload(ctx, uploadId);
    const dir = join(s3.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const storedKey = await readFile(join(dir, 'key'), 'utf8').catch(() => undefined);
    if (storedKey === undefined || storedKey !== key) {
      if (ctx.method === 'PUT' || ctx.method === 'GET' || ctx.method === 'DELETE' || ctx.method === 'POST') {
        // Drain the body so the client sees the error rather than a reset connection.
        if (ctx.method === 'PUT') for await (const _ of ctx.req) void _;
        return noSuchUpload(ctx, uploadId);
      }
      return next();
    }
    const copySource = ctx.headers['x-amz-copy-source'];
    if (ctx.method === 'PUT' && typeof copySource === 'string') {
      return uploadPartCopy(s3, ctx, { bucket, uploadId, copySource });
    }
    const checksum = ctx.headers['x-amz-checksum-sha256'];
    if (ctx.method === 'PUT' && typeof checksum === 'string') {
      // UploadPart with a checksum (the front checked it against the body): kept, as S3 keeps it, so
      // ListParts can return it and CompleteMultipartUpload be given it back.
      await next();
      if (ctx.status === 200) await writeFile(join(dir, `${Number(ctx.query.partNumber)}.sha256`), checksum);
      return;
    }
    if (ctx.method === 'DELETE') {
      await rm(dir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = '';
      return;
    }
    if (ctx.method === 'GET') {
      const maxParts = Math.min(Number(ctx.query['max-parts'] ?? 1000) || 1000, 1000);
      const marker = Number(ctx.query['part-number-marker'] ?? 0) || 0;
      const numbers = (await readdir(dir))
        .filter((name) => /^\d+$/.test(name))
        .map(Number)
        .filter((n) => n > marker)
        .sort((a, b) => a - b);
      const page = numbers.slice(0, maxParts);
      const parts = await Promise.all(
        page.map(async (n) => {
          const [info, md5, sha256] = await Promise.all([
            stat(join(dir, String(n))),
            readFile(join(dir, `${n}.md5`), 'utf8').catch(() => ''),
            readFile(join(dir, `${n}.sha256`), 'utf8').catch(() => undefined),
          ]);
          return { n, size: info.size, md5, sha256, modified: info.mtime.toISOString() };
        }),
      );
      // A part whose .md5 is not written yet is still arriving: S3 would not list it either.
      const listed = parts.filter((part) => part.md5 !== '');
      const truncated = numbers.length > page.length;
      ctx.status = 200;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>
<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${xml(bucket)}</Bucket><Key>${xml(key)}</Key><UploadId>${uploadId}</UploadId><PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker><MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>${listed
        .map(
          (part) =>
            `<Part><PartNumber>${part.n}</PartNumber><LastModified>${part.modified}</LastModified><ETag>"${part.md5}"</ETag>${part.sha256 ? `<ChecksumSHA256>${xml(part.sha256)}</ChecksumSHA256>` : ''}<Size>${part.size}</Size></Part>`,
        )
        .join('')}</ListPartsResult>`;
      return;
    }
    return next();
  });
}

/** UploadPartCopy: the part is the source object's byte range (`x-amz-copy-source-range`, or all of it). */
async function uploadPartCopy(
  s3: S3rverInternals,
  ctx: KoaLikeContext,
  target: { bucket: string; uploadId: string; copySource: string },
) {
  const partNumber = Number(ctx.query.partNumber);
  const [sourceBucket = '', ...sourceKey] = decodeURIComponent(target.copySource.replace(/^\//, '')).split(
    '/',
  );
  const sourcePath = s3.store.getResourcePath(sourceBucket, sourceKey.join('/'), 'object');
  const source = await stat(sourcePath).catch(() => undefined);
  if (!source) {
    ctx.status = 404;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`;
    return;
  }
  const range = /^bytes=(\d+)-(\d+)$/.exec(String(ctx.headers['x-amz-copy-source-range'] ?? ''));
  const [start, end] = range ? [Number(range[1]), Number(range[2])] : [0, source.size - 1];
  const { md5 } = await s3.store.putPart(
    target.bucket,
    target.uploadId,
    partNumber,
    createReadStream(sourcePath, { start, end }),
  );
  ctx.status = 200;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>
<CopyPartResult><LastModified>${new Date().toISOString()}</LastModified><ETag>"${md5}"</ETag></CopyPartResult>`;
}

function noSuchUpload(ctx: KoaLikeContext, uploadId: string) {
  ctx.status = 404;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${xml(uploadId)}</UploadId></Error>`;
}

function xml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
