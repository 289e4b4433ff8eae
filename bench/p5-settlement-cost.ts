/**
 * P5 settlement cost: the JSON-RPC calls and DynamoDB operations one payment confirmation costs,
 * through the real app (POST /orders/{id}/payment → PurchaseService → EvmPaymentVerifier → the one
 * settlement transaction), for an ERC-20 and a native payment, at two chain heights.
 * Run: `npm run bench -- p5` (or `npx tsx bench/p5-settlement-cost.ts [extraBlocks=2000]`).
 *
 * Every RPC call goes through a counting proxy in front of anvil (bench/lib/rpc-counter.ts) and every
 * DynamoDB operation through a counting middleware on the app's own client (bench/lib/dynamo-counter.ts),
 * so the counts cover every code path, not only the verifier's. Goal: ≤ 4 RPC calls and exactly one
 * transaction per confirmation, the same at any chain height.
 */
import { Contract, JsonRpcProvider, parseEther, Wallet } from 'ethers';
import { createApp } from '#api/app.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { startLocalStack } from '#scripts/local-stack/index.js';
import { loadConfig } from '#shared/config.js';
import { createLogger } from '#shared/logging.js';
import { publishModel } from '#test/helpers/publish-flow.js';
import { call, signIn } from './lib/api-flows.js';
import { countDynamoOperations } from './lib/dynamo-counter.js';
import { recordResult } from './lib/report.js';
import { startRpcCounter } from './lib/rpc-counter.js';
import { printTable } from './lib/stats.js';

const EXTRA_BLOCKS = Number(process.argv[2] ?? 2000);
const CONFIRMATIONS = 3;
const ORIGIN = 'http://localhost:3000';
const BENCHMARK = 'P5 settlement cost';

const stack = await startLocalStack({ publicOrigin: ORIGIN, tableName: 'bench-p5' });
const rpc = await startRpcCounter(stack.rpcUrl);
const chains = (JSON.parse(stack.env.CHAINS as string) as Array<Record<string, unknown>>).map((chain) => ({
  ...chain,
  rpcUrl: rpc.url,
  confirmations: CONFIRMATIONS,
}));
const config = loadConfig({
  ...stack.env,
  CHAINS: JSON.stringify(chains),
  STAGE: 'test',
  LOG_LEVEL: 'silent',
  AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
});
const runtime = createRuntime(config);
const { infra } = runtime;
const dynamo = countDynamoOperations(infra.table.document);
const app = createApp(buildAppDeps(runtime, { logger: createLogger('silent') }));
const provider = new JsonRpcProvider(stack.rpcUrl, stack.chainId, {
  staticNetwork: true,
  cacheTimeout: -1,
  pollingInterval: 50,
});

interface Measured {
  label: string;
  height: number;
  order: { rpc: string; dynamo: string };
  confirming: { rpc: number; rpcDetail: string; dynamo: string };
  confirmation: {
    rpc: number;
    rpcDetail: string;
    dynamo: number;
    dynamoDetail: string;
    transactions: number;
  };
}

/** Counts RPC calls and DynamoDB operations around one request. */
async function counted<T>(run: () => Promise<T>) {
  rpc.reset();
  dynamo.reset();
  const value = await run();
  return {
    value,
    rpc: rpc.total(),
    rpcDetail: rpc.describe(),
    dynamo: { ...dynamo.counts },
    dynamoDetail: dynamo.describe(),
  };
}

