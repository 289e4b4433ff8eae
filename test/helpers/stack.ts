/** Test access to the shared local stack started by test/global-setup.ts. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createApp } from '#api/app.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { type Config, loadConfig } from '#shared/config.js';
import { createLogger } from '#shared/logging.js';
import type { ProvidedStack } from '#test/global-setup.js';

export function stack(): ProvidedStack {
  return inject('stack');
}

/** Config pointing at the local stack; `overrides` are raw env values. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  // Every app.request() comes from the same pseudo-client, so the shared /auth/* limit is lifted here;
  // the rate-limit tests set their own.
  return loadConfig({
    ...stack().env,
    STAGE: 'test',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    ...overrides,
  });
}

/**
 * A fresh app over real adapters, built by the entry points' composition root. `runtime` builds more
 * apps on the same adapters (`createApp(buildAppDeps(runtime, { clock }))`). Call `close()` in afterAll.
 */
export function testApp(overrides: Record<string, string> = {}) {
  const config = testConfig(overrides);
  const runtime = createRuntime(config);
  const deps = buildAppDeps(runtime, { logger: createLogger('silent') });
  const app = createApp(deps);
  return { app, config, infra: runtime.infra, runtime, deps, close: () => runtime.close() };
}

/** A unique id prefix so tests never share data. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}-${randomUUID()}`;
}

/**
 * Confirmations no file mines on the shared anvil, at once or in total while one request runs (files
 * mine a block or two at a time; one that needs many mines its own chain, `startMarketChain`): a sale
 * sent just before answers "still confirming" (202) on an app that requires this many, whatever other
 * files do meanwhile. The config's maximum.
 */
export const NEVER_FINAL = 1000;

/**
 * The CHAINS override for a test app that requires `confirmations` blocks on the shared anvil. Files
 * that assert "still confirming" do it on an app with NEVER_FINAL confirmations, and take the sale
 * final on another with few, mining those few themselves.
 */
export function chainsWithConfirmations(confirmations: number): string {
  const chains = JSON.parse(stack().env.CHAINS as string) as object[];
  return JSON.stringify(chains.map((chain) => ({ ...chain, confirmations })));
}
