/**
 * The creator's side of on-chain sales over HTTP, against the local stack's anvil and its marketplace
 * contract: registering a model through the transactions GET /models/{id}/market returns, signing an
 * offer's typed data (EOA and EIP-1271 wallet), and every refusal: another wallet's signature, a stale
 * revision, an expired deadline, fees above the owner's limit, non-owners, a chain without a market,
 * an unpublished covered version and an unreachable RPC.
 */
import { Contract, type JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ABI } from '#adapters/chain/market-abi.js';
import { DynamoCatalogueRepository } from '#adapters/dynamodb/catalogue-repository.js';
import type { Address } from '#domain/address.js';
import { signedMarketOffer } from '#domain/market/signed-offer.js';
import { SALE_AUTHORIZATION_TYPES } from '#domain/market/typed-data.js';
import { deployContract } from '#scripts/local-stack/contracts.js';
import { freePort } from '#scripts/local-stack/processes.js';
import { fetchNonce, type SignedIn, signIn, siweMessage } from '#test/helpers/auth.js';
import { createPublishedModel, type PublishedModel } from '#test/helpers/catalogue.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json, requestOk } from '#test/helpers/http.js';
import { stack, testApp } from '#test/helpers/stack.js';

const { app, infra, close } = testApp();
const provider: JsonRpcProvider = testProvider();
const repository = new DynamoCatalogueRepository(infra.table);
afterAll(async () => {
  provider.destroy();
  await close();
});

const FEES_BPS = 250 + 100; // PLATFORM_FEE_BPS + REFERRER_FEE_BPS defaults
const NATIVE_PRICE = '1000000000000000';

async function expectError(response: Response, status: number, code: string) {
  const body = await json(response);
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
}

/** A signed-in creator whose wallet holds ETH on the stack's anvil (it sends its own transactions). */
async function newCreator(): Promise<SignedIn> {
  return signIn(app, await fundedWallet(provider));
}

