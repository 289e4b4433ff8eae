/**
 * Byte transfers to presigned storage URLs: a byte range of a local file streamed as the request body
 * (constant memory whatever the part size), with the signed headers sent exactly as given.
 */
import { createReadStream } from 'node:fs';
import type { FetchFn } from '#cli/client/api-client.js';
import { TransferError } from './retry.js';

export interface Presigned {
  url: string;
  headers: Record<string, string>;
}

/**
 * PUTs `length` bytes of `path` from `start` and answers the ETag. `onBytes` sees every chunk as it
 * is handed to the connection; on failure the caller rolls back what it counted.
 */
export async function putFileRange(
  fetchFn: FetchFn,
  target: Presigned,
  path: string,
  start: number,
  length: number,
  options: { signal?: AbortSignal | undefined; onBytes?: (delta: number) => void },
): Promise<string | undefined> {
  const headers = new Headers(target.headers);
  if (!headers.has('content-length')) headers.set('content-length', String(length));
  const onBytes = options.onBytes ?? (() => {});
  let body: Uint8Array | ReadableStream<Uint8Array>;
  if (length === 0) {
    body = new Uint8Array(0);
  } else {
    const stream = createReadStream(path, { start, end: start + length - 1, highWaterMark: 256 * 1024 });
    async function* counted() {
      try {
        for await (const chunk of stream) {
          const buffer = chunk as Buffer;
          onBytes(buffer.length);
          yield new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
        }
      } finally {
        stream.destroy();
      }
    }
    body = ReadableStream.from(counted());
  }
  const init: RequestInit & { duplex: 'half' } = {
    method: 'PUT',
    headers,
    body,
    duplex: 'half',
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let response: Response;
  try {
    response = await fetchFn(target.url, init);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new TransferError(`storage unreachable: ${describe(error)}`, 0, { cause: error });
  }
  // Drain the body either way so the connection is reused.
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    throw new TransferError(`storage answered ${response.status}${code ? ` ${code}` : ''}`, response.status);
  }
  if (length === 0) onBytes(0);
  return response.headers.get('etag') ?? undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? error.cause.message : error.message;
  return String(error);
}
