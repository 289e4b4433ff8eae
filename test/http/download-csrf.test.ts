/**
 * A download is a GET that writes: it records a grant and uses up the licence's daily allowance. So a
 * page on a foreign origin must not be able to spend it through the visitor's session cookie — the
 * CSRF rule of the state-changing methods applies — while bearer tokens and our own or allowed
 * origins keep working.
 */
import type { JsonRpcProvider } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import type { PublishedModel } from '#test/helpers/catalogue.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json } from '#test/helpers/http.js';
import { buyLicence, publishForSale } from '#test/helpers/market-flow.js';
import { testApp } from '#test/helpers/stack.js';

const QUOTA = 2;
const PRICE = 25_000_000n;
// The licence is bought through the marketplace contract, as every licence now is.
const { app, infra, config, close } = testApp({ DOWNLOAD_DAILY_QUOTA: String(QUOTA) });
const provider: JsonRpcProvider = testProvider();
afterAll(async () => {
  provider.destroy();
  await close();
});

const FOREIGN = 'https://evil.example.com';

let model: PublishedModel;
let owner: SignedIn;
let buyer: SignedIn;
let licenceId: string;

beforeAll(async () => {
  owner = await signIn(app, await fundedWallet(provider));
  model = await publishForSale(app, owner, { price: PRICE.toString() });
  buyer = await signIn(app, await fundedWallet(provider, PRICE));
  const { licence } = await buyLicence(app, buyer, model.offerId, {
    confirmations: config.chains[0]?.confirmations ?? 1,
  });
  licenceId = licence.id;
}, 60_000);

const downloadPath = () =>
  `/models/${model.modelId}/versions/${model.version}/files/${encodeURIComponent(model.path)}/download`;
const cookieGet = (headers: Record<string, string> = {}) =>
  app.request(downloadPath(), { headers: { cookie: `mc_session=${buyer.token}`, ...headers } });

async function grantsRecorded(): Promise<number> {
  const { items } = await infra.table.query({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `DOWNLOADS#${model.modelId}` },
  });
  return items.filter((item) => item.grantee === buyer.address).length;
}

async function quotaUsed(): Promise<number> {
  const day = new Date().toISOString().slice(0, 10);
  const item = await infra.table.get({ pk: `DLQUOTA#${licenceId}#${day}`, sk: 'DLQUOTA' });
  return Number(item?.grants ?? 0);
}

async function expectCsrfRejected(response: Response) {
  const body = await json(response);
  expect({ status: response.status, code: body.error?.code }).toEqual({ status: 403, code: 'CSRF_REJECTED' });
}

describe('GET …/download with the session cookie', () => {
  it('from a foreign Origin: 403 CSRF_REJECTED, no grant recorded, the daily allowance untouched', async () => {
    const [grantsBefore, quotaBefore] = [await grantsRecorded(), await quotaUsed()];
    for (let i = 0; i < QUOTA + 1; i++) await expectCsrfRejected(await cookieGet({ origin: FOREIGN }));
    await expectCsrfRejected(await cookieGet({ origin: 'null' }));
    // A navigation (link, <img>) carries no Origin; the browser says it came from another site.
    await expectCsrfRejected(await cookieGet({ 'sec-fetch-site': 'cross-site' }));
    expect(await grantsRecorded()).toBe(grantsBefore);
    expect(await quotaUsed()).toBe(quotaBefore);
  });

  it('from our own origin or an allowed one, or same-origin without an Origin header: served and counted', async () => {
    const before = await grantsRecorded();
    const allowed = config.allowedOrigins[0] as string;
    expect((await cookieGet({ origin: config.publicOrigin })).status).toBe(200);
    expect((await cookieGet({ origin: allowed, 'sec-fetch-site': 'same-site' })).status).toBe(200);
    expect(await grantsRecorded()).toBe(before + 2);
    expect(await quotaUsed()).toBe(QUOTA);
    // Same-origin GETs carry no Origin; the allowance is now spent, which only a counted request shows.
    const spent = await cookieGet({ 'sec-fetch-site': 'same-origin' });
    expect({ status: spent.status, code: (await json(spent)).error?.code }).toEqual({
      status: 429,
      code: 'DOWNLOAD_QUOTA_EXCEEDED',
    });
  });

  it('with a bearer token the Origin does not matter (browsers never attach one on their own)', async () => {
    const response = await app.request(downloadPath(), {
      headers: { ...owner.headers, origin: FOREIGN, 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(200);
    expect((await json(response)).url).toMatch(/^http/);
  });
});
