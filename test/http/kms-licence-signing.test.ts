/**
 * The API configured as deployed stages are: LICENCE_SIGNER_KMS_KEY_ID set, no key in memory. The
 * composition root then signs licences in KMS (here the local KMS stand-in, through the real SDK
 * client): a bought licence's token verifies offline and through POST /licences/verify, and KMS
 * failing answers 503, not 500.
 */
import { Contract, verifyTypedData, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { loadConfig } from '#shared/config.js';
import { createLogger } from '#shared/logging.js';
import { signIn } from '#test/helpers/auth.js';
import { createPublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json } from '#test/helpers/http.js';
import { type KmsStub, startKmsStub } from '#test/helpers/kms-stub.js';
import { custodialChains, stack } from '#test/helpers/stack.js';

const provider = testProvider();
let kms: KmsStub;
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  kms = await startKmsStub();
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  provider.destroy();
  await kms.close();
});

/** An app on the local stack whose licence key is the KMS stand-in's. */
function kmsApp(overrides: Record<string, string> = {}) {
  const { LICENCE_SIGNER_KEY: _inMemory, ...env } = stack().env;
  const config = loadConfig({
    ...env,
    STAGE: 'test',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    LICENCE_SIGNER_KMS_KEY_ID: kms.alias,
    ...overrides,
  });
  const runtime = createRuntime(config, { kmsClient: async () => kms.client() });
  closers.push(() => runtime.close());
  return createApp(buildAppDeps(runtime, { logger: createLogger('silent') }));
}

const jsonPost = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('licences signed in KMS', () => {
  it('publishes the KMS key as the signer and issues licences that verify offline and through the API', async () => {
    const app = kmsApp({ CHAINS: custodialChains(1) });
    const owner = await signIn(app);
    const model = await createPublishedModel(app, owner);
    const buyerWallet: Wallet = await fundedWallet(provider, 100_000_000n);
    const buyer = await signIn(app, buyerWallet);
    const quote = await json(
      await app.request('/orders', jsonPost({ offerId: model.offerId }, buyer.headers)),
    );
    const transfer = await new Contract(stack().stablecoin, ERC20_ABI, buyerWallet).getFunction('transfer')(
      quote.payTo,
      BigInt(quote.amount),
    );
    await transfer.wait();
    await provider.send('anvil_mine', ['0x1']);

    const paid = await app.request(
      `/orders/${quote.id}/payment`,
      jsonPost({ txHash: transfer.hash }, buyer.headers),
    );
    expect(paid.status).toBe(200);
    const { licence } = await json(paid);

    const wellKnown = await json(await app.request('/.well-known/model-commons.json'));
    expect(wellKnown.signer).toBe(kms.address);
    const decoded = JSON.parse(Buffer.from(licence.token, 'base64url').toString('utf8'));
    expect(
      verifyTypedData(wellKnown.eip712Domain, wellKnown.eip712Types, decoded.message, decoded.signature),
    ).toBe(kms.address);
    const verdict = await json(await app.request('/licences/verify', jsonPost({ token: licence.token })));
    expect(verdict).toMatchObject({ valid: true, licence: { id: licence.id, state: 'active' } });
    expect(kms.calls.some((call) => call.operation === 'Sign' && call.body.MessageType === 'DIGEST')).toBe(
      true,
    );
  });

  it('answers 503 DEPENDENCY_UNAVAILABLE with Retry-After when KMS cannot be reached', async () => {
    const app = kmsApp();
    kms.failure = { status: 500, type: 'KMSInternalException', message: 'internal error' };
    try {
      const response = await app.request('/.well-known/model-commons.json');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect((await json(response)).error.code).toBe('DEPENDENCY_UNAVAILABLE');
    } finally {
      kms.failure = undefined;
    }
    expect((await app.request('/.well-known/model-commons.json')).status).toBe(200);
  });

  it('refuses a configuration with both a KMS key id and a key in memory', () => {
    const config = loadConfig({ ...stack().env, STAGE: 'test', LICENCE_SIGNER_KMS_KEY_ID: kms.alias });
    expect(() => createRuntime(config)).toThrowError(
      'LICENCE_SIGNER_KMS_KEY_ID: set it or LICENCE_SIGNER_KEY, not both',
    );
  });
});
