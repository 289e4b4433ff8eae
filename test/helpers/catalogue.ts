/**
 * Builds catalogue state through the public HTTP API for purchase tests: `publishModel`
 * (publish-flow.ts) with the local stack's chain, its stablecoin and a default price.
 */
import type { Hono } from 'hono';
import type { SignedIn } from './auth.js';
import { type PublishedModel, type PublishOptions, publishModel } from './publish-flow.js';
import { stack } from './stack.js';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createApp.
type AnyApp = Hono<any, any, any>;

export type { PublishedModel };

export interface ModelOptions extends Partial<Omit<PublishOptions, 'chainId'>> {}

export function createPublishedModel(
  app: AnyApp,
  owner: SignedIn,
  options: ModelOptions = {},
): Promise<PublishedModel> {
  return publishModel(app, owner, {
    ...options,
    chainId: stack().chainId,
    currency: options.currency ?? stack().stablecoin,
    price: options.price ?? '25000000',
  });
}
