/**
 * The two secret readers: the real SDK client against a local GetSecretValue stand-in, and the
 * Parameters and Secrets extension reader against a stand-in of the extension's HTTP interface.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtensionSecretReader } from '#adapters/secrets/extension-reader.js';
import { resolveSecretEnv, SecretEnvError } from '#adapters/secrets/secret-env.js';
import { createSecretsManagerReader } from '#adapters/secrets/secrets-manager-reader.js';
import {
  type SecretsExtensionStub,
  type SecretsManagerStub,
  startSecretsExtensionStub,
  startSecretsManagerStub,
} from '#test/helpers/secrets-manager-stub.js';

const SESSION_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:session-AbCdEf';

let stub: SecretsManagerStub;
let reader: ReturnType<typeof createSecretsManagerReader>;
beforeAll(async () => {
  stub = await startSecretsManagerStub({
    [SESSION_ARN]: JSON.stringify({ kid: 'k1', secret: 's'.repeat(64) }),
  });
  reader = createSecretsManagerReader({
    region: 'eu-west-1',
    endpoint: stub.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(async () => {
  reader.destroy();
  await stub.close();
});

describe('createSecretsManagerReader', () => {
  it('reads a secret string by ARN', async () => {
    expect(await reader.read(SESSION_ARN)).toBe(JSON.stringify({ kid: 'k1', secret: 's'.repeat(64) }));
    expect(stub.requested).toContain(SESSION_ARN);
  });

  it('fails on a missing secret, which resolveSecretEnv reports by variable name', async () => {
    const attempt = resolveSecretEnv(
      { RPC_URLS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:nope' },
      reader.read,
    );
    await expect(attempt).rejects.toBeInstanceOf(SecretEnvError);
    await expect(attempt).rejects.toThrowError('RPC_URLS: could not read secret RPC_URLS_SECRET_ARN');
  });
});

describe('createExtensionSecretReader (Parameters and Secrets Lambda Extension)', () => {
  const TOKEN = 'session-token-of-this-function';
  let extension: SecretsExtensionStub;
  beforeAll(async () => {
    extension = await startSecretsExtensionStub(
      { [SESSION_ARN]: 'kid:secret', 'binary-one': { binary: 'AAEC' } },
      TOKEN,
    );
  });
  afterAll(() => extension.close());

  it('reads a secret string with one local GET carrying the function’s session token', async () => {
    const read = createExtensionSecretReader({ port: extension.port, token: TOKEN });
    expect(await read(SESSION_ARN)).toBe('kid:secret');
    expect(extension.requested).toEqual([SESSION_ARN]);
  });

  it('fails with the extension’s status and message for a wrong token or a missing secret', async () => {
    await expect(
      createExtensionSecretReader({ port: extension.port, token: 'wrong' })(SESSION_ARN),
    ).rejects.toThrowError('secrets extension answered 401: not authorized');
    const read = createExtensionSecretReader({ port: extension.port, token: TOKEN });
    await expect(read('arn:aws:secretsmanager:eu-west-1:1:secret:nope')).rejects.toThrowError(
      /^secrets extension answered 400: ResourceNotFoundException/,
    );
  });

  it('moves on to the next host when one refuses the connection (127.0.0.1 first, then localhost)', async () => {
    // The stand-in listens on 127.0.0.1 only, so another loopback address refuses.
    const refusing = createExtensionSecretReader({
      port: extension.port,
      token: TOKEN,
      hosts: ['127.0.0.2'],
    });
    await expect(refusing(SESSION_ARN)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const read = createExtensionSecretReader({
      port: extension.port,
      token: TOKEN,
      hosts: ['127.0.0.2', '127.0.0.1'],
    });
    expect(await read(SESSION_ARN)).toBe('kid:secret');
  });

  it('refuses a binary secret, as the SDK reader does', async () => {
    const read = createExtensionSecretReader({ port: extension.port, token: TOKEN });
    await expect(read('binary-one')).rejects.toThrowError('Secret binary-one has no string value');
  });

  it('gives up on a stalled extension after its timeout', async () => {
    extension.stall = true;
    try {
      const read = createExtensionSecretReader({ port: extension.port, token: TOKEN, timeoutMs: 200 });
      const started = performance.now();
      await expect(read(SESSION_ARN)).rejects.toThrowError('secrets extension: no answer in 200 ms');
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      extension.stall = false;
    }
  });
});
