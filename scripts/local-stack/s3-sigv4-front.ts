/**
 * A verifying front for the local S3 stand-in. s3rver checks no signature: an unsigned GET reads any
 * object and a download URL sent as a PUT overwrites it, so none of the presigned-URL guarantees we
 * rely on could be tested locally. This Koa middleware, put in front of s3rver's own, lets a request
 * through only as S3 would:
 *
 * - it carries a SigV4 signature, in the Authorization header or as a presigned query, which the AWS
 *   SDK's own signer (`@smithy/signature-v4`) recomputes with the stand-in's credentials from the
 *   request as received: method, path (the key), query and every signed header with its value — so
 *   another method, another key, or another value of a signed header such as `content-length` fails
 *   with `SignatureDoesNotMatch` (403);
 * - a presigned request is within its `X-Amz-Expires` (else 403 `AccessDenied` "Request has expired"),
 *   a header-signed one within 15 minutes of its `x-amz-date` (`RequestTimeTooSkewed`);
 * - a body sent with `x-amz-checksum-sha256` hashes to it (else 400 `BadDigest`), and one sent with a
 *   hex `x-amz-content-sha256` to that (`XAmzContentSHA256Mismatch`), checked before s3rver stores
 *   a byte (the body waits in a temporary file).
 *
 * What only real S3 checks is listed in docs/s3-stand-in.md. CORS preflights (OPTIONS) pass unsigned,
 * as in S3.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SignatureV4 } from '@smithy/signature-v4';

interface KoaLikeContext {
  method: string;
  url: string;
  host: string;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
  req: NodeJS.ReadableStream;
}

type Middleware = (ctx: KoaLikeContext, next: () => Promise<void>) => Promise<void>;

export interface SigV4FrontOptions {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** The clock expiry is judged by (tests move it). */
  now?: () => Date;
}

const MAX_SKEW_MS = 15 * 60 * 1000;

