/**
 * Races on the money and edit paths: many buyers on a capped offer, many payouts on one balance,
 * many editors holding the same ETag. Each must resolve to exactly the documented winners.
 */
import { Contract, type JsonRpcProvider } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { createPublishedModel, type PublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json } from '#test/helpers/http.js';
import { custodialChains, stack, testApp } from '#test/helpers/stack.js';

// High confirmations: other files mine a block now and then, never this many, so no payment settles
// before all of ours are submitted together.
const CONFIRMATIONS = 30;
const { app, close } = testApp({ CHAINS: custodialChains(CONFIRMATIONS) });
const provider: JsonRpcProvider = testProvider();
afterAll(async () => {
  provider.destroy();
  await close();
});

/** The issue asks for 50; RACE_BUYERS lowers it on a slow machine. */
const BUYERS = Number(process.env.RACE_BUYERS ?? 50);
const SUPPLY_CAP = 10;
const PRICE = 25_000_000n;

const post = (path: string, user: SignedIn, body: unknown, extra: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { ...user.headers, ...extra, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function balanceOf(user: SignedIn): Promise<bigint> {
  const earnings = await json(await app.request('/me/earnings', { headers: user.headers }));
  const entry = earnings.balances.find(
    (balance: { chainId: number; currency: string }) =>
      balance.chainId === stack().chainId && balance.currency === stack().stablecoin,
  );
  return BigInt(entry?.amount ?? 0);
}

interface PaidBuyer extends SignedIn {
  orderId: string;
  txHash: string;
}

/** Funds a fresh wallet, signs in, orders, and pays on chain (not yet submitted to the API). */
async function paidBuyer(offerId: string): Promise<PaidBuyer> {
  const wallet = await fundedWallet(provider, PRICE);
  const session = await signIn(app, wallet);
  const response = await post('/orders', session, { offerId });
  if (response.status !== 201) throw new Error(`order: ${response.status} ${await response.text()}`);
  const quote = await json(response);
  const token = new Contract(stack().stablecoin, ERC20_ABI, wallet);
  const tx = await token.getFunction('transfer')(quote.payTo, PRICE);
  await tx.wait();
  return { ...session, wallet, orderId: quote.id, txHash: tx.hash };
}

let owner: SignedIn;
let capped: PublishedModel;
let losers: PaidBuyer[] = [];

beforeAll(async () => {
  owner = await signIn(app);
  capped = await createPublishedModel(app, owner, { supplyCap: SUPPLY_CAP, price: PRICE.toString() });
});

describe(`${BUYERS} concurrent buyers on an offer capped at ${SUPPLY_CAP}`, () => {
  it('issue exactly ten licences and credit every other payment back to its buyer', async () => {
    const started = performance.now();
    const buyers = await Promise.all(Array.from({ length: BUYERS }, () => paidBuyer(capped.offerId)));
    await provider.send('anvil_mine', [`0x${CONFIRMATIONS.toString(16)}`]);
    const prepared = performance.now();

    const responses = await Promise.all(
      buyers.map((buyer) => post(`/orders/${buyer.orderId}/payment`, buyer, { txHash: buyer.txHash })),
    );
    const bodies = await Promise.all(responses.map((response) => json(response)));
    const settled = performance.now();
    console.log(
      `races: ${BUYERS} buyers prepared in ${Math.round(prepared - started)} ms, ` +
        `settled concurrently in ${Math.round(settled - prepared)} ms`,
    );

    const outcomes = responses.map(
      (response, i) => `${response.status} ${bodies[i].error?.code ?? 'licence'}`,
    );
    const tally = Object.fromEntries(
      [...new Set(outcomes)].map((o) => [o, outcomes.filter((x) => x === o).length]),
    );
    expect(tally).toEqual({ '200 licence': SUPPLY_CAP, '409 SOLD_OUT_REFUNDED': BUYERS - SUPPLY_CAP });

    const licenceIds = new Set(bodies.filter((body) => body.licence).map((body) => body.licence.id));
    expect(licenceIds.size).toBe(SUPPLY_CAP);

    losers = buyers.filter((_, i) => responses[i]?.status === 409);
    const balances = await Promise.all(losers.map(balanceOf));
    expect(balances.every((balance) => balance === PRICE)).toBe(true);

    const late = await signIn(app);
    const refused = await post('/orders', late, { offerId: capped.offerId });
    expect([refused.status, (await json(refused)).error.code]).toEqual([409, 'SOLD_OUT']);
  });
});

describe('20 concurrent payout requests on one balance', () => {
  it('pay out exactly the balance in tenths and refuse the rest: never negative', async () => {
    const earner = losers[0];
    if (!earner) throw new Error('needs the sold-out race to have run');
    const request = {
      chainId: stack().chainId,
      currency: stack().stablecoin,
      amount: (PRICE / 10n).toString(),
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post('/me/payouts', earner, request)),
    );
    const bodies = await Promise.all(responses.map((response) => json(response)));

    const accepted = bodies.filter((_, i) => responses[i]?.status === 201);
    const refused = bodies.filter((_, i) => responses[i]?.status !== 201);
    expect(accepted).toHaveLength(10);
    expect(refused.map((body) => body.error?.code)).toEqual(Array(10).fill('INSUFFICIENT_BALANCE'));
    const paid = accepted.reduce((sum, body) => sum + BigInt(body.amount), 0n);
    expect(paid).toBe(PRICE);
    expect(await balanceOf(earner)).toBe(0n);

    const listed = await json(await app.request('/me/payouts', { headers: earner.headers }));
    expect(listed.items.reduce((sum: bigint, p: { amount: string }) => sum + BigInt(p.amount), 0n)).toBe(
      PRICE,
    );
  });

  it('let exactly one of 20 whole-balance requests through', async () => {
    const earner = losers[1];
    if (!earner) throw new Error('needs the sold-out race to have run');
    const request = { chainId: stack().chainId, currency: stack().stablecoin };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post('/me/payouts', earner, request)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const winner = await json(responses[statuses.indexOf(201)] as Response);
    expect(winner.amount).toBe(PRICE.toString());
    expect(await balanceOf(earner)).toBe(0n);
  });
});

describe('concurrent edits holding the same ETag', () => {
  it('PATCH /models/{id}: exactly one 200, the rest 412, and the winner is what is stored', async () => {
    const slug = `race-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const created = await post('/models', owner, { name: 'Race', slug, task: 'text-generation' });
    expect(created.status).toBe(201);
    const model = await json(created);
    const modelId: string = model.id ?? model.modelId;
    const etag = (await app.request(`/models/${modelId}`, { headers: owner.headers })).headers.get('etag');
    expect(etag).toBeTruthy();

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.request(`/models/${modelId}`, {
          method: 'PATCH',
          headers: { ...owner.headers, 'content-type': 'application/json', 'if-match': etag as string },
          body: JSON.stringify({ description: `writer ${i}` }),
        }),
      ),
    );
    const bodies = await Promise.all(responses.map((response) => json(response)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(bodies.filter((_, i) => statuses[i] === 412).map((body) => body.error.code)).toEqual(
      Array(19).fill('STALE_REVISION'),
    );

    const winner = bodies[statuses.indexOf(200)];
    const stored = await app.request(`/models/${modelId}`, { headers: owner.headers });
    expect((await json(stored)).model.description).toBe(winner.description);
    expect(stored.headers.get('etag')).not.toBe(etag);
  });

  it('PUT /models/{id}/split: exactly one 200, the rest 412', async () => {
    const etag = (await app.request(`/models/${capped.modelId}/split`)).headers.get('etag');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.request(`/models/${capped.modelId}/split`, {
          method: 'PUT',
          headers: { ...owner.headers, 'content-type': 'application/json', 'if-match': etag as string },
          body: JSON.stringify({
            recipients: [
              { address: owner.address, bps: 9000 - i },
              { address: stack().accounts[1]?.address, bps: 1000 + i },
            ],
          }),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(412)]);
  });
});
