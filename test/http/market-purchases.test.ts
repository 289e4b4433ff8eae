/**
 * A licence bought through the marketplace contract, over HTTP against the local stack: the creator
 * registers the model and signs the offer, the buyer's order returns the transactions to send (approve
 * and buy), the buyer sends them from an ordinary wallet, and POST /orders/{id}/payment indexes the
 * sale once final (202 before), after which the licence downloads. The money is the contract's: the
 * split's balances are withdrawable there. Refusals: an unsigned offer, a transaction that is not a
 * market sale, another order's sale.
 */
import { Contract, type JsonRpcProvider, Signature, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ABI } from '#adapters/chain/market-abi.js';
import { decodeLicenceToken } from '#domain/licences/licence-token.js';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { createPublishedModel, type PublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json, requestOk } from '#test/helpers/http.js';
import {
  placeOrder,
  registerOnChain,
  sendCalls,
  signOfferOnChain,
  submitPayment,
} from '#test/helpers/market-flow.js';
import { chainsWithConfirmations, NEVER_FINAL, stack, testApp } from '#test/helpers/stack.js';

// The app takes a sale final after these blocks, which the tests mine; "still confirming" is asked of
// an app that requires NEVER_FINAL, so no other file's mining can answer it.
const CONFIRMATIONS = 2;
const { app, close } = testApp({ CHAINS: chainsWithConfirmations(CONFIRMATIONS) });
const confirming = testApp({ CHAINS: chainsWithConfirmations(NEVER_FINAL) });
const provider: JsonRpcProvider = testProvider();
afterAll(async () => {
  provider.destroy();
  await Promise.all([close(), confirming.close()]);
});

const PRICE = 25_000_000n; // 25 USD
const mine = (blocks: number) => provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);

let owner: SignedIn;
let contributor: Wallet;
let model: PublishedModel;

beforeAll(async () => {
  owner = await signIn(app, await fundedWallet(provider));
  contributor = await fundedWallet(provider);
  model = await createPublishedModel(app, owner, {
    price: PRICE.toString(),
    split: [
      { address: owner.address, bps: 7000, role: 'author' },
      { address: contributor.address, bps: 3000, role: 'contributor' },
    ],
  });
  await registerOnChain(app, owner, model.modelId);
  await signOfferOnChain(app, owner, model.modelId, model.offerId);
}, 60_000);

const order = (buyer: SignedIn) => placeOrder(app, buyer, model.offerId);
const pay = (buyer: SignedIn, orderId: string, txHash: string) => submitPayment(app, buyer, orderId, txHash);

