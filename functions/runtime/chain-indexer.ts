/**
 * Builds the chain indexer from config and the shared adapters. `Runtime.chainIndexer()` (runtime.ts)
 * loads this module once per process for the indexer's Lambda entry (functions/indexer/handler.ts,
 * on a schedule) and the local server (`npm start`, on an interval).
 */
import type { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { EvmMarketLogSource } from '#adapters/chain/evm-market-log-source.js';
import type { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import { DynamoMarketIndexRepository } from '#adapters/dynamodb/market-index-repository.js';
import { ChainIndexer } from '#domain/market/chain-indexer.js';
import { type Clock, systemClock } from '#ports/clock.js';
import type { LicenceSigner } from '#ports/purchases.js';
import type { Config } from '#shared/config.js';
import { type Metrics, noMetrics } from '#shared/metrics.js';

/** The indexer over every configured chain that has a market contract (none: undefined). */
export function buildChainIndexer(
  config: Config,
  infra: { table: DynamoTable; chains: EvmChainGateway; licenceSigner: LicenceSigner },
  options: { clock?: Clock; metrics?: Metrics } = {},
): ChainIndexer | undefined {
  const chains = config.chains.flatMap((chain) =>
    chain.market
      ? [{ chainId: chain.chainId, market: chain.market, deployBlock: chain.marketDeployBlock }]
      : [],
  );
  if (chains.length === 0) return undefined;
  return new ChainIndexer(
    new EvmMarketLogSource(infra.chains, config.chains),
    new DynamoMarketIndexRepository(infra.table),
    infra.licenceSigner,
    options.clock ?? systemClock,
    { chains, maxBlockRange: config.indexer.maxBlockRange, recentHashes: 64 },
    options.metrics ?? noMetrics,
  );
}
