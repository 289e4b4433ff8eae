/**
 * Orders and licences after a contract sale, over HTTP against the local stack: the split credited
 * exactly in the sale's history, a licence that verifies offline and unlocks the bytes, replays that
 * never make a second licence, other buyers' orders hidden, and the licence's life afterwards —
 * revoked by the owner, limited downloads per day, files hidden from everyone else. The purchase
 * itself (order → wallet → 202 → 200, permit, authorisation) is market-purchases.test.ts's.
 */
import { type JsonRpcProvider, verifyTypedData, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import type { PublishedModel } from '#test/helpers/catalogue.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json, requestOk } from '#test/helpers/http.js';
import {
  buyLicence,
  placeOrder,
  publishForSale,
  sendCalls,
  submitPayment,
} from '#test/helpers/market-flow.js';
import { chainsWithConfirmations, testApp } from '#test/helpers/stack.js';

const CONFIRMATIONS = 1;
const { app, config, close } = testApp({
  DOWNLOAD_DAILY_QUOTA: '3',
  CHAINS: chainsWithConfirmations(CONFIRMATIONS),
});
const provider: JsonRpcProvider = testProvider();
afterAll(async () => {
  provider.destroy();
  await close();
});

const PRICE = 25_000_000n;

async function post(path: string, user: SignedIn, body: unknown) {
  return app.request(path, {
    method: 'POST',
    headers: { ...user.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function expectError(response: Response, status: number, code: string) {
  const body = await json(response);
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
}

/** A buyer with its own wallet holding ETH and the price, signed in. */
async function newBuyer(): Promise<SignedIn> {
  return signIn(app, await fundedWallet(provider, PRICE));
}

const buy = (buyer: SignedIn, target: PublishedModel) =>
  buyLicence(app, buyer, target.offerId, { confirmations: CONFIRMATIONS });

const downloadPath = (target: PublishedModel) =>
  `/models/${target.modelId}/versions/${target.version}/files/${encodeURIComponent(target.path)}/download`;

let owner: SignedIn;
let contributor: Wallet;
let model: PublishedModel;

beforeAll(async () => {
  owner = await signIn(app, await fundedWallet(provider));
  contributor = await fundedWallet(provider);
  model = await publishForSale(app, owner, {
    price: PRICE.toString(),
    split: [
      { address: owner.address, bps: 7000, role: 'author' },
      { address: contributor.address, bps: 3000, role: 'data' },
    ],
  });
}, 60_000);

describe('a licence bought through the contract', () => {
  it('records the split exactly, verifies offline, and unlocks the bytes', async () => {
    const buyer = await newBuyer();
    const { licence, txHash } = await buy(buyer, model);
    expect(licence).toMatchObject({
      licensee: buyer.address,
      modelId: model.modelId,
      state: 'active',
      seats: 5,
    });

    // Offline: plain ethers against the published signer and domain.
    const wellKnown = await json(await app.request('/.well-known/model-commons.json'));
    const decoded = JSON.parse(Buffer.from(licence.token, 'base64url').toString('utf8'));
    expect(
      verifyTypedData(wellKnown.eip712Domain, wellKnown.eip712Types, decoded.message, decoded.signature),
    ).toBe(wellKnown.signer);
    expect(decoded.message.licensee).toBe(buyer.address);
    const verdict = await json(await post('/licences/verify', buyer, { token: licence.token }));
    expect(verdict).toMatchObject({ valid: true, licence: { id: licence.id, state: 'active' } });

    const download = await app.request(downloadPath(model), { headers: buyer.headers });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await (await fetch((await json(download)).url)).arrayBuffer());
    expect(bytes.equals(model.bytes)).toBe(true);

    // 2.5 % platform fee, then 70/30 of the rest: 625,000 + 17,062,500 + 7,312,500 = 25,000,000.
    const sales = await requestOk(app, owner, 'GET', `/models/${model.modelId}/sales`);
    const sale = sales.items.find((item: { txHash: string }) => item.txHash === txHash.toLowerCase());
    expect(
      Object.fromEntries(
        sale.credits.map((credit: { role: string; recipient: string; amount: string }) => [
          `${credit.role}:${credit.recipient}`,
          credit.amount,
        ]),
      ),
    ).toEqual({
      [`platform:${config.fees.platformRecipient}`]: '625000',
      [`split:${owner.address}`]: '17062500',
      [`split:${contributor.address}`]: '7312500',
    });
    expect(sale.amount).toBe(PRICE.toString());

    const earnings = await requestOk(app, await signIn(app, contributor), 'GET', '/me/earnings');
    expect(earnings.history[0]).toMatchObject({ modelId: model.modelId, amount: '7312500', role: 'split' });
  });

  it('issues exactly one licence for 20 parallel submissions of one transaction', async () => {
    const buyer = await newBuyer();
    const { body: quote } = await placeOrder(app, buyer, model.offerId);
    const txHash = await sendCalls(buyer.wallet, quote.sale.calls);
    await provider.send('anvil_mine', ['0x1']);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => submitPayment(app, buyer, quote.id, txHash)),
    );
    const licences = new Set(answers.filter((answer) => answer.body.licence).map((a) => a.body.licence.id));
    expect(licences.size).toBe(1);
    for (const answer of answers) expect(answer.status).toBe(200);
    expect((await requestOk(app, buyer, 'GET', '/me/licences')).items).toHaveLength(1);
  });

  it("hides other buyers' orders, and answers 404 for a transaction the chain does not know", async () => {
    const buyer = await newBuyer();
    const { body: quote } = await placeOrder(app, buyer, model.offerId);
    const other = await newBuyer();
    await expectError(
      await app.request(`/orders/${quote.id}`, { headers: other.headers }),
      404,
      'ORDER_NOT_FOUND',
    );
    const unknown = await submitPayment(app, buyer, quote.id, `0x${'12'.repeat(32)}`);
    expect({ status: unknown.status, code: unknown.body.error?.code }).toEqual({
      status: 404,
      code: 'TX_NOT_FOUND',
    });
    // Someone else's order cannot be paid by naming it, even with a real sale of one's own.
    const { txHash } = await buy(other, model);
    const foreign = await submitPayment(app, other, quote.id, txHash);
    expect({ status: foreign.status, code: foreign.body.error?.code }).toEqual({
      status: 404,
      code: 'ORDER_NOT_FOUND',
    });
  });
});

describe('licence lifecycle', () => {
  it('revoked by the owner: the token stops verifying and downloads stop', async () => {
    const buyer = await newBuyer();
    const { licence } = await buy(buyer, model);
    const stranger = await signIn(app);
    await expectError(
      await post(`/licences/${licence.id}/revoke`, stranger, { reason: 'no' }),
      404,
      'LICENCE_NOT_FOUND',
    );
    const revoked = await post(`/licences/${licence.id}/revoke`, owner, { reason: 'chargeback' });
    expect(await json(revoked)).toMatchObject({ state: 'revoked', revokeReason: 'chargeback' });
    expect(await json(await post('/licences/verify', stranger, { token: licence.token }))).toMatchObject({
      valid: false,
      reason: 'REVOKED',
    });
    await expectError(
      await app.request(downloadPath(model), { headers: buyer.headers }),
      404,
      'FILE_NOT_FOUND',
    );
    await expectError(
      await post(`/licences/${licence.id}/revoke`, owner, { reason: 'again' }),
      409,
      'LICENCE_NOT_ACTIVE',
    );
  });

  it('limits downloads per licence per day', async () => {
    const buyer = await newBuyer();
    await buy(buyer, model);
    for (let i = 0; i < 3; i++)
      expect((await app.request(downloadPath(model), { headers: buyer.headers })).status).toBe(200);
    const blocked = await app.request(downloadPath(model), { headers: buyer.headers });
    await expectError(blocked, 429, 'DOWNLOAD_QUOTA_EXCEEDED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('hides files from users without a licence and asks anonymous users to sign in', async () => {
    const stranger = await signIn(app);
    await expectError(
      await app.request(downloadPath(model), { headers: stranger.headers }),
      404,
      'FILE_NOT_FOUND',
    );
    await expectError(await app.request(downloadPath(model)), 401, 'UNAUTHENTICATED');
    expect((await app.request(downloadPath(model), { headers: owner.headers })).status).toBe(200);
  });
});

describe('offers taken off sale', () => {
  it('refuses to quote an inactive offer', async () => {
    const withdrawn = await publishForSale(app, owner);
    const patched = await app.request(`/models/${withdrawn.modelId}/offers/${withdrawn.offerId}`, {
      method: 'PATCH',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(patched.status).toBe(200);
    const refused = await placeOrder(app, await newBuyer(), withdrawn.offerId);
    expect({ status: refused.status, code: refused.body.error?.code }).toEqual({
      status: 409,
      code: 'OFFER_INACTIVE',
    });
  });
});
