/**
 * Payout worker Lambda entry (scheduled by the stack). One run sends requested payouts, confirms or
 * fails sent ones and re-credits failures; the state machine makes overlapping or crashed runs safe.
 * Its secrets are read at start; the worker is built by the composition root (functions/runtime).
 */

import { createRuntime, loadConfigWithSecrets } from '#runtime/runtime.js';
import { createLogger } from '#shared/logging.js';
import { createMetrics, METRIC_NAMES, stageDimensions } from '#shared/metrics.js';

const config = await loadConfigWithSecrets(process.env);
const logger = createLogger(config.logLevel, { service: 'payouts', stage: config.stage });
const metrics = createMetrics({ dimensions: stageDimensions(config.stage) });
const worker = await createRuntime(config).payoutWorker({ logger });

export const handler = async () => {
  if (!worker) {
    logger.warn('no treasury key configured: payouts stay requested');
    return { skipped: true };
  }
  const summary = await worker.runOnce();
  logger.info('payout run', { ...summary });
  metrics.count(METRIC_NAMES.payoutsSent, summary.sent);
  metrics.count(METRIC_NAMES.payoutFailures, summary.failed + summary.errors);
  return summary;
};
