/** The Secrets Manager reader through the real SDK client, against a local GetSecretValue stand-in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSecretEnv, SecretEnvError } from '../../shared/adapters/secrets/secret-env.js';
import { createSecretsManagerReader } from '../../shared/adapters/secrets/secrets-manager-reader.js';
import { type SecretsManagerStub, startSecretsManagerStub } from '../helpers/secrets-manager-stub.js';

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
