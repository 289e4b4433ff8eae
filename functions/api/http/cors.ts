/**
 * CORS for the browser frontends, the same rules as `hono/cors` with our options, but applied by
 * editing the finished response's headers in place (response-headers.ts says why: hono/cors touches
 * `c.res` before the route runs and calls `c.header()` after it). Headers set here appear on error
 * responses too: by the time `next()` returns, `onError` has already turned any error into `c.res`.
 */
import type { MiddlewareHandler } from 'hono';
import { editResponseHeaders } from './response-headers.js';

export interface CorsOptions {
  allowedOrigins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  credentials: boolean;
  maxAgeSeconds: number;
}

export function corsHeaders(options: CorsOptions): MiddlewareHandler {
  const allowMethods = options.allowMethods.join(',');
  const allowHeaders = options.allowHeaders.join(',');
  const exposeHeaders = options.exposeHeaders.join(',');
  const allowedOrigin = (origin: string | undefined) =>
    origin && options.allowedOrigins.includes(origin) ? origin : undefined;
  const setShared = (headers: Headers, origin: string | undefined) => {
    if (origin) headers.set('Access-Control-Allow-Origin', origin);
    if (options.credentials) headers.set('Access-Control-Allow-Credentials', 'true');
    if (exposeHeaders) headers.set('Access-Control-Expose-Headers', exposeHeaders);
  };
  return async (c, next) => {
    const origin = allowedOrigin(c.req.header('origin'));
    if (c.req.method === 'OPTIONS') {
      // Every OPTIONS request is answered as a preflight; no route serves OPTIONS.
      const headers = new Headers();
      setShared(headers, origin);
      headers.append('Vary', 'Origin');
      headers.set('Access-Control-Max-Age', String(options.maxAgeSeconds));
      if (allowMethods) headers.set('Access-Control-Allow-Methods', allowMethods);
      if (allowHeaders) {
        headers.set('Access-Control-Allow-Headers', allowHeaders);
        headers.append('Vary', 'Access-Control-Request-Headers');
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    editResponseHeaders(c, (headers) => {
      setShared(headers, origin);
      headers.append('Vary', 'Origin');
    });
  };
}
