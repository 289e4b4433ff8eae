import { describe, expect, it } from 'vitest';
import { stack } from '../helpers/stack.js';

/** A minimal API Gateway HTTP API (payload v2) event. */
function apiGatewayEvent(method: string, path: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.com', 'x-forwarded-proto': 'https' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'vitest' },
      requestId: 'Ab1cDefGhIjKlM=',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    isBase64Encoded: false,
  };
}

describe('Lambda entry', () => {
  it('answers an API Gateway v2 event for GET /health', async () => {
    Object.assign(process.env, stack().env, { LOG_LEVEL: 'silent', STAGE: 'test' });
    const { handler } = await import('../../functions/api/handler.js');
    const result = (await handler(apiGatewayEvent('GET', '/health') as never, {} as never)) as {
      statusCode: number;
      body: string;
      headers?: Record<string, string>;
    };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).status).toBe('ok');
    // API Gateway's request id (format of real ones: base64-ish with '=') joins our logs to its access log.
    expect(result.headers?.['x-request-id']).toBe('Ab1cDefGhIjKlM=');
  });
});
