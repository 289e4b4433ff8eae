/**
 * The Lambda entry as deployed: the environment holds a secret ARN instead of SESSION_KEYS, and the
 * handler's top-level await resolves it through Secrets Manager (a local stand-in) before serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecretsManagerStub, startSecretsManagerStub } from '../helpers/secrets-manager-stub.js';
import { stack } from '../helpers/stack.js';

const SESSION_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:session-keys-XyZ123';
const saved = { ...process.env };

let stub: SecretsManagerStub;
beforeAll(async () => {
  stub = await startSecretsManagerStub({
    [SESSION_ARN]: JSON.stringify({ kid: 'k1', secret: 'q'.repeat(64) }),
  });
});
afterAll(async () => {
  process.env = saved;
  await stub.close();
});

describe('Lambda entry with secrets', () => {
  it('reads *_SECRET_ARN variables at cold start, then answers GET /health', async () => {
    const { SESSION_KEYS: _plain, ...env } = stack().env;
    process.env = {
      ...saved,
      ...env,
      LOG_LEVEL: 'silent',
      STAGE: 'test',
      SESSION_KEYS_SECRET_ARN: SESSION_ARN,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    delete process.env.SESSION_KEYS;
    const { handler } = await import('../../functions/api/handler.js');
    expect(stub.requested).toEqual([SESSION_ARN]);
    const result = (await handler(
      {
        version: '2.0',
        routeKey: '$default',
        rawPath: '/health',
        rawQueryString: '',
        headers: { host: 'api.example.com' },
        requestContext: {
          http: {
            method: 'GET',
            path: '/health',
            protocol: 'HTTP/1.1',
            sourceIp: '203.0.113.9',
            userAgent: 'vitest',
          },
          requestId: 'secrets-1',
          routeKey: '$default',
          stage: '$default',
          timeEpoch: 1_795_000_000_000,
        },
        isBase64Encoded: false,
      } as never,
      {} as never,
    )) as { statusCode: number };
    expect(result.statusCode).toBe(200);
  });
});
