import { describe, expect, it } from 'vitest';
import { apiGatewayEvent } from '#test/helpers/api-gateway-event.mjs';
import { stack } from '#test/helpers/stack.js';

describe('Lambda entry', () => {
  it('answers an API Gateway v2 event for GET /health', async () => {
    Object.assign(process.env, stack().env, { LOG_LEVEL: 'silent', STAGE: 'test' });
    const { handler } = await import('#api/handler.js');
    const result = (await handler(
      apiGatewayEvent('GET', '/health', 'Ab1cDefGhIjKlM=') as never,
      {} as never,
    )) as {
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
