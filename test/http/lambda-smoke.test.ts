/**
 * The API function's post-deploy smoke event (`npm run smoke` invokes it directly): it answers with a
 * smoke licence token signed by the configured signer — the key in memory here, KMS when configured
 * (the local KMS stand-in, reached as the SDK would reach KMS: AWS_ENDPOINT_URL_KMS) — and HTTP events
 * are served as before. Each test imports a fresh copy of the handler.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { licenceDomain, verifyLicenceToken } from '#domain/licences/licence-token.js';
import { apiGatewayEvent } from '#test/helpers/api-gateway-event.mjs';
import { type KmsStub, startKmsStub } from '#test/helpers/kms-stub.js';
import { stack } from '#test/helpers/stack.js';

const saved = { ...process.env };
let kms: KmsStub;
beforeAll(async () => {
  kms = await startKmsStub();
});
afterEach(() => {
  process.env = { ...saved };
});
afterAll(async () => {
  process.env = saved;
  await kms.close();
});

async function freshHandler(env: Record<string, string | undefined>) {
  process.env = { ...saved, ...stack().env, LOG_LEVEL: 'silent', STAGE: 'test', ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
  vi.resetModules();
  return (await import('#api/handler.js')).handler;
}

const SMOKE = { modelCommonsSmoke: 'sign-licence' };

async function expectValidSmokeToken(answer: unknown, signer: string) {
  expect(answer).toMatchObject({ ok: true, stage: 'test', signer });
  const { token } = answer as { token: string };
  const check = await verifyLicenceToken(token, {
    signer: signer as `0x${string}`,
    domain: licenceDomain(stack().chainId),
    now: new Date(),
  });
  expect(check.valid).toBe(true);
  expect(check.claims).toMatchObject({
    licenceId: expect.stringMatching(/^smoke-\d+$/),
    modelId: 'smoke-test',
    offerId: 'smoke-test',
    licensee: '0x0000000000000000000000000000000000000000',
  });
  expect((check.claims?.expiresAt ?? 0) - (check.claims?.issuedAt ?? 0)).toBe(300);
}

describe('the smoke event', () => {
  it('answers with a smoke licence token signed by the configured key in memory', async () => {
    const handler = await freshHandler({});
    await expectValidSmokeToken(await handler(SMOKE), stack().licenceSigner.address);
  });

  it('signs in KMS when LICENCE_SIGNER_KMS_KEY_ID is set', async () => {
    const handler = await freshHandler({
      LICENCE_SIGNER_KEY: undefined,
      LICENCE_SIGNER_KMS_KEY_ID: kms.alias,
      AWS_ENDPOINT_URL_KMS: kms.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    await expectValidSmokeToken(await handler(SMOKE), kms.address);
  });

  it('answers ok: false with the reason when the signer fails, instead of throwing', async () => {
    const handler = await freshHandler({
      LICENCE_SIGNER_KEY: undefined,
      LICENCE_SIGNER_KMS_KEY_ID: 'alias/no-such-key',
      AWS_ENDPOINT_URL_KMS: kms.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    const answer = await handler(SMOKE);
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('NotFoundException') });
  });

  it('refuses an unknown smoke action', async () => {
    const handler = await freshHandler({});
    expect(await handler({ modelCommonsSmoke: 'drop-tables' })).toEqual({
      ok: false,
      error: 'unknown smoke action "drop-tables"',
    });
  });

  it('leaves API Gateway events to the HTTP app, even one carrying the smoke key', async () => {
    const handler = await freshHandler({});
    const event = { ...apiGatewayEvent('GET', '/health', 'smoke-http-1'), ...SMOKE };
    const result = (await handler(event as never)) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).status).toBe('ok');
  });
});
