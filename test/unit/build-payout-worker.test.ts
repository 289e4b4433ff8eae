import { describe, expect, it } from 'vitest';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import type { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import { PayoutWorker } from '#domain/payouts/payout-worker.js';
import { buildPayoutWorker } from '#runtime/payout-worker.js';
import { loadConfig } from '#shared/config.js';

const env = {
  PUBLIC_ORIGIN: 'http://localhost:3000',
  TABLE_NAME: 'model-commons',
  BUCKET_NAME: 'artifacts',
  SESSION_KEYS: 'k1:0123456789abcdef0123456789abcdef',
  CHAINS: JSON.stringify([
    {
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      payTo: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
    },
  ]),
};
const infra = { table: {} as DynamoTable, chains: new EvmChainGateway([]) };

describe('buildPayoutWorker', () => {
  it('builds no worker without a treasury key', () => {
    expect(buildPayoutWorker(loadConfig(env), infra)).toBeUndefined();
  });

  it('builds a worker when TREASURY_PRIVATE_KEY is set, and config defaults the licence chain', () => {
    const config = loadConfig({ ...env, TREASURY_PRIVATE_KEY: `0x${'11'.repeat(32)}` });
    expect(buildPayoutWorker(config, infra)).toBeInstanceOf(PayoutWorker);
    expect(config.licenceChainId).toBe(31337);
    expect(loadConfig({ ...env, LICENCE_CHAIN_ID: '8453' }).licenceChainId).toBe(8453);
  });
});
