/**
 * Purchases through the public API and the marketplace contract, as wallets make them: the creator
 * registers the model on the market with the transactions GET /models/{id}/market lists and signs an
 * offer's typed data; the buyer orders, sends the sale's transactions and submits the payment. Sends
 * from the signed-in wallets, which must hold ETH (and the buyer the price) on the chain.
 */

import { Contract, type JsonRpcProvider, type Wallet } from 'ethers';
import type { Hono } from 'hono';
import type { SignedIn } from './auth.js';
import { createPublishedModel, type ModelOptions, type PublishedModel } from './catalogue.js';
import { json, requestOk } from './http.js';
import { stack } from './stack.js';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createApp.
type AnyApp = Hono<any, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: API answers as json() returns them.
type Json = any;

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

/** POST /orders for `offerId` as `buyer` (naming `referrer` when given): the status and the body. */
export async function placeOrder(app: AnyApp, buyer: SignedIn, offerId: string, referrer?: string) {
  const response = await app.request('/orders', {
    method: 'POST',
    headers: { ...buyer.headers, 'content-type': 'application/json' },
    body: JSON.stringify(referrer === undefined ? { offerId } : { offerId, referrer }),
  });
  return { status: response.status, body: await json(response) };
}

/** POST /orders/{id}/payment {txHash}: the status and the body. */
export async function submitPayment(app: AnyApp, buyer: SignedIn, orderId: string, txHash: string) {
  const response = await app.request(`/orders/${orderId}/payment`, {
    method: 'POST',
    headers: { ...buyer.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ txHash }),
  });
  return { status: response.status, body: await json(response) };
}

/** Publishes a model through the API and puts it on sale on the contract: registered, offer signed. */
export async function publishForSale(
  app: AnyApp,
  owner: SignedIn,
  options: ModelOptions = {},
): Promise<PublishedModel> {
  const model = await createPublishedModel(app, owner, options);
  await registerOnChain(app, owner, model.modelId);
  await signOfferOnChain(app, owner, model.modelId, model.offerId);
  return model;
}

export interface Purchase {
  /** The order as POST /orders answered it (with its `sale`). */
  quote: Json;
  txHash: string;
  /** The paid order and its licence, as POST /orders/{id}/payment answered them. */
  order: Json;
  licence: Json;
}

/**
 * The whole purchase as a wallet makes it: order, the sale's transactions sent from the buyer's
 * wallet (which must hold the price), `confirmations` blocks mined, the payment submitted → 200.
 */
export async function buyLicence(
  app: AnyApp,
  buyer: SignedIn,
  offerId: string,
  options: { confirmations: number; referrer?: string },
): Promise<Purchase> {
  const ordered = await placeOrder(app, buyer, offerId, options.referrer);
  if (ordered.status !== 201) throw new Error(`order: ${ordered.status} ${JSON.stringify(ordered.body)}`);
  const txHash = await sendCalls(buyer.wallet, ordered.body.sale.calls);
  const provider = buyer.wallet.provider as JsonRpcProvider;
  await provider.send('anvil_mine', [`0x${options.confirmations.toString(16)}`]);
  const paid = await submitPayment(app, buyer, ordered.body.id, txHash);
  if (paid.status !== 200) throw new Error(`payment: ${paid.status} ${JSON.stringify(paid.body)}`);
  return { quote: ordered.body, txHash, order: paid.body.order, licence: paid.body.licence };
}

/**
 * The market's admin on the shared anvil (dev account 0, which anvil keeps unlocked): anvil assigns
 * its nonces as transactions arrive, so parallel files never race on them.
 */
export async function marketAdmin(provider: JsonRpcProvider, adminAddress: string) {
  await provider.send('anvil_impersonateAccount', [adminAddress]);
  const admin = await provider.getSigner(adminAddress);
  const market = new Contract(
    stack().market.address,
    [
      'function setCurrencyAllowed(address currency, bool allowed)',
      'function setReferrerRegistered(address referrer, bool registered)',
    ],
    admin,
  );
  const send = async (name: string, args: unknown[]) => {
    const receipt = await (await market.getFunction(name)(...args)).wait();
    if (receipt?.status !== 1) throw new Error(`${name} failed`);
  };
  return {
    allowCurrency: (currency: string) => send('setCurrencyAllowed', [currency, true]),
    registerReferrer: (referrer: string) => send('setReferrerRegistered', [referrer, true]),
  };
}
