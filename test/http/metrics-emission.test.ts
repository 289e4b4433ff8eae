import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.js';
import { buildAppDeps } from '#runtime/runtime.js';
import { createLogger } from '#shared/logging.js';
import { createMetrics, stageDimensions } from '#shared/metrics.js';
import { signIn } from '#test/helpers/auth.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { placeOrder, publishForSale, sendCalls, submitPayment } from '#test/helpers/market-flow.js';
import { chainsWithConfirmations, testApp } from '#test/helpers/stack.js';

// One confirmation: the settlement test mines the block that makes its sale final.
const { runtime, close } = testApp({ CHAINS: chainsWithConfirmations(1) });
const provider = testProvider();
afterAll(async () => {
  provider.destroy();
  await close();
});

describe('business metrics', () => {
  it('emits one SignIns point in EMF with the stage dimension per successful sign-in', async () => {
    const lines: string[] = [];
    const metrics = createMetrics({ dimensions: stageDimensions('test'), write: (line) => lines.push(line) });
    const app = createApp(buildAppDeps(runtime, { logger: createLogger('silent'), metrics }));
    await signIn(app);
    const points = lines.map((line) => JSON.parse(line)).filter((point) => 'SignIns' in point);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({
      SignIns: 1,
      Stage: 'test',
      _aws: {
        CloudWatchMetrics: [
          { Namespace: 'ModelCommons', Dimensions: [['Stage']], Metrics: [{ Name: 'SignIns' }] },
        ],
      },
    });
  });

  it('counts one Settlements point per contract sale indexed: none for a replayed submission or a poll of the paid order', async () => {
    const lines: string[] = [];
    const metrics = createMetrics({ dimensions: stageDimensions('test'), write: (line) => lines.push(line) });
    const app = createApp(buildAppDeps(runtime, { logger: createLogger('silent'), metrics }));
    const price = 25_000_000n;
    const owner = await signIn(app, await fundedWallet(provider));
    const model = await publishForSale(app, owner, { price: price.toString() });
    const buyer = await signIn(app, await fundedWallet(provider, price));
    const { body: quote } = await placeOrder(app, buyer, model.offerId);
    const txHash = await sendCalls(buyer.wallet, quote.sale.calls);
    await provider.send('anvil_mine', ['0x1']);
    const settlements = () => lines.map((line) => JSON.parse(line)).filter((point) => 'Settlements' in point);

    expect((await submitPayment(app, buyer, quote.id, txHash)).status).toBe(200);
    expect(settlements()).toHaveLength(1);
    expect(settlements()[0]).toMatchObject({ Settlements: 1, Stage: 'test', orderId: quote.id });

    // The same payment submitted again (a client retrying after a lost answer), and a poll.
    expect((await submitPayment(app, buyer, quote.id, txHash)).status).toBe(200);
    expect((await app.request(`/orders/${quote.id}`, { headers: buyer.headers })).status).toBe(200);
    expect(settlements()).toHaveLength(1);
  });
});
