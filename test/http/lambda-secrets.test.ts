/**
 * The Lambda entry as deployed: the environment holds secret ARNs instead of the values, and the
 * handler resolves them on its first invocation before serving — through the Parameters and Secrets
 * extension when the stack attached it (its port variable is set), else through Secrets Manager's
 * SDK client. Both against local stand-ins; each test imports a fresh copy of the handler.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type SecretsExtensionStub,
  type SecretsManagerStub,
  startSecretsExtensionStub,
  startSecretsManagerStub,
} from '../helpers/secrets-manager-stub.js';
import { stack } from '../helpers/stack.js';

const SESSION_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:session-keys-XyZ123';
const SESSION_SECRET = JSON.stringify({ kid: 'k1', secret: 'q'.repeat(64) });
const TOKEN = 'function-session-token';
const saved = { ...process.env };

let sdkStub: SecretsManagerStub;
let extension: SecretsExtensionStub;
beforeAll(async () => {
  sdkStub = await startSecretsManagerStub({ [SESSION_ARN]: SESSION_SECRET });
  extension = await startSecretsExtensionStub({ [SESSION_ARN]: SESSION_SECRET }, TOKEN);
});
afterEach(() => {
  process.env = { ...saved };
  sdkStub.requested.length = 0;
  extension.requested.length = 0;
});
afterAll(async () => {
  process.env = saved;
  await Promise.all([sdkStub.close(), extension.close()]);
});

/** The stack's environment for the API: the local stack's values, SESSION_KEYS only by ARN. */
function deployedEnv(extra: Record<string, string>) {
  const { SESSION_KEYS: _plain, ...env } = stack().env;
  process.env = {
    ...saved,
    ...env,
    LOG_LEVEL: 'silent',
    STAGE: 'test',
    SESSION_KEYS_SECRET_ARN: SESSION_ARN,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    ...extra,
  };
  delete process.env.SESSION_KEYS;
}

async function freshHandler() {
  vi.resetModules();
  return (await import('../../functions/api/handler.js')).handler;
}

function healthEvent(requestId: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/health/ready',
    rawQueryString: '',
    headers: { host: 'api.example.com' },
    requestContext: {
      http: {
        method: 'GET',
        path: '/health/ready',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.9',
        userAgent: 'vitest',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      timeEpoch: 1_795_000_000_000,
    },
    isBase64Encoded: false,
  } as never;
}

describe('Lambda entry with secrets', () => {
  it('reads nothing during INIT, then reads each secret once through the extension and serves', async () => {
    deployedEnv({
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port),
      AWS_SESSION_TOKEN: TOKEN,
      // The SDK path must not be taken: point it nowhere.
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9',
    });
    const handler = await freshHandler();
    expect(extension.requested).toEqual([]); // the extension refuses calls during INIT
    const first = (await handler(healthEvent('secrets-1'))) as { statusCode: number };
    expect(first.statusCode).toBe(200);
    expect(extension.requested).toEqual([SESSION_ARN]);
    const second = (await handler(healthEvent('secrets-2'))) as { statusCode: number };
    expect(second.statusCode).toBe(200);
    expect(extension.requested).toEqual([SESSION_ARN]); // once per instance
    expect(sdkStub.requested).toEqual([]);
  });

  it('answers 503 in the error envelope while a secret cannot be read, and recovers on a later invocation', async () => {
    deployedEnv({
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port),
      AWS_SESSION_TOKEN: 'stale',
    });
    const handler = await freshHandler();
    const logged = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let failed: { statusCode: number; headers?: Record<string, string>; body: string };
    let lines: string[];
    try {
      failed = (await handler(healthEvent('secrets-3'))) as typeof failed;
    } finally {
      lines = logged.mock.calls.map(([text]) => String(text));
      logged.mockRestore();
    }
    expect(failed.statusCode).toBe(503);
    expect(failed.headers?.['retry-after']).toBe('2');
    expect(JSON.parse(failed.body).error.code).toBe('DEPENDENCY_UNAVAILABLE');
    const line = lines.find((text) => text.includes('start-up failed'));
    expect(line).toContain('SESSION_KEYS: could not read secret SESSION_KEYS_SECRET_ARN');
    process.env.AWS_SESSION_TOKEN = TOKEN; // e.g. the extension was not ready yet
    const retried = (await handler(healthEvent('secrets-4'))) as { statusCode: number };
    expect(retried.statusCode).toBe(200);
    expect(extension.requested).toEqual([SESSION_ARN]);
  });

  it('reads through the Secrets Manager SDK client when no extension is attached', async () => {
    deployedEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: sdkStub.endpoint });
    const handler = await freshHandler();
    expect(sdkStub.requested).toEqual([]);
    const result = (await handler(healthEvent('secrets-5'))) as { statusCode: number };
    expect(result.statusCode).toBe(200);
    expect(sdkStub.requested).toEqual([SESSION_ARN]);
    expect(extension.requested).toEqual([]);
  });
});
