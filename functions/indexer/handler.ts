/**
 * Chain indexer Lambda entry (scheduled by the stack): one run catches every market chain up to its
 * final head, a bounded number of block ranges at a time. Runs may overlap or die anywhere: every
 * event is applied at most once (shared/domain/market/chain-indexer.ts).
 */
import { createRuntime, loadConfigWithSecrets } from '#runtime/runtime.js';
import { createLogger } from '#shared/logging.js';
import { createMetrics, METRIC_NAMES, stageDimensions } from '#shared/metrics.js';

const config = await loadConfigWithSecrets(process.env);
const logger = createLogger(config.logLevel, { service: 'indexer', stage: config.stage });
const metrics = createMetrics({ dimensions: stageDimensions(config.stage) });
const indexer = await createRuntime(config).chainIndexer({ metrics });

export const handler = async () => {
  if (!indexer) {
    logger.warn('no chain has a market contract: nothing to index');
    return { skipped: true };
  }
  const reports = [];
  for (const chain of indexer.chains) {
    const ranges = await indexer.catchUp(chain.chainId);
    const applied = ranges.reduce((sum, range) => sum + range.applied, 0);
    const undone = ranges.reduce((sum, range) => sum + range.undone, 0);
    const last = ranges.at(-1);
    reports.push({ chainId: chain.chainId, to: last?.to, applied, undone, caughtUp: last?.caughtUp ?? true });
  }
  logger.info('indexer run', { reports });
  metrics.count(METRIC_NAMES.indexerRuns, 1);
  return { reports };
};