/** S3's refusal: its error code, status and message. */
class S3Refusal extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** SHA-256 and HMAC-SHA256 as the signer's checksum constructor, over node:crypto. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** Installs the front; call after every other extension, so it runs first. */
export function addSigV4Front(server: unknown, options: SigV4FrontOptions): void {
  const s3 = server as { middleware: Middleware[] };
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: 's3',
    sha256: NodeSha256,
    // S3 signs the path as sent, without encoding it a second time.
    uriEscapePath: false,
  });
  const now = options.now ?? (() => new Date());
  s3.middleware.unshift(async (ctx, next) => {
    if (ctx.method === 'OPTIONS') return next();
    let staged: { dir: string; body: NodeJS.ReadableStream & { destroy(): void } } | undefined;
    try {
      await verifySignature(ctx, signer, options, now());
      staged = await verifyBody(ctx);
    } catch (error) {
      if (!(error instanceof S3Refusal)) throw error;
      await drain(ctx.req);
      ctx.status = error.status;
      ctx.type = 'application/xml';
      ctx.body =
        ctx.method === 'HEAD'
          ? ''
          : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error>`;
      return;
    }
    try {
      await next();
    } finally {
      // s3rver may answer without reading the body (an error before it): the stream goes either way.
      if (staged) {
        staged.body.destroy();
        await rm(staged.dir, { recursive: true, force: true });
      }
    }
  });
}

async function verifySignature(
  ctx: KoaLikeContext,
  signer: SignatureV4,
  options: SigV4FrontOptions,
  now: Date,
): Promise<void> {
  const [rawPath = '/', rawQuery = ''] = splitOnce(ctx.url, '?');
  const query = parseQuery(rawQuery);
  const authorization = header(ctx, 'authorization');
  if (query['X-Amz-Algorithm'] !== undefined) {
    const given = query['X-Amz-Signature'] ?? '';
    const credential = parseCredential(query['X-Amz-Credential'] ?? '', options);
    if (query['X-Amz-Algorithm'] !== 'AWS4-HMAC-SHA256') {
      throw new S3Refusal('AuthorizationQueryParametersError', 400, 'Unsupported X-Amz-Algorithm');
    }
    const signedAt = parseAmzDate(query['X-Amz-Date'] ?? '');
    const expires = Number(query['X-Amz-Expires']);
    if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) {
      throw new S3Refusal('AuthorizationQueryParametersError', 400, 'X-Amz-Expires must be 1 to 604800');
    }
    if (now.getTime() > signedAt.getTime() + expires * 1000) {
      throw new S3Refusal('AccessDenied', 403, 'Request has expired');
    }
    if (signedAt.getTime() > now.getTime() + MAX_SKEW_MS) {
      throw new S3Refusal('AccessDenied', 403, 'Request is not valid yet');
    }
    const signedHeaders = (query['X-Amz-SignedHeaders'] ?? '').split(';').filter(Boolean);
    const { 'X-Amz-Signature': _signature, 'X-Amz-Content-Sha256': payload, ...rest } = query;
    const headers = signedHeaderValues(ctx, signedHeaders);
    // The payload hash travels in the query; the signer reads it from a header, then hoists it back.
    if (payload !== undefined) headers['X-Amz-Content-Sha256'] = payload;
    const presigned = await signer.presign(
      { method: ctx.method, protocol: 'http:', hostname: ctx.host, path: rawPath, query: rest, headers },
      {
        signingDate: signedAt,
        signingRegion: credential.region,
        expiresIn: expires,
        signableHeaders: new Set(signedHeaders),
        unhoistableHeaders: new Set(signedHeaders),
      },
    );
    if (!sameSignature(String(presigned.query?.['X-Amz-Signature']), given)) throw signatureMismatch();
    return;
  }
  if (authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
    const fields = Object.fromEntries(
      authorization
        .slice('AWS4-HMAC-SHA256 '.length)
        .split(',')
        .map((part) => splitOnce(part.trim(), '=')),
    ) as Record<string, string | undefined>;
    const credential = parseCredential(fields.Credential ?? '', options);
    const signedAt = parseAmzDate(header(ctx, 'x-amz-date') ?? '');
    if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS) {
      throw new S3Refusal(
        'RequestTimeTooSkewed',
        403,
        'The difference between the request time and the current time is too large.',
      );
    }
    const signedHeaders = (fields.SignedHeaders ?? '').split(';').filter(Boolean);
    const signed = await signer.sign(
      {
        method: ctx.method,
        protocol: 'http:',
        hostname: ctx.host,
        path: rawPath,
        query,
        headers: signedHeaderValues(ctx, signedHeaders),
      },
      { signingDate: signedAt, signingRegion: credential.region, signableHeaders: new Set(signedHeaders) },
    );
    const recomputed = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? '';
    if (!sameSignature(recomputed, fields.Signature ?? '')) throw signatureMismatch();
    return;
  }
  throw new S3Refusal('AccessDenied', 403, 'Access Denied');
}

/**
 * Checks the body against the checksums it was sent with, before s3rver stores it: the body goes to
 * a temporary file while hashed, then s3rver reads it from there. Returns that file's directory and
 * the stream s3rver reads.
 */
async function verifyBody(
  ctx: KoaLikeContext,
): Promise<{ dir: string; body: NodeJS.ReadableStream & { destroy(): void } } | undefined> {
  const checksum = header(ctx, 'x-amz-checksum-sha256');
  const contentSha = header(ctx, 'x-amz-content-sha256');
  const payloadHex = contentSha && /^[0-9a-f]{64}$/.test(contentSha) ? contentSha : undefined;
  if (checksum === undefined && payloadHex === undefined) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 's3-front-'));
  const file = join(dir, 'body');
  const hash = createHash('sha256');
  try {
    await pipeline(
      ctx.req,
      async function* (source) {
        for await (const chunk of source) {
          hash.update(chunk as Buffer);
          yield chunk;
        }
      },
      createWriteStream(file),
    );
    const digest = hash.digest();
    if (checksum !== undefined && digest.toString('base64') !== checksum) {
      throw new S3Refusal(
        'BadDigest',
        400,
        'The SHA256 you specified did not match the calculated checksum.',
      );
    }
    if (payloadHex !== undefined && digest.toString('hex') !== payloadHex) {
      throw new S3Refusal(
        'XAmzContentSHA256Mismatch',
        400,
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  // s3rver's controllers read the body from ctx.req; headers come from ctx.request, which stays. The
  // file is opened now, so removing it once the request is done cannot fail a read not yet started.
  const handle = await open(file, 'r');
  const body = handle.createReadStream();
  body.on('error', () => undefined);
  ctx.req = body;
  return { dir, body };
}

function parseCredential(credential: string, options: SigV4FrontOptions) {
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (accessKeyId !== options.credentials.accessKeyId) {
    throw new S3Refusal(
      'InvalidAccessKeyId',
      403,
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  }
  if (!date || !region || service !== 's3' || terminator !== 'aws4_request') {
    throw new S3Refusal('AuthorizationHeaderMalformed', 400, 'The credential scope is malformed.');
  }
  return { region };
}

/** `YYYYMMDDTHHMMSSZ`. */
function parseAmzDate(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) throw new S3Refusal('AccessDenied', 403, 'X-Amz-Date is missing or malformed');
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}

function signedHeaderValues(ctx: KoaLikeContext, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = header(ctx, name);
    // A signed header the request lacks cannot match the signature.
    if (value === undefined) throw signatureMismatch();
    values[name] = value;
  }
  return values;
}

function header(ctx: KoaLikeContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseQuery(raw: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const [key = '', value = ''] = splitOnce(pair, '=');
    query[decodeURIComponent(key)] = decodeURIComponent(value);
  }
  return query;
}

function splitOnce(value: string, separator: string): [string, string] {
  const index = value.indexOf(separator);
  return index < 0 ? [value, ''] : [value.slice(0, index), value.slice(index + separator.length)];
}

function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function signatureMismatch(): S3Refusal {
  return new S3Refusal(
    'SignatureDoesNotMatch',
    403,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );
}

async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  try {
    for await (const _ of stream) void _;
  } catch {
    // A client that hung up has nothing left to drain.
  }
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
