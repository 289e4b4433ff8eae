import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { createLogger } from '#shared/logging.js';
import { json } from '#test/helpers/http.js';
import { testApp, testConfig } from '#test/helpers/stack.js';

const { app, close } = testApp({ ALLOWED_ORIGINS: 'https://app.example.com', MAX_BODY_BYTES: '2048' });
afterAll(close);

describe('cross-cutting HTTP behaviour', () => {
  it('answers /health/ready with 200 when the table, bucket and chain are reachable', async () => {
    const response = await app.request('/health/ready');
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.checks).sort()).toEqual(['chain:31337', 'dynamodb', 's3']);
  });

  it('answers /health/ready with 503 naming the dependency that is down; /health (liveness) stays 200', async () => {
    const config = testConfig({ S3_ENDPOINT: 'http://127.0.0.1:9' });
    const runtime = createRuntime(config);
    const broken = createApp(buildAppDeps(runtime, { logger: createLogger('silent') }));
    try {
      const response = await broken.request('/health/ready');
      expect(response.status).toBe(503);
      const body = await json(response);
      expect(body.checks.s3.ok).toBe(false);
      expect(body.checks.dynamodb.ok).toBe(true);
      // Liveness touches no dependency: the same instance is up while S3 is not.
      const live = await broken.request('/health');
      expect(live.status).toBe(200);
      expect(await json(live)).toEqual({ status: 'ok' });
      expect(live.headers.get('cache-control')).toBe('no-store');
    } finally {
      await runtime.close();
    }
  });

  it('puts a request id on every response and echoes a safe incoming one', async () => {
    const generated = await app.request('/health');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await app.request('/nowhere', { headers: { 'x-request-id': 'client-req-12345' } });
    expect(echoed.headers.get('x-request-id')).toBe('client-req-12345');
    // An unsafe one is not echoed (not even trimmed or in part): the response gets a fresh UUID instead.
    const unsafe = await app.request('/health', { headers: { 'x-request-id': 'bad id\r\n' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('answers unknown routes with 404 in the error envelope', async () => {
    const response = await app.request('/definitely/not/here');
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route for GET /definitely/not/here' },
    });
  });

  it('rejects a body above the limit with 413 in the envelope', async () => {
    const response = await app.request('/health', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '5000' },
      body: JSON.stringify({ pad: 'x'.repeat(4900) }),
    });
    expect(response.status).toBe(413);
    expect((await json(response)).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await app.request('/health', { headers: { origin: 'https://app.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const denied = await app.request('/health', { headers: { origin: 'https://evil.example.com' } });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers', async () => {
    const response = await app.request('/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('serves an OpenAPI 3.1 document and a reference page', async () => {
    const spec = await json(await app.request('/openapi.json'));
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.paths['/health/ready'].get.responses['503']).toBeDefined();
    expect(spec.paths['/health'].get.responses['503']).toBeUndefined();
    expect(spec.components.schemas.Health).toBeDefined();
    const docs = await app.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/openapi.json');
  });

  it('serves the reference page with its own files: no other host, each file 200 with its content type', async () => {
    const page = await (await app.request('/docs')).text();
    expect(page).not.toMatch(/https?:\/\//);
    const assets = [...page.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
    expect(assets.map((asset) => asset.split('.').pop()).sort()).toEqual(['css', 'js']);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/(?!\/)/); // a path on this host, not //cdn.example/…
      const response = await app.request(asset);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        asset.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    }
    const other = await app.request('/docs/assets/swagger-ui-dist/package.json');
    expect(other.status).toBe(404);
  });
});
