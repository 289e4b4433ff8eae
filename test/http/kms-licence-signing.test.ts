/**
 * The API configured as deployed stages are: LICENCE_SIGNER_KMS_KEY_ID set, no key in memory. The
 * composition root then signs licences in KMS (here the local KMS stand-in, through the real SDK
 * client): a contract sale authorized by the KMS key goes through, its licence's token verifies
 * offline and through POST /licences/verify, and KMS failing answers 503, not 500.
 */
import { Contract, verifyTypedData } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { deployContract } from '#scripts/local-stack/contracts.js';
import { LOCAL_MARKET_FEE_CAPS } from '#scripts/local-stack/market.js';
import { loadConfig } from '#shared/config.js';
import { createLogger } from '#shared/logging.js';
import { signIn } from '#test/helpers/auth.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json } from '#test/helpers/http.js';
import { type KmsStub, startKmsStub } from '#test/helpers/kms-stub.js';
import { buyLicence, publishForSale } from '#test/helpers/market-flow.js';
import { chainsWithConfirmations, stack } from '#test/helpers/stack.js';

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
  it('publishes the KMS key as the signer, authorizes contract sales with it, and issues licences that verify offline and through the API', async () => {
    // A market of this test's own whose sale signer is the KMS key: the shared one trusts the
    // in-memory key. Allowed the stablecoin, as the local stack's is.
    const admin = await fundedWallet(provider);
    const market = await deployContract(admin, 'ModelCommonsMarket', [
      admin.address,
      kms.address,
      admin.address,
      LOCAL_MARKET_FEE_CAPS.maxPlatformBps,
      LOCAL_MARKET_FEE_CAPS.maxReferrerBps,
      250,
      100,
      'http://localhost/metadata/',
    ]);
    const allowed = await new Contract(
      market,
      ['function setCurrencyAllowed(address currency, bool allowed)'],
      admin,
    ).getFunction('setCurrencyAllowed')(stack().stablecoin, true);
    await allowed.wait();
    const deployBlock = await provider.getBlockNumber();
    const chains = JSON.parse(chainsWithConfirmations(1)) as Array<Record<string, unknown>>;
    const app = kmsApp({
      CHAINS: JSON.stringify(chains.map((chain) => ({ ...chain, market, marketDeployBlock: deployBlock }))),
    });
    const owner = await signIn(app, await fundedWallet(provider));
    const model = await publishForSale(app, owner);
    const buyer = await signIn(app, await fundedWallet(provider, 100_000_000n));
    const { quote, licence } = await buyLicence(app, buyer, model.offerId, { confirmations: 1 });
    expect(quote.sale.contract).toBe(market);
    // The contract accepted the sale: its authorization was signed in KMS.
    expect(licence.onChain).toMatchObject({ contract: market });

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
