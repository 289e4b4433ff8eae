import { Contract } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.js';
import { buildAppDeps } from '#runtime/runtime.js';
import { createLogger } from '#shared/logging.js';
import { createMetrics, stageDimensions } from '#shared/metrics.js';
import { signIn } from '#test/helpers/auth.js';
import { createPublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json } from '#test/helpers/http.js';
import { custodialChains, stack, testApp } from '#test/helpers/stack.js';

// One confirmation: the settlement test mines the block that makes its payment final.
const { runtime, close } = testApp({ CHAINS: custodialChains(1) });
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

  it('counts one Settlements point per settlement: none for a replayed submission or a poll of the paid order', async () => {
    const lines: string[] = [];
    const metrics = createMetrics({ dimensions: stageDimensions('test'), write: (line) => lines.push(line) });
    const app = createApp(buildAppDeps(runtime, { logger: createLogger('silent'), metrics }));
    const owner = await signIn(app);
    const price = 25_000_000n;
    const model = await createPublishedModel(app, owner, { price: price.toString() });
    const wallet = await fundedWallet(provider, price);
    const buyer = await signIn(app, wallet);
    const post = (path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { ...buyer.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const quote = await json(await post('/orders', { offerId: model.offerId }));
    const tx = await new Contract(stack().stablecoin, ERC20_ABI, wallet).getFunction('transfer')(
      quote.payTo,
      price,
    );
    await tx.wait();
    await provider.send('anvil_mine', ['0x1']);
    const settlements = () => lines.map((line) => JSON.parse(line)).filter((point) => 'Settlements' in point);

    expect((await post(`/orders/${quote.id}/payment`, { txHash: tx.hash })).status).toBe(200);
    expect(settlements()).toHaveLength(1);
    expect(settlements()[0]).toMatchObject({ Settlements: 1, Stage: 'test', orderId: quote.id });

    // The same payment submitted again (a client retrying after a lost answer), and a poll.
    expect((await post(`/orders/${quote.id}/payment`, { txHash: tx.hash })).status).toBe(200);
    expect((await app.request(`/orders/${quote.id}`, { headers: buyer.headers })).status).toBe(200);
    expect(settlements()).toHaveLength(1);
  });
});
