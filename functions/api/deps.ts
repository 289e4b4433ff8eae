/**
 * The composition root: wires configuration, adapters and SDK clients into the app's dependencies.
 * Lambda (`handler.ts`), the local server (`local.ts`) and tests all call this, so there is exactly
 * one place that decides which implementation backs each port.
 */

import { type Config, ConfigError, type Settings } from '../../shared/config.js';
import { DependencyError } from '../../shared/domain/errors.js';
import { platformFeeRecipient } from '../../shared/domain/ledger/fee-recipients.js';
import { lazyRetrying } from '../../shared/lazy-retrying.js';
import { createLogger, type Logger } from '../../shared/logging.js';
import { createMetrics, type Metrics, noMetrics, stageDimensions } from '../../shared/metrics.js';
import type { AuthRepository } from '../../shared/ports/auth.js';
import type { CatalogueRepository } from '../../shared/ports/catalogue-repository.js';
import { type Clock, systemClock } from '../../shared/ports/clock.js';
import type { AppDeps } from './app.js';
import type { Infrastructure } from './infrastructure.js';

/** The whole configuration, secrets included, and the adapters built on it: what the services run on. */
export interface Runtime {
  config: Config;
  infra: Infrastructure;
}

export interface BuildDepsOptions {
  logger?: Logger;
  clock?: Clock;
  metrics?: Metrics;
  /**
   * Other implementations of these ports instead of the DynamoDB ones (bench/p1-overhead.ts serves
   * the app on in-memory repositories to measure our own per-request cost without the emulator).
   */
  repositories?: { auth?: AuthRepository; catalogue?: CatalogueRepository };
}

/**
 * Everything `createApp` needs, for a configuration that already holds its secrets on adapters already
 * built (the local server, tests, benchmarks). Configuration errors surface here, at start-up.
 */
export function buildAppDeps(config: Config, infra: Infrastructure, options: BuildDepsOptions = {}): AppDeps {
  apiRequirements(config);
  return buildDeferredAppDeps(config, async () => ({ config, infra }), options);
}

/**
 * Everything `createApp` needs, with the runtime built on first use. `settings` is the configuration
 * as read before any secret (the HTTP layer needs only its origins and limits); `loadRuntime` reads
 * the secrets and builds the adapters on the first request for a service or a readiness check, and
 * runs again after a failure. So liveness and a cold start's first `GET /health` never wait on
 * Secrets Manager (handler.ts), and the domain services are built on first use too (services.ts).
 */
export function buildDeferredAppDeps(
  settings: Settings,
  loadRuntime: () => Promise<Runtime>,
  options: BuildDepsOptions = {},
): AppDeps {
  const logger = options.logger ?? createLogger(settings.logLevel, { service: 'api', stage: settings.stage });
  const clock = options.clock ?? systemClock;
  // EMF lines on stdout become CloudWatch metrics in Lambda; tests and silent runs drop them.
  const metrics =
    options.metrics ??
    (settings.logLevel === 'silent'
      ? noMetrics
      : createMetrics({ dimensions: stageDimensions(settings.stage) }));
  const runtime = lazyRetrying(async () => {
    try {
      const loaded = await loadRuntime();
      return { ...loaded, ...apiRequirements(loaded.config) };
    } catch (error) {
      // Once per failed attempt, with the cause (which secret, which variable) for the operator.
      logger.error('runtime unavailable', { error });
      throw error;
    }
  });
  const services = lazyRetrying(async () => {
    const [{ buildServices }, { config, infra, platformRecipient }] = await Promise.all([
      import('./services.js'),
      runtime(),
    ]);
    return buildServices(config, infra, {
      clock,
      metrics,
      platformRecipient,
      repositories: options.repositories,
    });
  });
  return {
    config: settings,
    logger,
    clock,
    metrics,
    services,
    healthProbes: [
      {
        name: 'dynamodb',
        check: async () => {
          const { infra } = await runtime();
          await infra.table.get({ pk: 'HEALTH', sk: 'HEALTH' }).catch((error: unknown) => {
            throw error instanceof DependencyError
              ? error
              : new DependencyError('dynamodb', 'unreachable', { cause: error });
          });
        },
      },
      { name: 's3', check: async () => (await runtime()).infra.artifacts.ping() },
      ...settings.chains.map((chain) => ({
        name: `chain:${chain.chainId}`,
        check: async () => (await runtime()).infra.chains.ping(chain.chainId),
      })),
    ],
  };
}

/** What the API needs beyond what `loadConfig` requires of every function. */
function apiRequirements(config: Config) {
  if (config.sessionKeys.length === 0) {
    throw new ConfigError('Invalid configuration: SESSION_KEYS: required by the API');
  }
  const platformRecipient = platformFeeRecipient(config.stage, config.fees.platformRecipient, config.chains);
  if (!platformRecipient) {
    throw new ConfigError(`Invalid configuration: PLATFORM_FEE_RECIPIENT: required in stage ${config.stage}`);
  }
  return { platformRecipient };
}
