/**
 * Builds the payout worker from config and the shared adapters. `Runtime.payoutWorker()` (runtime.ts)
 * loads this module and calls it once per process for the worker's Lambda entry
 * (functions/payouts/handler.ts) and the local server (`npm start`, on an interval); they call
 * `runOnce()` per tick.
 */
import type { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { EvmTreasurySender } from '#adapters/chain/evm-treasury-sender.js';
import type { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import { DynamoLedgerRepository } from '#adapters/dynamodb/ledger-repository.js';
import { PayoutWorker } from '#domain/payouts/payout-worker.js';
import { type Clock, systemClock } from '#ports/clock.js';
import type { Config } from '#shared/config.js';
import type { Logger } from '#shared/logging.js';

/**
 * The worker over DynamoDB and the configured chains, or undefined when no treasury key is configured
 * (payouts then stay `requested`; nothing is lost).
 */
export function buildPayoutWorker(
  config: Config,
  infra: { table: DynamoTable; chains: EvmChainGateway },
  options: { logger?: Logger; clock?: Clock; batchSize?: number } = {},
): PayoutWorker | undefined {
  if (!config.treasuryPrivateKey) return undefined;
  const finality = new Map(
    config.chains.map((chain) => [
      chain.chainId,
      { confirmations: chain.confirmations, useFinalizedTag: chain.useFinalizedTag },
    ]),
  );
  return new PayoutWorker({
    repository: new DynamoLedgerRepository(infra.table),
    sender: new EvmTreasurySender(infra.chains, config.treasuryPrivateKey),
    clock: options.clock ?? systemClock,
    chainIds: config.chains.map((chain) => chain.chainId),
    // Unknown chains are never listed (chainIds comes from the same config); 12 blocks is a safe floor anyway.
    finality: (chainId) => finality.get(chainId) ?? { confirmations: 12, useFinalizedTag: false },
    logger: options.logger,
    batchSize: options.batchSize,
  });
}
