/**
 * The creator's on-chain steps through the public API, for purchase tests: register the model on the
 * market with the transactions GET /models/{id}/market lists, and sign an offer's typed data. Sends
 * from the signed-in wallet, which must hold ETH on the chain.
 */

import type { Wallet } from 'ethers';
import type { Hono } from 'hono';
import type { SignedIn } from './auth.js';
import { requestOk } from './http.js';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createApp.
type AnyApp = Hono<any, any, any>;

export interface WalletCall {
  to: string;
  data: string;
  value: string;
}

/** Sends `calls` in order from `wallet`, each mined and successful; returns the last receipt's hash. */
export async function sendCalls(wallet: Wallet, calls: readonly WalletCall[]): Promise<string> {
  let last = '';
  for (const call of calls) {
    const tx = await wallet.sendTransaction({ to: call.to, data: call.data, value: BigInt(call.value) });
    const receipt = await tx.wait();
    if (receipt?.status !== 1) throw new Error(`call to ${call.to} failed`);
    last = receipt.hash;
  }
  return last;
}

/** Registers the model (and its split) on the market, as its owner. */
export async function registerOnChain(app: AnyApp, owner: SignedIn, modelId: string): Promise<void> {
  const market = await requestOk(app, owner, 'GET', `/models/${modelId}/market`);
  await sendCalls(owner.wallet, market.calls);
}

/** The owner signs the offer's current revision for sale on chain. */
export async function signOfferOnChain(
  app: AnyApp,
  owner: SignedIn,
  modelId: string,
  offerId: string,
): Promise<void> {
  const path = `/models/${modelId}/offers/${offerId}`;
  const typed = await requestOk(app, owner, 'GET', `${path}/typed-data`);
  const signature = await owner.wallet.signTypedData(typed.domain, typed.types, typed.message);
  await requestOk(app, owner, 'PUT', `${path}/signature`, {
    signature,
    validUntil: typed.message.validUntil,
    maxFeeBps: typed.message.maxFeeBps,
  });
}
