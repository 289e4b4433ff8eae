/**
 * The Lambda entry as deployed: the environment holds secret ARNs instead of the values. The handler
 * serves liveness without them and reads them on the first request that needs a service or a
 * readiness check — through the Parameters and Secrets extension when the stack attached it (its port
 * variable is set), else through Secrets Manager's SDK client. Both against local stand-ins; each test
 * imports a fresh copy of the handler.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiGatewayEvent } from '#test/helpers/api-gateway-event.mjs';
import {
  type SecretsExtensionStub,
  type SecretsManagerStub,
  startSecretsExtensionStub,
  startSecretsManagerStub,
} from '#test/helpers/secrets-manager-stub.js';
import { stack } from '#test/helpers/stack.js';

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
  return (await import('#api/handler.js')).handler;
}

function event(path: string, requestId: string) {
  return apiGatewayEvent('GET', path, requestId) as never;
}

interface Result {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

/** A 503 in the API's error envelope that tells the client to retry shortly. */
function expectRetryShortly(result: Result) {
  expect(result.statusCode).toBe(503);
  expect(result.headers?.['retry-after']).toBe('2');
  expect(JSON.parse(result.body).error.code).toBe('DEPENDENCY_UNAVAILABLE');
}

/** Calls `run` with stdout captured; returns its result and the lines written. */
async function capturingLogs<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const logged = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const result = await run();
    return { result, lines: logged.mock.calls.map(([text]) => String(text)) };
  } finally {
    logged.mockRestore();
  }
}

describe('Lambda entry with secrets', () => {
  it('reads nothing during INIT or for liveness, then each secret once, on the first request that needs one', async () => {
    deployedEnv({
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port),
      AWS_SESSION_TOKEN: TOKEN,
      // The SDK path must not be taken: point it nowhere.
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9',
    });
    const handler = await freshHandler();
    expect(extension.requested).toEqual([]); // the extension refuses calls during INIT
    const live = (await handler(event('/health', 'secrets-1'))) as Result;
    expect(live.statusCode).toBe(200);
    expect(extension.requested).toEqual([]); // liveness never waits on Secrets Manager
    const ready = (await handler(event('/health/ready', 'secrets-2'))) as Result;
    expect(ready.statusCode).toBe(200);
    expect(extension.requested).toEqual([SESSION_ARN]);
    const browse = (await handler(event('/models', 'secrets-3'))) as Result;
    expect(browse.statusCode).toBe(200);
    expect(extension.requested).toEqual([SESSION_ARN]); // once per instance
    expect(sdkStub.requested).toEqual([]);
  });

  it('answers 503 while a secret cannot be read, keeps liveness up, and recovers on a later request', async () => {
    deployedEnv({
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port),
      AWS_SESSION_TOKEN: 'stale',
      LOG_LEVEL: 'error',
    });
    const handler = await freshHandler();
    const { result: failed, lines } = await capturingLogs(
      async () => (await handler(event('/models', 'secrets-4'))) as Result,
    );
    expectRetryShortly(failed);
    // The operator's log names the secret; the response does not.
    const line = lines.find((text) => text.includes('runtime unavailable'));
    expect(line).toContain('SESSION_KEYS: could not read secret SESSION_KEYS_SECRET_ARN');
    expect(failed.body).not.toContain('SESSION_KEYS');

    const { result: notReady } = await capturingLogs(
      async () => (await handler(event('/health/ready', 'secrets-5'))) as Result,
    );
    expect(notReady.statusCode).toBe(503);
    expect(JSON.parse(notReady.body).checks.dynamodb).toMatchObject({ ok: false });
    expect(((await handler(event('/health', 'secrets-6'))) as Result).statusCode).toBe(200);

    process.env.AWS_SESSION_TOKEN = TOKEN; // e.g. the extension was not ready yet
    expect(((await handler(event('/models', 'secrets-7'))) as Result).statusCode).toBe(200);
    expect(((await handler(event('/health/ready', 'secrets-8'))) as Result).statusCode).toBe(200);
    expect(extension.requested).toEqual([SESSION_ARN]);
  });

  it('reads through the Secrets Manager SDK client when no extension is attached', async () => {
    deployedEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: sdkStub.endpoint });
    const handler = await freshHandler();
    expect(((await handler(event('/health', 'secrets-9'))) as Result).statusCode).toBe(200);
    expect(sdkStub.requested).toEqual([]);
    const result = (await handler(event('/health/ready', 'secrets-10'))) as Result;
    expect(result.statusCode).toBe(200);
    expect(sdkStub.requested).toEqual([SESSION_ARN]);
    expect(extension.requested).toEqual([]);
  });

  it('answers 503 in the error envelope while a setting is invalid, and starts once it is fixed', async () => {
    deployedEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: sdkStub.endpoint, TABLE_NAME: '' });
    const handler = await freshHandler();
    const { result: failed, lines } = await capturingLogs(
      async () => (await handler(event('/health', 'secrets-11'))) as Result,
    );
    expectRetryShortly(failed);
    expect(lines.find((text) => text.includes('start-up failed'))).toContain('TABLE_NAME');
    process.env.TABLE_NAME = stack().env.TABLE_NAME;
    expect(((await handler(event('/health', 'secrets-12'))) as Result).statusCode).toBe(200);
  });
});