function send(user: SignedIn | undefined, method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: { ...(user?.headers ?? {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Sends the calls GET /models/{id}/market lists, in order, from the owner's wallet. */
async function sendCalls(owner: Wallet, calls: Array<{ to: string; data: string; value: string }>) {
  for (const call of calls) {
    const tx = await owner.sendTransaction({ to: call.to, data: call.data, value: BigInt(call.value) });
    const receipt = await tx.wait();
    expect(receipt?.status).toBe(1);
  }
}

/** The model's on-chain status as the API reports it. */
function marketOf(modelId: string) {
  return requestOk(app, { headers: {} }, 'GET', `/models/${modelId}/market`);
}

/** Registers the model on chain through the returned calls. */
async function register(owner: SignedIn, modelId: string) {
  await sendCalls(owner.wallet, (await marketOf(modelId)).calls);
}

/** The typed data for an offer, signed by `signer` (the owner's wallet unless another is given). */
async function signedTypedData(
  owner: SignedIn,
  model: PublishedModel,
  signer: Pick<Wallet, 'signTypedData'> = owner.wallet,
) {
  const typedData = await requestOk(
    app,
    owner,
    'GET',
    `/models/${model.modelId}/offers/${model.offerId}/typed-data`,
  );
  const signature = await signer.signTypedData(typedData.domain, typedData.types, typedData.message);
  return {
    typedData,
    body: { signature, validUntil: typedData.message.validUntil, maxFeeBps: typedData.message.maxFeeBps },
  };
}

function offerPath(model: PublishedModel) {
  return `/models/${model.modelId}/offers/${model.offerId}`;
}

async function offerOf(model: PublishedModel) {
  return requestOk(app, { headers: {} }, 'GET', offerPath(model));
}

describe('registering a model on the market', () => {
  let owner: SignedIn;
  let model: PublishedModel;

  beforeAll(async () => {
    owner = await newCreator();
    model = await createPublishedModel(app, owner, { currency: 'native', price: NATIVE_PRICE });
  });

  it('lists createSplit then registerModel for a new model, and after the owner sends them shows it registered', async () => {
    const before = await marketOf(model.modelId);
    expect(before).toMatchObject({
      modelId: model.modelId,
      chainId: stack().chainId,
      market: stack().market.address,
      owner: owner.address,
      split: { recipients: [owner.address], bps: [10000] },
      onChain: { registered: false, owner: null, splitId: null, splitExists: false },
    });
    expect(before.calls.map((call: { description: string }) => call.description)).toEqual([
      expect.stringContaining('Create'),
      expect.stringContaining('Register'),
    ]);
    expect(
      before.calls.every(
        (call: { to: string; value: string }) => call.to === stack().market.address && call.value === '0',
      ),
    ).toBe(true);

    await sendCalls(owner.wallet, before.calls);

    const after = await marketOf(model.modelId);
    expect(after.onChain).toEqual({
      registered: true,
      owner: owner.address,
      splitId: before.split.splitId,
      splitExists: true,
    });
    expect(after.calls).toEqual([]);
    const market = new Contract(stack().market.address, MARKET_ABI, provider);
    const [chainOwner, chainSplit] = await market.getFunction('models')(before.modelKey);
    expect({ chainOwner, chainSplit }).toEqual({
      chainOwner: owner.address,
      chainSplit: before.split.splitId,
    });
  });

  it('after a split change lists createSplit and setModelSplit, and the chain follows once they are sent', async () => {
    const contributor = Wallet.createRandom().address;
    const recipients = [
      { address: owner.address, bps: 6000, role: 'author' },
      { address: contributor, bps: 4000, role: 'data' },
    ];
    await requestOk(app, owner, 'PUT', `/models/${model.modelId}/split`, { recipients });

    const changed = await marketOf(model.modelId);
    const sorted = [...recipients].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    expect(changed.split.recipients).toEqual(sorted.map((share) => share.address));
    expect(changed.split.bps).toEqual(sorted.map((share) => share.bps));
    expect(changed.onChain.registered).toBe(true);
    expect(changed.onChain.splitId).not.toBe(changed.split.splitId);
    expect(changed.calls.map((call: { description: string }) => call.description)).toEqual([
      expect.stringContaining('Create'),
      expect.stringContaining('Point'),
    ]);

    await sendCalls(owner.wallet, changed.calls);

    const after = await marketOf(model.modelId);
    expect(after.onChain).toMatchObject({ splitId: changed.split.splitId, splitExists: true });
    expect(after.calls).toEqual([]);
  });

  it("shows anyone a published model's status, and 404 for a draft to anyone but its owner", async () => {
    const draft = await requestOk(app, owner, 'POST', '/models', {
      name: 'Draft',
      slug: `d-${Date.now().toString(36)}`,
      task: 'text-generation',
    });
    await expectError(
      await send(undefined, 'GET', `/models/${draft.modelId}/market`),
      404,
      'MODEL_NOT_FOUND',
    );
    expect((await send(owner, 'GET', `/models/${draft.modelId}/market`)).status).toBe(200);
    await expectError(
      await send(undefined, 'GET', `/models/${model.modelId}/market?chainId=1`),
      409,
      'MARKET_NOT_CONFIGURED',
    );
  });
});

describe('signing an offer', () => {
  let owner: SignedIn;
  let model: PublishedModel;

  beforeAll(async () => {
    owner = await newCreator();
    model = await createPublishedModel(app, owner, { currency: 'native', price: NATIVE_PRICE });
    await register(owner, model.modelId);
  });

  it("shows an unsigned offer's revision, then after the owner's signature says signed, with the contract's digest", async () => {
    const unsigned = await offerOf(model);
    expect(unsigned.market).toEqual({ signed: false, revision: 1, validUntil: null, offerDigest: null });

    const { typedData, body } = await signedTypedData(owner, model);
    expect(typedData).toMatchObject({
      domain: {
        name: 'Model Commons Market',
        version: '1',
        chainId: stack().chainId,
        verifyingContract: stack().market.address,
      },
      primaryType: 'Offer',
      message: {
        revision: '1',
        currency: '0x0000000000000000000000000000000000000000',
        price: NATIVE_PRICE,
        supplyCap: '0',
        licenceDuration: '0',
        maxFeeBps: FEES_BPS,
        transferable: false,
        manifestHash: `0x${'0'.repeat(64)}`,
      },
    });
    const now = Math.floor(Date.now() / 1000);
    expect(Number(typedData.message.validUntil)).toBeGreaterThan(now + 364 * 86_400);
    const market = new Contract(stack().market.address, MARKET_ABI, provider);
    expect(await market.getFunction('offerDigest')(typedData.message)).toBe(typedData.offerDigest);

    const response = await send(owner, 'PUT', `${offerPath(model)}/signature`, body);
    expect(response.status).toBe(200);
    const signed = await json(response);
    expect(signed.market).toEqual({
      signed: true,
      revision: 1,
      validUntil: new Date(Number(body.validUntil) * 1000).toISOString(),
      offerDigest: typedData.offerDigest,
    });
    expect((await offerOf(model)).market.signed).toBe(true);
  });

  it('stores a signature the contract accepts: signedMarketOffer passes buy with an operator authorization', async () => {
    const { body } = await signedTypedData(owner, model);
    await requestOk(app, owner, 'PUT', `${offerPath(model)}/signature`, body);
    const offer = await repository.getOffer(model.modelId, model.offerId);
    const version = await repository.getVersion(model.modelId, model.version);
    if (!offer || !version?.manifestHash) throw new Error('offer or version missing');
    const deployment = { chainId: stack().chainId, market: stack().market.address as Address };

    const sale = signedMarketOffer(offer, { owner: owner.address as Address, deployment, now: new Date() });
    if (!sale) throw new Error('expected a signed offer');

    const buyer = await fundedWallet(provider);
    const block = await provider.getBlock('latest');
    const auth = {
      orderId: `0x${'42'.repeat(32)}`,
      buyer: buyer.address,
      offerDigest: sale.offerDigest,
      referrer: '0x0000000000000000000000000000000000000000',
      manifestHash: version.manifestHash,
      expiry: String((block?.timestamp ?? 0) + 600),
    };
    const saleSigner = new Wallet(stack().licenceSigner.privateKey);
    const authSignature = await saleSigner.signTypedData(
      sale.domain,
      { SaleAuthorization: [...SALE_AUTHORIZATION_TYPES.SaleAuthorization] },
      auth,
    );
    const market = new Contract(stack().market.address, MARKET_ABI, buyer);
    const tokenId = await market
      .getFunction('buy')
      .staticCall(sale.message, sale.signature, auth, authSignature, { value: BigInt(NATIVE_PRICE) });
    expect(typeof tokenId).toBe('bigint');
  });

  it("refuses another wallet's signature with 400 INVALID_SIGNATURE and stores nothing", async () => {
    const other = await newCreator();
    const otherModel = await createPublishedModel(app, other, { currency: 'native', price: NATIVE_PRICE });
    const { body } = await signedTypedData(other, otherModel, Wallet.createRandom());

    await expectError(
      await send(other, 'PUT', `${offerPath(otherModel)}/signature`, body),
      400,
      'INVALID_SIGNATURE',
    );

    expect((await offerOf(otherModel)).market).toEqual({
      signed: false,
      revision: 1,
      validUntil: null,
      offerDigest: null,
    });
    expect(
      (await repository.getOffer(otherModel.modelId, otherModel.offerId))?.marketSignature,
    ).toBeUndefined();
  });

  it('says not signed once the offer is edited after signing (its revision moved)', async () => {
    const creator = await newCreator();
    const edited = await createPublishedModel(app, creator, { currency: 'native', price: NATIVE_PRICE });
    const { body } = await signedTypedData(creator, edited);
    await requestOk(app, creator, 'PUT', `${offerPath(edited)}/signature`, body);

    const patched = await requestOk(app, creator, 'PATCH', offerPath(edited), { name: 'Renamed' });

    expect(patched.market).toEqual({ signed: false, revision: 2, validUntil: null, offerDigest: null });
    expect((await offerOf(edited)).market.signed).toBe(false);
    // The old revision's signature does not verify against the new revision either.
    await expectError(
      await send(creator, 'PUT', `${offerPath(edited)}/signature`, body),
      400,
      'INVALID_SIGNATURE',
    );
  });

  it('never attaches a signature to a revision other than the one it was checked against', async () => {
    const creator = await newCreator();
    const raced = await createPublishedModel(app, creator, { currency: 'native', price: NATIVE_PRICE });
    await requestOk(app, creator, 'PATCH', offerPath(raced), { name: 'Edited meanwhile' });

    const write = repository.setOfferMarketSignature(raced.modelId, raced.offerId, 1, {
      chainId: stack().chainId,
      market: stack().market.address,
      revision: 1,
      validUntil: Math.floor(Date.now() / 1000) + 3600,
      maxFeeBps: FEES_BPS,
      signature: '0x00',
      offerDigest: `0x${'0'.repeat(64)}`,
    });

    await expect(write).rejects.toMatchObject({ code: 'OFFER_CHANGED' });
    expect((await repository.getOffer(raced.modelId, raced.offerId))?.marketSignature).toBeUndefined();
  });

  it('answers 404 OFFER_NOT_FOUND to anyone but the owner, and 401 to anonymous callers', async () => {
    const stranger = await newCreator();
    const { body } = await signedTypedData(owner, model);
    await expectError(await send(stranger, 'GET', `${offerPath(model)}/typed-data`), 404, 'OFFER_NOT_FOUND');
    await expectError(
      await send(stranger, 'PUT', `${offerPath(model)}/signature`, body),
      404,
      'OFFER_NOT_FOUND',
    );
    await expectError(await send(undefined, 'GET', `${offerPath(model)}/typed-data`), 401, 'UNAUTHENTICATED');
    await expectError(
      await send(undefined, 'PUT', `${offerPath(model)}/signature`, body),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('refuses a validUntil in the past with 400 VALID_UNTIL_PAST', async () => {
    const { body } = await signedTypedData(owner, model);
    const past = { ...body, validUntil: Math.floor(Date.now() / 1000) - 60 };
    await expectError(
      await send(owner, 'PUT', `${offerPath(model)}/signature`, past),
      400,
      'VALID_UNTIL_PAST',
    );
  });

  it('refuses maxFeeBps below the current fees or above 10000, and accepts a higher limit', async () => {
    await expectError(
      await send(owner, 'GET', `${offerPath(model)}/typed-data?maxFeeBps=${FEES_BPS - 1}`),
      400,
      'MAX_FEE_OUT_OF_RANGE',
    );
    await expectError(
      await send(owner, 'GET', `${offerPath(model)}/typed-data?maxFeeBps=10001`),
      400,
      'INVALID_INPUT',
    );
    const { body } = await signedTypedData(owner, model);
    await expectError(
      await send(owner, 'PUT', `${offerPath(model)}/signature`, { ...body, maxFeeBps: FEES_BPS - 1 }),
      400,
      'MAX_FEE_OUT_OF_RANGE',
    );
    const higher = await requestOk(app, owner, 'GET', `${offerPath(model)}/typed-data?maxFeeBps=500`);
    expect(higher.message.maxFeeBps).toBe(500);
  });

  it('names the covered manifest for a fixed version, and answers 409 VERSION_NOT_PUBLISHED before it is published', async () => {
    const versions = `/models/${model.modelId}/versions`;
    const offers = `/models/${model.modelId}/offers`;
    const fixed = await requestOk(app, owner, 'POST', offers, {
      name: 'Version 1.0.0, 30 days',
      terms: {
        commercialUse: false,
        derivatives: 'none',
        attribution: true,
        durationDays: 30,
        seats: 1,
        transferable: true,
        spdxId: 'MIT',
      },
      price: { amount: NATIVE_PRICE, chainId: stack().chainId, currency: 'native' },
      supplyCap: 7,
      covers: model.version,
    });
    const typedData = await requestOk(app, owner, 'GET', `${offers}/${fixed.offerId}/typed-data`);
    const version = await requestOk(app, owner, 'GET', `${versions}/${model.version}`);
    expect(typedData.message).toMatchObject({
      manifestHash: version.manifestHash,
      supplyCap: '7',
      licenceDuration: String(30 * 86_400),
      transferable: true,
    });

    await requestOk(app, owner, 'POST', versions, { version: '2.0.0', changelog: 'next' });
    const unpublished = await requestOk(app, owner, 'POST', offers, {
      name: 'Version 2.0.0',
      terms: { ...fixed.terms },
      price: fixed.price,
      covers: '2.0.0',
    });
    await expectError(
      await send(owner, 'GET', `${offers}/${unpublished.offerId}/typed-data`),
      409,
      'VERSION_NOT_PUBLISHED',
    );
  });
});

describe('a contract wallet (EIP-1271) as the model owner', () => {
  it("accepts the signature its wallet validates, and refuses a stranger's", async () => {
    const key = await fundedWallet(provider);
    const walletAddress = await deployContract(key, 'Eip1271Wallet', [key.address]);
    const message = siweMessage(walletAddress, await fetchNonce(app));
    const verified = await json(
      await send(undefined, 'POST', '/auth/verify', { message, signature: await key.signMessage(message) }),
    );
    const owner: SignedIn = {
      token: verified.token,
      address: walletAddress,
      wallet: key,
      headers: { authorization: `Bearer ${verified.token}` },
    };
    const model = await createPublishedModel(app, owner, { currency: 'native', price: NATIVE_PRICE });

    const stranger = await signedTypedData(owner, model, Wallet.createRandom());
    await expectError(
      await send(owner, 'PUT', `${offerPath(model)}/signature`, stranger.body),
      400,
      'INVALID_SIGNATURE',
    );
    // The wallet checks the key's signature of the EIP-712 digest itself.
    const { typedData, body } = await signedTypedData(owner, model, key);
    const signed = await requestOk(app, owner, 'PUT', `${offerPath(model)}/signature`, body);
    expect(signed.market).toMatchObject({ signed: true, offerDigest: typedData.offerDigest });
  });
});

describe('chains without a market, and an unreachable chain', () => {
  it('answers 409 MARKET_NOT_CONFIGURED, sells nothing, and shows offers with market: null where no chain has a market', async () => {
    const chains = JSON.parse(stack().env.CHAINS as string) as Array<Record<string, unknown>>;
    const withoutMarket = testApp({
      CHAINS: JSON.stringify(chains.map(({ market: _market, marketDeployBlock: _block, ...chain }) => chain)),
    });
    try {
      const owner = await newCreator();
      const model = await createPublishedModel(app, owner, { currency: 'native', price: NATIVE_PRICE });
      const request = (path: string) => withoutMarket.app.request(path, { headers: owner.headers });
      await expectError(await request(`/models/${model.modelId}/market`), 409, 'MARKET_NOT_CONFIGURED');
      await expectError(await request(`${offerPath(model)}/typed-data`), 409, 'MARKET_NOT_CONFIGURED');
      expect((await json(await request(offerPath(model)))).market).toBeNull();
      // No market, no sale: an order is refused before anything is written.
      const buyer = await signIn(withoutMarket.app);
      const ordered = await withoutMarket.app.request('/orders', {
        method: 'POST',
        headers: { ...buyer.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ offerId: model.offerId }),
      });
      await expectError(ordered, 409, 'MARKET_NOT_CONFIGURED');
      expect(
        (await json(await withoutMarket.app.request('/me/orders', { headers: buyer.headers }))).items,
      ).toEqual([]);
    } finally {
      await withoutMarket.close();
    }
  });

  it('answers 503 when the RPC endpoint is down, for the status and for a signature only the chain can judge', async () => {
    const deadRpc = `http://127.0.0.1:${await freePort()}`;
    const dead = testApp({ RPC_URLS: JSON.stringify({ [stack().chainId]: deadRpc }) });
    try {
      const owner = await newCreator();
      const model = await createPublishedModel(app, owner, { currency: 'native', price: NATIVE_PRICE });
      await expectError(
        await dead.app.request(`/models/${model.modelId}/market`),
        503,
        'DEPENDENCY_UNAVAILABLE',
      );
      // A signature that is not the owner's ECDSA signature needs eth_getCode (is the owner a contract?).
      const { body } = await signedTypedData(owner, model, Wallet.createRandom());
      await expectError(
        await dead.app.request(`${offerPath(model)}/signature`, {
          method: 'PUT',
          headers: { ...owner.headers, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        503,
        'DEPENDENCY_UNAVAILABLE',
      );
    } finally {
      await dead.close();
    }
  });
});