describe('buying through the marketplace contract', () => {
  it('order → approve and buy from the wallet → 202 until final → 200 with the licence → download', async () => {
    const buyer = await signIn(app, await fundedWallet(provider, PRICE));
    const { status, body: quote } = await order(buyer);
    expect(status).toBe(201);
    expect(quote.sale).toMatchObject({
      contract: stack().market.address,
      authorization: { buyer: buyer.address },
      offer: { price: PRICE.toString(), currency: stack().stablecoin },
    });
    expect(quote.sale.calls.map((call: { to: string }) => call.to)).toEqual([
      stack().stablecoin,
      stack().market.address,
    ]);

    const token = new Contract(stack().stablecoin, ERC20_ABI, provider);
    const before = (await token.getFunction('balanceOf')(buyer.wallet.address)) as bigint;
    const txHash = await sendCalls(buyer.wallet, quote.sale.calls);
    expect((await token.getFunction('balanceOf')(buyer.wallet.address)) as bigint).toBe(before - PRICE);

    const early = await submitPayment(confirming.app, buyer, quote.id, txHash);
    expect(early.status).toBe(202);
    expect(early.body).toMatchObject({ status: 'confirming', required: NEVER_FINAL });

    await mine(CONFIRMATIONS);
    const paid = await pay(buyer, quote.id, txHash);
    expect(paid.status).toBe(200);
    const { order: paidOrder, licence } = paid.body;
    expect(paidOrder).toMatchObject({ status: 'paid', txHash, licenceId: licence.id });
    expect(licence).toMatchObject({ licensee: buyer.address, state: 'active' });
    // Submitting again answers the same licence.
    const replay = await pay(buyer, quote.id, txHash);
    expect(replay.status).toBe(200);
    expect(replay.body.licence.id).toBe(licence.id);

    // The licence names its token on chain, which the buyer's wallet holds; its id is the order's.
    const market = new Contract(stack().market.address, MARKET_ABI, provider);
    expect(licence.onChain).toMatchObject({
      chainId: stack().chainId,
      contract: stack().market.address,
      txHash,
    });
    const tokenId = BigInt(licence.onChain.tokenId);
    expect(tokenId & ~0xffff_ffffn).toBe(BigInt(quote.sale.orderHash) & ~0xffff_ffffn);
    expect(await market.getFunction('ownerOf')(tokenId)).toBe(buyer.wallet.address);

    // The split is the contract's to pay: 97.5% of the price awaits distribution to the two recipients.
    const splitId = (await market.getFunction('models')(quote.sale.offer.modelKey))[1] as string;
    expect(await market.getFunction('undistributed')(splitId, stack().stablecoin)).toBeGreaterThanOrEqual(
      PRICE - (PRICE * 250n) / 10_000n,
    );

    // The owner's earnings: the indexed history, and what the contract holds for it (70% of the split's
    // part), paid out by the one transaction GET /me/earnings returns.
    const earnings = await requestOk(app, owner, 'GET', '/me/earnings');
    const toSplit = PRICE - (PRICE * 250n) / 10_000n;
    expect(earnings.history[0]).toMatchObject({
      modelId: model.modelId,
      role: 'split',
      amount: ((toSplit * 7000n) / 10_000n).toString(),
    });
    const held = earnings.onChain.find(
      (entry: { currency: string }) => entry.currency === stack().stablecoin,
    );
    expect(held).toMatchObject({
      withdrawable: '0',
      awaitingDistribution: ((toSplit * 7000n) / 10_000n).toString(),
    });
    const ownerBefore = (await token.getFunction('balanceOf')(owner.wallet.address)) as bigint;
    await sendCalls(owner.wallet, [held.withdraw]);
    expect((await token.getFunction('balanceOf')(owner.wallet.address)) as bigint).toBe(
      ownerBefore + (toSplit * 7000n) / 10_000n,
    );
    const after = await requestOk(app, owner, 'GET', '/me/earnings');
    expect(
      after.onChain.find((entry: { currency: string }) => entry.currency === stack().stablecoin),
    ).toMatchObject({
      withdrawable: '0',
      awaitingDistribution: '0',
      withdraw: null,
    });

    // The signed licence token names the ERC-721 token, and the chain confirms the holder.
    expect(decodeLicenceToken(licence.token).message).toMatchObject({
      tokenChainId: stack().chainId,
      tokenContract: stack().market.address,
      tokenId: tokenId.toString(),
    });
    const verdict = await requestOk(app, { headers: {} }, 'POST', '/licences/verify', {
      token: licence.token,
      checkChain: true,
    });
    expect(verdict).toMatchObject({ valid: true, holder: buyer.wallet.address });

    // tokenURI → the metadata route: what wallets show.
    const tokenUri = (await market.getFunction('tokenURI')(tokenId)) as string;
    expect(tokenUri).toBe(
      `${new URL(stack().env.PUBLIC_ORIGIN as string).origin}/metadata/${stack().chainId}/${tokenId}`,
    );
    const metadata = await requestOk(app, { headers: {} }, 'GET', new URL(tokenUri).pathname);
    expect(metadata.attributes).toContainEqual({ trait_type: 'Model', value: model.modelId });
    expect(metadata.attributes).toContainEqual({ trait_type: 'State', value: 'active' });
    const unknown = await app.request(`/metadata/${stack().chainId}/${tokenId + (1n << 40n)}`);
    expect(unknown.status).toBe(404);

    // Transfers happen in the wallet, not through the API: it has no transfer route.
    const document = await json(await app.request('/openapi.json'));
    expect(Object.keys(document.paths).filter((path) => path.includes('transfer'))).toEqual([]);

    const download = await app.request(
      `/models/${model.modelId}/versions/${model.version}/files/${encodeURIComponent(model.path)}/download`,
      { headers: buyer.headers },
    );
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await (await fetch((await json(download)).url)).arrayBuffer());
    expect(bytes.equals(model.bytes)).toBe(true);
  });

  it('buys with one signature: an EIP-2612 permit, or an EIP-3009 authorisation a relayer submits', async () => {
    const market = new Contract(stack().market.address, MARKET_ABI, provider);
    const token = new Contract(stack().stablecoin, ERC20_ABI, provider);
    const relayer = await fundedWallet(provider);
    for (const method of ['permit', 'receiveWithAuthorization'] as const) {
      // The permit's buyer sends its own buy; the authorisation is sent by a relayer, who pays the gas.
      const buyer = await signIn(app, await fundedWallet(provider, PRICE));
      const { body: quote } = await order(buyer);
      const payment = quote.sale.payWithSignature[method];
      expect(payment.typedData.domain).toMatchObject({
        chainId: stack().chainId,
        verifyingContract: stack().stablecoin,
      });
      const signature = Signature.from(
        await buyer.wallet.signTypedData(
          payment.typedData.domain,
          payment.typedData.types,
          payment.typedData.message,
        ),
      );
      const { v, r, s } = signature;
      const head = [
        quote.sale.offer,
        quote.sale.offerSignature,
        quote.sale.authorization,
        quote.sale.authorizationSignature,
      ];
      const data =
        method === 'permit'
          ? market.interface.encodeFunctionData('buyWithPermit', [
              ...head,
              { deadline: payment.deadline, v, r, s },
            ])
          : market.interface.encodeFunctionData('buyWithAuthorization', [
              ...head,
              {
                validAfter: payment.validAfter,
                validBefore: payment.validBefore,
                nonce: payment.nonce,
                v,
                r,
                s,
              },
            ]);
      const sender = method === 'permit' ? buyer.wallet : relayer;
      const before = (await token.getFunction('balanceOf')(buyer.wallet.address)) as bigint;
      const txHash = await sendCalls(sender, [{ to: stack().market.address, data, value: '0' }]);
      expect((await token.getFunction('balanceOf')(buyer.wallet.address)) as bigint).toBe(before - PRICE);
      await mine(CONFIRMATIONS);
      const paid = await pay(buyer, quote.id, txHash);
      expect(paid.status).toBe(200);
      const { licence } = paid.body;
      // The licence is the buyer's, whoever sent the transaction.
      expect(await market.getFunction('ownerOf')(BigInt(licence.onChain.tokenId))).toBe(buyer.wallet.address);
    }
  });

  it('refuses to quote an offer its owner has not signed, or whose model is not on the contract', async () => {
    const unsigned = await createPublishedModel(app, owner, { price: PRICE.toString() });
    const buyer = await signIn(app);
    const response = await app.request('/orders', {
      method: 'POST',
      headers: { ...buyer.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ offerId: unsigned.offerId }),
    });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('OFFER_NOT_SIGNED');

    // Signed, but the model is not registered on the contract yet: the sale would revert.
    await signOfferOnChain(app, owner, unsigned.modelId, unsigned.offerId);
    const unregistered = await app.request('/orders', {
      method: 'POST',
      headers: { ...buyer.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ offerId: unsigned.offerId }),
    });
    expect(unregistered.status).toBe(409);
    expect((await json(unregistered)).error.code).toBe('MODEL_NOT_ON_CHAIN');
  });

  it('a transaction that is not a market sale, or is the sale of another order, settles nothing', async () => {
    const first = await signIn(app, await fundedWallet(provider, PRICE));
    const second = await signIn(app, await fundedWallet(provider, PRICE));
    const { body: firstQuote } = await order(first);
    const { body: secondQuote } = await order(second);
    const firstTx = await sendCalls(first.wallet, firstQuote.sale.calls);
    const plainTransfer = await sendCalls(second.wallet, [
      { to: first.wallet.address, data: '0x', value: '1' },
    ]);
    await mine(CONFIRMATIONS);

    const notMarket = await pay(second, secondQuote.id, plainTransfer);
    expect(notMarket.status).toBe(422);
    expect(notMarket.body.error.code).toBe('NOT_A_MARKET_SALE');

    const another = await pay(second, secondQuote.id, firstTx);
    expect(another.status).toBe(422);
    expect(another.body.error.code).toBe('SALE_OF_ANOTHER_ORDER');
    expect((await requestOk(app, second, 'GET', `/orders/${secondQuote.id}`)).status).toBe(
      'awaiting_payment',
    );
    // The first order was paid by that same indexing.
    expect((await requestOk(app, first, 'GET', `/orders/${firstQuote.id}`)).status).toBe('paid');
  });
});
