import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { limitRequestBody } from '#api/http/body-limit.js';
import { corsHeaders } from '#api/http/cors.js';
import { handleError } from '#api/http/errors.js';
import { requestContext } from '#api/http/request-context.js';
import { ForbiddenError } from '#domain/errors.js';
import { createLogger } from '#shared/logging.js';

const ORIGIN = 'https://app.example.com';

function appWith(middleware: Parameters<Hono['use']>[1]) {
  const app = new Hono();
  app.use('*', middleware);
  app.get('/ok', (c) => c.json({ ok: true }));
  app.get('/denied', () => {
    throw new ForbiddenError('no', { code: 'NOPE' });
  });
  app.post('/echo', async (c) => c.json({ length: (await c.req.text()).length }));
  app.onError((error, c) => handleError(error, c, createLogger('silent')));
  return app;
}

describe('corsHeaders', () => {
  const app = appWith(
    corsHeaders({
      allowedOrigins: [ORIGIN],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Authorization', 'Content-Type'],
      exposeHeaders: ['ETag', 'X-Request-Id'],
      credentials: true,
      maxAgeSeconds: 600,
    }),
  );

  it('allows a configured origin on responses, error responses included', async () => {
    for (const path of ['/ok', '/denied']) {
      const response = await app.request(path, { headers: { origin: ORIGIN } });
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-expose-headers')).toBe('ETag,X-Request-Id');
      expect(response.headers.get('vary')).toBe('Origin');
    }
    expect((await app.request('/denied', { headers: { origin: ORIGIN } })).status).toBe(403);
  });

  it('names no origin for any other origin', async () => {
    const response = await app.request('/ok', { headers: { origin: 'https://evil.example.com' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight with 204 and the allowed methods and headers', async () => {
    const response = await app.request('/ok', { method: 'OPTIONS', headers: { origin: ORIGIN } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers');
  });

  it('leaves the response body intact', async () => {
    const response = await app.request('/ok', { headers: { origin: ORIGIN } });
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('limitRequestBody', () => {
  const app = appWith(limitRequestBody(100));

  it('rejects a larger body with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await app.request('/echo', { method: 'POST', body: 'x'.repeat(101) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accepts a body within the limit', async () => {
    const response = await app.request('/echo', { method: 'POST', body: 'x'.repeat(100) });
    expect(await response.json()).toEqual({ length: 100 });
  });

  it('lets GET through without inspecting a body', async () => {
    expect((await app.request('/ok')).status).toBe(200);
  });
});

describe('headers on a response whose headers are immutable', () => {
  it('still gets the CORS headers and the request id (the response is copied once)', async () => {
    const app = new Hono();
    app.use('*', requestContext(createLogger('silent')) as Parameters<Hono['use']>[1]);
    app.use(
      '*',
      corsHeaders({
        allowedOrigins: [ORIGIN],
        allowMethods: ['GET'],
        allowHeaders: [],
        exposeHeaders: ['X-Request-Id'],
        credentials: true,
        maxAgeSeconds: 600,
      }),
    );
    // Response.redirect() makes a response with immutable headers, as fetch() does.
    app.get('/elsewhere', () => Response.redirect('https://files.example.com/x', 302));
    const response = await app.request('/elsewhere', {
      headers: { origin: ORIGIN, 'x-request-id': 'req-immutable-1' },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://files.example.com/x');
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('x-request-id')).toBe('req-immutable-1');
  });
});
