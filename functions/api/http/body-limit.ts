/**
 * The request body limit, skipped for GET and HEAD. No GET or HEAD route reads a body, and asking
 * whether there is one (`c.req.raw.body`, as `hono/body-limit` does first) makes the Node server build
 * a full Request with a body stream and an AbortController for every request — ≈ 110 µs of CPU per
 * `GET /models/{id}` (bench/p1-overhead.ts). Every other method is checked exactly as before.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '#domain/errors.js';

export function limitRequestBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(`The request body exceeds ${maxBytes} bytes`);
    },
  });
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
}