try {
  const settings = { origin: ORIGIN, chainId: stack.chainId };
  console.log('Publishing an ERC-20-priced and a native-priced model…');
  const seller = await signIn(app, settings);
  const erc20Model = await publishModel(app, seller, {
    chainId: stack.chainId,
    currency: stack.stablecoin,
    price: '25000000',
  });
  const nativeModel = await publishModel(app, seller, {
    chainId: stack.chainId,
    currency: 'native',
    price: parseEther('0.01').toString(),
  });

  const buyerWallet = new Wallet(Wallet.createRandom().privateKey, provider);
  await provider.send('anvil_setBalance', [buyerWallet.address, `0x${parseEther('1000').toString(16)}`]);
  const token = new Contract(
    stack.stablecoin,
    ['function mint(address,uint256)', 'function transfer(address,uint256) returns (bool)'],
    buyerWallet,
  );
  await (await token.getFunction('mint')(buyerWallet.address, 10n ** 12n)).wait();
  const buyer = await signIn(app, settings, buyerWallet);
  const as = { headers: buyer.headers };

  async function purchase(
    label: string,
    offerId: string,
    pay: (payTo: string, amount: bigint) => Promise<string>,
  ) {
    const height = await provider.getBlockNumber();
    const created = await counted(() => call(app, 'POST', '/orders', { ...as, body: { offerId } }));
    const order = created.value;
    const txHash = await pay(order.payTo, BigInt(order.amount));
    const confirming = await counted(() =>
      call(app, 'POST', `/orders/${order.id}/payment`, { ...as, body: { txHash }, expected: [202] }),
    );
    await provider.send('anvil_mine', [`0x${CONFIRMATIONS.toString(16)}`]);
    const confirmation = await counted(() =>
      call(app, 'POST', `/orders/${order.id}/payment`, { ...as, body: { txHash }, expected: [200] }),
    );
    if (confirmation.value.status !== 'paid') throw new Error(`${label}: not paid`);
    const total = Object.values(confirmation.dynamo).reduce((sum, count) => sum + count, 0);
    return {
      label,
      height,
      order: { rpc: created.rpcDetail, dynamo: created.dynamoDetail },
      confirming: { rpc: confirming.rpc, rpcDetail: confirming.rpcDetail, dynamo: confirming.dynamoDetail },
      confirmation: {
        rpc: confirmation.rpc,
        rpcDetail: confirmation.rpcDetail,
        dynamo: total,
        dynamoDetail: confirmation.dynamoDetail,
        transactions: confirmation.dynamo.TransactWriteItems ?? 0,
      },
    } satisfies Measured;
  }

  const payErc20 = async (payTo: string, amount: bigint) =>
    (await (await token.getFunction('transfer')(payTo, amount)).wait()).hash as string;
  const payNative = async (payTo: string, amount: bigint) =>
    (await (await buyerWallet.sendTransaction({ to: payTo, value: amount })).wait())!.hash;

  console.log('Buying each at the current height…');
  const results: Measured[] = [];
  results.push(await purchase('ERC-20', erc20Model.offerId, payErc20));
  results.push(await purchase('native', nativeModel.offerId, payNative));
  const mineStarted = performance.now();
  await provider.send('anvil_mine', [`0x${EXTRA_BLOCKS.toString(16)}`]);
  console.log(`Mined ${EXTRA_BLOCKS} blocks in ${((performance.now() - mineStarted) / 1000).toFixed(1)} s`);
  results.push(await purchase('ERC-20', erc20Model.offerId, payErc20));
  results.push(await purchase('native', nativeModel.offerId, payNative));

  console.log(`\n${CONFIRMATIONS} confirmations required; counts per request:`);
  printTable([
    ['payment', 'height', 'RPC: confirmation', 'DynamoDB: confirmation', 'RPC: 202 check', 'RPC: order'],
    ...results.map((result) => [
      result.label,
      String(result.height),
      `${result.confirmation.rpc} (${result.confirmation.rpcDetail})`,
      `${result.confirmation.dynamo} (${result.confirmation.dynamoDetail})`,
      `${result.confirming.rpc} (${result.confirming.rpcDetail})`,
      result.order.rpc,
    ]),
  ]);
  console.log(
    `DynamoDB at the 202 check: ${results[0]?.confirming.dynamo}; at order creation: ${results[0]?.order.dynamo}`,
  );

  const maxRpc = Math.max(...results.map((result) => result.confirmation.rpc));
  const transactions = [...new Set(results.map((result) => result.confirmation.transactions))];
  const signature = (result: Measured) =>
    `${result.label}:${result.confirmation.rpcDetail}|${result.confirmation.dynamoDetail}`;
  const low = results.slice(0, 2).map(signature);
  const high = results.slice(2).map(signature);
  const independent = low.every((value, index) => value === high[index]);
  const heights = `${results[0]?.height} and ${results[2]?.height}`;
  recordResult({
    benchmark: BENCHMARK,
    metric: 'RPC calls per confirmation (max of ERC-20, native)',
    measured: `${maxRpc} calls`,
    goal: '≤ 4',
    met: maxRpc <= 4,
  });
  recordResult({
    benchmark: BENCHMARK,
    metric: 'DynamoDB transactions per confirmation',
    measured: transactions.join('/'),
    goal: '1',
    met: transactions.length === 1 && transactions[0] === 1,
  });
  recordResult({
    benchmark: BENCHMARK,
    metric: 'DynamoDB operations per confirmation (all kinds)',
    measured: `${Math.max(...results.map((result) => result.confirmation.dynamo))} ops`,
    goal: '—',
    note: `per confirmation: ${results[0]?.confirmation.dynamoDetail}`,
  });
  recordResult({
    benchmark: BENCHMARK,
    metric: `same counts at heights ${heights}`,
    measured: independent ? 'identical' : 'differ',
    goal: 'independent of height',
    met: independent,
  });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  provider.destroy();
  await runtime.close();
  await rpc.close();
  await stack.stop();
}
