/**
 * ModelCommonsMarket on a private anvil: every revert path of a sale, the three payment methods, the
 * split's exactness (a property test up to 2^256 − 1), the balance invariant over random sequences,
 * re-entry and fee-on-transfer tokens, the operator's keys trying each forbidden act, and 50 buyers
 * racing for a supply cap of 10 in one block.
 */

import {
  AbiCoder,
  type Contract,
  type ContractTransactionResponse,
  id,
  keccak256,
  Signature,
  TypedDataEncoder,
  type Wallet,
  ZeroAddress,
  ZeroHash,
} from 'ethers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVE_WITH_AUTHORIZATION_TYPES } from '#domain/market/typed-data.js';
import { type PrivateChain, startPrivateChain } from '#test/helpers/chain.js';
import {
  buyArgs,
  createSplit,
  DEFAULT_FEES,
  deploy,
  deployMarket,
  latestTimestamp,
  MARKET_CHAIN_ID,
  type MarketSetup,
  MODEL_TYPES,
  marketWallet,
  mined,
  offerFor,
  PERMIT_TYPES,
  registerModel,
  revertName,
  signedSale,
  soldTokenId,
} from '#test/helpers/market.js';

const MAX_UINT256 = 2n ** 256n - 1n;
const USDC = 1_000_000n;

let chain: PrivateChain;
let setup: MarketSetup;
let market: Contract;
let owner: Wallet;
let contributor: Wallet;
let buyer: Wallet;
let modelKey: string;
let splitId: string;
let tokenAddress: string;

beforeAll(async () => {
  chain = await startPrivateChain(MARKET_CHAIN_ID);
  setup = await deployMarket(chain);
  market = setup.market;
  tokenAddress = await setup.token.getAddress();
  [owner, contributor, buyer] = await Promise.all([
    marketWallet(chain),
    marketWallet(chain),
    marketWallet(chain),
  ]);
  splitId = await createSplit(market, [
    { address: owner.address, bps: 7000 },
    { address: contributor.address, bps: 3000 },
  ]);
  modelKey = await registerModel(setup, owner, splitId);
});

afterAll(async () => {
  await chain?.stop();
});

function as(wallet: Wallet): Contract {
  return market.connect(wallet) as Contract;
}

async function now(): Promise<bigint> {
  return latestTimestamp(chain);
}

async function fundedTokenBuyer(units: bigint): Promise<Wallet> {
  const wallet = await marketWallet(chain);
  await mined(setup.token.getFunction('mint')(wallet.address, units));
  return wallet;
}

async function approve(wallet: Wallet, amount: bigint) {
  await mined(
    (setup.token.connect(wallet) as Contract).getFunction('approve')(await market.getAddress(), amount),
  );
}

async function withdrawable(account: string, currency: string): Promise<bigint> {
  return market.getFunction('withdrawable')(account, currency);
}

async function undistributed(split: string, currency: string): Promise<bigint> {
  return market.getFunction('undistributed')(split, currency);
}

describe('splits and models', () => {
  it('refuses malformed splits', async () => {
    const [a, b] = [owner.address, contributor.address].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)) as [
      string,
      string,
    ];
    const create = (recipients: string[], bps: number[]) =>
      market.getFunction('createSplit').staticCall(recipients, bps);
    expect(await revertName(market, create([], []))).toBe('InvalidSplit');
    expect(await revertName(market, create([a], [5000, 5000]))).toBe('InvalidSplit');
    expect(await revertName(market, create([b, a], [5000, 5000]))).toBe('InvalidSplit');
    expect(await revertName(market, create([a, a], [5000, 5000]))).toBe('InvalidSplit');
    expect(await revertName(market, create([ZeroAddress, a], [5000, 5000]))).toBe('InvalidSplit');
    expect(await revertName(market, create([a, b], [0, 10000]))).toBe('InvalidSplit');
    expect(await revertName(market, create([a, b], [5000, 4999]))).toBe('InvalidSplit');
    const many = Array.from({ length: 101 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`);
    expect(
      await revertName(
        market,
        create(
          many,
          many.map(() => 1),
        ),
      ),
    ).toBe('InvalidSplit');
    // The same content always has the same id, and recording it again changes nothing.
    expect(await create([a, b], [5000, 5000])).toBe(await create([a, b], [5000, 5000]));
  });

  it('registers a model only with its owner’s signature, once, on a known split', async () => {
    const externalId = id('model-x');
    const register = market.getFunction('registerModel');
    const forged = await setup.admin.signTypedData(setup.domain, MODEL_TYPES, {
      owner: owner.address,
      externalId,
      splitId,
    });
    expect(await revertName(market, register.staticCall(owner.address, externalId, splitId, forged))).toBe(
      'BadOwnerSignature',
    );
    expect(
      await revertName(market, register.staticCall(owner.address, externalId, id('no split'), '0x')),
    ).toBe('UnknownSplit');
    // The owner itself needs no signature; the key is bound to the owner, so no one can squat it.
    await mined(as(owner).getFunction('registerModel')(owner.address, externalId, splitId, '0x'));
    expect(
      await revertName(
        market,
        as(owner).getFunction('registerModel').staticCall(owner.address, externalId, splitId, '0x'),
      ),
    ).toBe('ModelExists');
    const key = await market.getFunction('modelKeyOf')(owner.address, externalId);
    expect((await market.getFunction('models')(key))[0]).toBe(owner.address);
  });

  it('accepts an EIP-1271 wallet as a model owner', async () => {
    const signerKey = await marketWallet(chain);
    const wallet = await deploy('Eip1271Wallet', signerKey, [signerKey.address]);
    const walletAddress = await wallet.getAddress();
    const externalId = id('contract-owned');
    // The wallet validates the key's raw signature of the digest.
    const digest = registrationDigest({ owner: walletAddress, externalId, splitId });
    const signature = signerKey.signingKey.sign(digest).serialized;
    await mined(market.getFunction('registerModel')(walletAddress, externalId, splitId, signature));
    const key = await market.getFunction('modelKeyOf')(walletAddress, externalId);
    expect((await market.getFunction('models')(key))[0]).toBe(walletAddress);
  });

  it('lets only the owner point the model at another split', async () => {
    const other = await createSplit(market, [{ address: owner.address, bps: 10000 }]);
    expect(
      await revertName(market, as(contributor).getFunction('setModelSplit').staticCall(modelKey, other)),
    ).toBe('NotModelOwner');
    expect(
      await revertName(market, as(setup.admin).getFunction('setModelSplit').staticCall(modelKey, other)),
    ).toBe('NotModelOwner');
    expect(
      await revertName(market, as(owner).getFunction('setModelSplit').staticCall(modelKey, id('none'))),
    ).toBe('UnknownSplit');
  });
});

function registrationDigest(value: Record<string, unknown>): string {
  return TypedDataEncoder.hash(setup.domain, MODEL_TYPES, value);
}

describe('a sale', () => {
  it('pays in the native coin: exact price, fees and split credited, a locked licence minted to the buyer', async () => {
    const price = 1_000_000_000_000_000n;
    const offer = offerFor(modelKey, ZeroAddress, price, await now());
    const sale = await signedSale(setup, owner, offer, buyer.address, await now());
    const potBefore = await undistributed(splitId, ZeroAddress);
    const feeBefore = await withdrawable(setup.feeRecipient.address, ZeroAddress);
    const receipt = await mined(as(buyer).getFunction('buy')(...buyArgs(sale), { value: price }));
    const events = receipt.logs.map((log) => market.interface.parseLog(log)?.name);
    expect(events).toEqual(expect.arrayContaining(['Sale', 'TermsRecorded', 'Locked', 'Transfer']));
    const tokenId = soldTokenId(market, receipt);
    // The token id is the order id with the terms' number in its low 32 bits.
    expect(tokenId >> 32n).toBe(BigInt(sale.auth.orderId) >> 32n);
    expect(await market.getFunction('ownerOf')(tokenId)).toBe(buyer.address);
    expect(await market.getFunction('locked')(tokenId)).toBe(true);
    const [terms, expiresAt, holder] = await market.getFunction('licence')(tokenId);
    expect([terms.modelKey, terms.offerId, terms.termsHash, terms.manifestHash, terms.transferable]).toEqual([
      modelKey,
      offer.offerId,
      offer.termsHash,
      offer.manifestHash,
      false,
    ]);
    expect([expiresAt, holder]).toEqual([0n, buyer.address]);
    const fee = (await withdrawable(setup.feeRecipient.address, ZeroAddress)) - feeBefore;
    const pot = (await undistributed(splitId, ZeroAddress)) - potBefore;
    expect(fee).toBe((price * 250n) / 10_000n);
    expect(fee + pot).toBe(price);
    expect(await market.getFunction('tokenURI')(tokenId)).toBe(
      `https://api.example/licences/tokens/${tokenId}`,
    );
    expect(await market.getFunction('supportsInterface')('0xb45a3c0e')).toBe(true); // ERC-5192
    expect(await market.getFunction('supportsInterface')('0x80ac58cd')).toBe(true); // ERC-721
  });

  it('refuses a native payment one unit short or over, and a coin sent with a token sale', async () => {
    const price = 10n ** 15n;
    const offer = offerFor(modelKey, ZeroAddress, price, await now());
    const sale = await signedSale(setup, owner, offer, buyer.address, await now());
    const buy = as(buyer).getFunction('buy');
    expect(await revertName(market, buy.staticCall(...buyArgs(sale), { value: price - 1n }))).toBe(
      'WrongPayment',
    );
    expect(await revertName(market, buy.staticCall(...buyArgs(sale), { value: price + 1n }))).toBe(
      'WrongPayment',
    );
    const tokenSale = await signedSale(
      setup,
      owner,
      offerFor(modelKey, tokenAddress, USDC, await now()),
      buyer.address,
      await now(),
    );
    expect(await revertName(market, buy.staticCall(...buyArgs(tokenSale), { value: 1n }))).toBe(
      'WrongPaymentMethod',
    );
  });

  it('pays with an approved ERC-20, and refuses a fee-on-transfer token that would short the split', async () => {
    const payer = await fundedTokenBuyer(100n * USDC);
    await approve(payer, 100n * USDC);
    const sale = await signedSale(
      setup,
      owner,
      offerFor(modelKey, tokenAddress, 25n * USDC, await now()),
      payer.address,
      await now(),
    );
    await mined(as(payer).getFunction('buy')(...buyArgs(sale)));
    expect(await setup.token.getFunction('balanceOf')(payer.address)).toBe(75n * USDC);

    const feeToken = await deploy('FeeOnTransferToken', setup.admin);
    const feeTokenAddress = await feeToken.getAddress();
    await mined(market.getFunction('setCurrencyAllowed')(feeTokenAddress, true));
    await mined(feeToken.getFunction('mint')(payer.address, 100n * USDC));
    await mined(
      (feeToken.connect(payer) as Contract).getFunction('approve')(await market.getAddress(), MAX_UINT256),
    );
    const shorted = await signedSale(
      setup,
      owner,
      offerFor(modelKey, feeTokenAddress, 10n * USDC, await now()),
      payer.address,
      await now(),
    );
    expect(
      await revertName(
        market,
        as(payer)
          .getFunction('buy')
          .staticCall(...buyArgs(shorted)),
      ),
    ).toBe('WrongPayment');
  });

  it('pays through an EIP-2612 permit in the same transaction', async () => {
    const payer = await fundedTokenBuyer(50n * USDC);
    const offer = offerFor(modelKey, tokenAddress, 20n * USDC, await now());
    const sale = await signedSale(setup, owner, offer, payer.address, await now());
    const deadline = (await now()) + 600n;
    const nonce = await setup.token.getFunction('nonces')(payer.address);
    const permitSignature = Signature.from(
      await payer.signTypedData(
        { name: 'USD Coin', version: '1', chainId: MARKET_CHAIN_ID, verifyingContract: tokenAddress },
        PERMIT_TYPES,
        { owner: payer.address, spender: await market.getAddress(), value: offer.price, nonce, deadline },
      ),
    );
    const permit = { deadline, v: permitSignature.v, r: permitSignature.r, s: permitSignature.s };
    // A permit already spent by someone who copied it does not block the sale: the allowance stands.
    await mined(
      (setup.token.connect(setup.admin) as Contract).getFunction('permit')(
        payer.address,
        await market.getAddress(),
        offer.price,
        deadline,
        permit.v,
        permit.r,
        permit.s,
      ),
    );
    await mined(as(payer).getFunction('buyWithPermit')(...buyArgs(sale), permit));
    expect(await setup.token.getFunction('balanceOf')(payer.address)).toBe(30n * USDC);
    expect(
      await revertName(
        market,
        as(payer)
          .getFunction('buyWithPermit')
          .staticCall(...buyArgs(sale), permit),
      ),
    ).toBe('OrderAlreadyUsed');
  });

  it('pays through EIP-3009 receiveWithAuthorization submitted by a relayer; the licence goes to the buyer', async () => {
    const payer = await fundedTokenBuyer(50n * USDC);
    const relayer = await marketWallet(chain);
    const offer = offerFor(modelKey, tokenAddress, 20n * USDC, await now());
    const sale = await signedSale(setup, owner, offer, payer.address, await now());
    const transfer = await receiveAuthorization(payer, offer.price);
    const receipt = await mined(as(relayer).getFunction('buyWithAuthorization')(...buyArgs(sale), transfer));
    const tokenId = soldTokenId(market, receipt);
    expect(await market.getFunction('ownerOf')(tokenId)).toBe(payer.address);
    expect(await setup.token.getFunction('balanceOf')(payer.address)).toBe(30n * USDC);
    // The same authorisation cannot pay again, nor be redeemed by anyone but the market.
    const again = await signedSale(setup, owner, offer, payer.address, await now());
    expect(
      await revertName(
        setup.token,
        as(relayer)
          .getFunction('buyWithAuthorization')
          .staticCall(...buyArgs(again), transfer),
      ),
    ).toBe('AuthorizationAlreadyUsed');
    const fresh = await receiveAuthorization(payer, offer.price);
    const token = setup.token.connect(relayer) as Contract;
    expect(
      await revertName(
        setup.token,
        token
          .getFunction('receiveWithAuthorization')
          .staticCall(
            payer.address,
            await market.getAddress(),
            offer.price,
            fresh.validAfter,
            fresh.validBefore,
            fresh.nonce,
            fresh.v,
            fresh.r,
            fresh.s,
          ),
      ),
    ).toBe('CallerMustBePayee');
  });

  async function receiveAuthorization(payer: Wallet, value: bigint) {
    const validBefore = (await now()) + 600n;
    const nonce = id(`3009-${Math.random()}`);
    const signature = Signature.from(
      await payer.signTypedData(
        { name: 'USD Coin', version: '1', chainId: MARKET_CHAIN_ID, verifyingContract: tokenAddress },
        {
          ReceiveWithAuthorization: RECEIVE_WITH_AUTHORIZATION_TYPES.ReceiveWithAuthorization.map(
            (field) => ({ ...field }),
          ),
        },
        { from: payer.address, to: await market.getAddress(), value, validAfter: 0n, validBefore, nonce },
      ),
    );
    return { validAfter: 0n, validBefore, nonce, v: signature.v, r: signature.r, s: signature.s };
  }

  it('refuses every broken check before any money moves', async () => {
    const t = await now();
    const price = 10n ** 15n;
    const buy = as(buyer).getFunction('buy');
    const attempt = async (sale: Awaited<ReturnType<typeof signedSale>>, value = price) =>
      revertName(market, buy.staticCall(...buyArgs(sale), { value }));

    const offer = offerFor(modelKey, ZeroAddress, price, t);
    expect(
      await attempt(await signedSale(setup, owner, { ...offer, modelKey: id('unknown') }, buyer.address, t)),
    ).toBe('UnknownModel');
    expect(await attempt(await signedSale(setup, contributor, offer, buyer.address, t))).toBe(
      'BadOfferSignature',
    );
    expect(
      await attempt(await signedSale(setup, owner, { ...offer, validUntil: t - 1n }, buyer.address, t)),
    ).toBe('OfferExpired');
    expect(await attempt(await signedSale(setup, owner, offer, buyer.address, t, {}, owner))).toBe(
      'BadSaleAuthorization',
    );
    expect(
      await attempt(await signedSale(setup, owner, offer, buyer.address, t, { offerDigest: id('other') })),
    ).toBe('AuthorizationMismatch');
    expect(await attempt(await signedSale(setup, owner, offer, buyer.address, t, { expiry: t - 1n }))).toBe(
      'AuthorizationExpired',
    );
    expect(await attempt(await signedSale(setup, owner, offer, contributor.address, t))).toBe('NotBuyer');
    expect(
      await attempt(
        await signedSale(setup, owner, offer, buyer.address, t, { manifestHash: id('another manifest') }),
      ),
    ).toBe('ManifestMismatch');
    expect(
      await attempt(
        await signedSale(setup, owner, offer, buyer.address, t, { referrer: contributor.address }),
      ),
    ).toBe('ReferrerNotRegistered');
    expect(
      await attempt(await signedSale(setup, owner, { ...offer, maxFeeBps: 249 }, buyer.address, t)),
    ).toBe('FeesAboveOffer');
    const unlisted = await deploy('TestStablecoin', setup.admin, ['Other', 'OTH', 6]);
    expect(
      await attempt(
        await signedSale(
          setup,
          owner,
          offerFor(modelKey, await unlisted.getAddress(), 1n, t),
          buyer.address,
          t,
        ),
        0n,
      ),
    ).toBe('CurrencyNotAllowed');

    // Cancelled by its owner: revisions up to the one named are dead even before their deadline; a
    // later revision (the repriced offer) sells.
    const cancelled = { ...offer, offerId: id('to cancel'), revision: 3n };
    const cancel = (wallet: Wallet) => as(wallet).getFunction('cancelOffer');
    expect(await revertName(market, cancel(contributor).staticCall(modelKey, cancelled.offerId, 3n))).toBe(
      'NotModelOwner',
    );
    await mined(cancel(owner)(modelKey, cancelled.offerId, 3n));
    for (const revision of [0n, 3n]) {
      expect(
        await attempt(await signedSale(setup, owner, { ...cancelled, revision }, buyer.address, t)),
      ).toBe('OfferIsCancelled');
    }
    await mined(
      buy(...buyArgs(await signedSale(setup, owner, { ...cancelled, revision: 4n }, buyer.address, t)), {
        value: price,
      }),
    );

    // An order authorises one sale.
    const once = await signedSale(setup, owner, offer, buyer.address, t);
    await mined(buy(...buyArgs(once), { value: price }));
    expect(await attempt(once)).toBe('OrderAlreadyUsed');
  });

  it('manifests: a fixed-version offer names its manifest; a "latest" offer takes the authorised one', async () => {
    const t = await now();
    const latest = offerFor(modelKey, ZeroAddress, 1n, t, { manifestHash: ZeroHash });
    const sale = await signedSale(setup, owner, latest, buyer.address, t, {
      manifestHash: id('manifest 2.0.0'),
    });
    const receipt = await mined(as(buyer).getFunction('buy')(...buyArgs(sale), { value: 1n }));
    const [terms] = await market.getFunction('licence')(soldTokenId(market, receipt));
    expect(terms.manifestHash).toBe(id('manifest 2.0.0'));
  });

  it('credits a registered referrer, within the fee the owner accepted', async () => {
    const referrer = await marketWallet(chain);
    await mined(market.getFunction('setReferrerRegistered')(referrer.address, true));
    const price = 1_000_003n;
    const sale = await signedSale(
      setup,
      owner,
      offerFor(modelKey, ZeroAddress, price, await now()),
      buyer.address,
      await now(),
      {
        referrer: referrer.address,
      },
    );
    const potBefore = await undistributed(splitId, ZeroAddress);
    const feeBefore = await withdrawable(setup.feeRecipient.address, ZeroAddress);
    await mined(as(buyer).getFunction('buy')(...buyArgs(sale), { value: price }));
    const referrerFee = await withdrawable(referrer.address, ZeroAddress);
    const platformFee = (await withdrawable(setup.feeRecipient.address, ZeroAddress)) - feeBefore;
    const pot = (await undistributed(splitId, ZeroAddress)) - potBefore;
    expect(referrerFee).toBe((price * 100n) / 10_000n);
    expect(platformFee).toBe((price * 250n) / 10_000n);
    expect(platformFee + referrerFee + pot).toBe(price);
  });

  it('licences: locked ones refuse transfer, transferable ones move, expiry is on-chain, no one burns', async () => {
    const t = await now();
    const locked = await signedSale(
      setup,
      owner,
      offerFor(modelKey, ZeroAddress, 1n, t, { licenceDuration: 100n }),
      buyer.address,
      t,
    );
    const lockedId = soldTokenId(
      market,
      await mined(as(buyer).getFunction('buy')(...buyArgs(locked), { value: 1n })),
    );
    expect((await market.getFunction('licence')(lockedId))[1]).toBeGreaterThan(t);
    expect(
      await revertName(
        market,
        as(buyer).getFunction('transferFrom').staticCall(buyer.address, contributor.address, lockedId),
      ),
    ).toBe('LicenceLocked');
    expect(await market.getFunction('isValid')(lockedId)).toBe(true);
    await chain.provider.send('evm_increaseTime', [101]);
    await chain.provider.send('evm_mine', []);
    expect(await market.getFunction('isValid')(lockedId)).toBe(false);

    const t2 = await now();
    const free = await signedSale(
      setup,
      owner,
      offerFor(modelKey, ZeroAddress, 1n, t2, { transferable: true }),
      buyer.address,
      t2,
    );
    const freeId = soldTokenId(
      market,
      await mined(as(buyer).getFunction('buy')(...buyArgs(free), { value: 1n })),
    );
    expect(await market.getFunction('locked')(freeId)).toBe(false);
    await mined(as(buyer).getFunction('transferFrom')(buyer.address, contributor.address, freeId));
    expect(await market.getFunction('ownerOf')(freeId)).toBe(contributor.address);
    expect(await market.getFunction('isValid')(freeId)).toBe(true);
    // Nothing can burn a licence: not its holder, not the operator (the ABI test lists every function).
    expect(market.interface.getFunction('burn')).toBeNull();
  });
});

describe('supply cap', () => {
  it('sells exactly 10 licences to 50 buyers racing in one block', async () => {
    const t = await now();
    const price = 1_000n;
    const offer = offerFor(modelKey, ZeroAddress, price, t, { supplyCap: 10n });
    const buyers = await Promise.all(Array.from({ length: 50 }, () => marketWallet(chain)));
    const sales = await Promise.all(
      buyers.map((wallet) => signedSale(setup, owner, offer, wallet.address, t)),
    );
    await chain.provider.send('evm_setAutomine', [false]);
    let sent: ContractTransactionResponse[] = [];
    try {
      sent = await Promise.all(
        buyers.map((wallet, index) =>
          as(wallet).getFunction('buy')(...buyArgs(sales[index] as (typeof sales)[number]), {
            value: price,
            gasLimit: 500_000n,
          }),
        ),
      );
      await chain.provider.send('evm_mine', []);
    } finally {
      await chain.provider.send('evm_setAutomine', [true]);
    }
    const receipts = await Promise.all(sent.map((tx) => chain.provider.getTransactionReceipt(tx.hash)));
    const blocks = new Set(receipts.map((receipt) => receipt?.blockNumber));
    expect(blocks.size).toBe(1);
    expect(receipts.filter((receipt) => receipt?.status === 1)).toHaveLength(10);
    const offerKey = keccak256(
      AbiCoder.defaultAbiCoder().encode(['bytes32', 'bytes32'], [modelKey, offer.offerId]),
    );
    expect(await market.getFunction('offerKeyOf')(modelKey, offer.offerId)).toBe(offerKey);
    expect((await market.getFunction('offerStates')(offerKey)).sold).toBe(10n);
    const minted = await market.queryFilter(
      market.filters.Transfer?.(ZeroAddress) ?? 'Transfer',
      receipts[0]?.blockNumber,
      receipts[0]?.blockNumber,
    );
    expect(minted).toHaveLength(10);
    // The 40 refused buyers paid nothing but gas.
    const refused = buyers.filter((_, index) => receipts[index]?.status === 0);
    expect(refused).toHaveLength(40);
  });
});

describe('distribution and withdrawal', () => {
  it('splits exactly for any price up to 2^256 − 1 and 1–50 recipients (property)', async () => {
    const wallets = await Promise.all(Array.from({ length: 50 }, () => marketWallet(chain)));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.bigInt({ min: 0n, max: MAX_UINT256 }),
          fc.constantFrom(0n, 1n, 9_999n, MAX_UINT256, MAX_UINT256 - 1n),
        ),
        fc
          .integer({ min: 1, max: 50 })
          .chain((count) =>
            fc.tuple(
              fc.constant(count),
              fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: count, maxLength: count }),
            ),
          ),
        fc.boolean(),
        async (price, [count, weights], withReferrer) => {
          // Fresh token and split per run: balances of 2^256 − 1 must not meet across runs.
          const token = await deploy('TestStablecoin', setup.admin, ['Prop', 'PRP', 6]);
          const currency = await token.getAddress();
          await mined(market.getFunction('setCurrencyAllowed')(currency, true));
          const shares = toBps(weights).map((bps, index) => ({
            address: (wallets[index] as Wallet).address,
            bps,
          }));
          const split = await createSplit(market, shares.slice(0, count));
          const model = await registerModel(setup, owner, split);
          const payer = await marketWallet(chain);
          await mined(token.getFunction('mint')(payer.address, price));
          await mined(
            (token.connect(payer) as Contract).getFunction('approve')(await market.getAddress(), price),
          );
          const referrer = withReferrer ? (wallets[0] as Wallet).address : ZeroAddress;
          if (withReferrer) await mined(market.getFunction('setReferrerRegistered')(referrer, true));
          const t = await now();
          const sale = await signedSale(setup, owner, offerFor(model, currency, price, t), payer.address, t, {
            referrer,
          });
          await mined(as(payer).getFunction('buy')(...buyArgs(sale)));

          const platformFee = await withdrawable(setup.feeRecipient.address, currency);
          const referrerFee = withReferrer ? await withdrawable(referrer, currency) : 0n;
          const pot = await undistributed(split, currency);
          expect(platformFee + referrerFee + pot).toBe(price);
          expect(platformFee).toBe((price * 250n) / 10_000n);

          await mined(market.getFunction('distribute')(split, currency));
          expect(await undistributed(split, currency)).toBe(0n);
          const earnings = await Promise.all(
            shares.slice(0, count).map(async (share) => ({
              bps: BigInt(share.bps),
              earned:
                (await withdrawable(share.address, currency)) -
                (share.address === referrer ? referrerFee : 0n),
            })),
          );
          let credited = 0n;
          for (const { bps, earned } of earnings) {
            // Within one base unit of the exact proportion: |earned × 10000 − pot × bps| ≤ 10000.
            const exact = pot * bps;
            expect(earned * 10_000n - exact <= 10_000n && exact - earned * 10_000n <= 10_000n).toBe(true);
            credited += earned;
          }
          expect(credited).toBe(pot);
          expect(await token.getFunction('balanceOf')(await market.getAddress())).toBe(price);
        },
      ),
      { numRuns: 15 },
    );
    // 15 runs of ~10 transactions each (a fresh token, split and model per run): a budget, not a wait.
  }, 60_000);

  it('keeps the contract’s token balance equal to everything owed, over random buy / distribute / withdraw / transfer sequences (invariant)', async () => {
    const token = await deploy('TestStablecoin', setup.admin, ['Inv', 'INV', 6]);
    const currency = await token.getAddress();
    const marketAddress = await market.getAddress();
    await mined(market.getFunction('setCurrencyAllowed')(currency, true));
    const people = await Promise.all(Array.from({ length: 4 }, () => marketWallet(chain)));
    const splitA = await createSplit(market, [
      { address: (people[0] as Wallet).address, bps: 3333 },
      { address: (people[1] as Wallet).address, bps: 6667 },
    ]);
    const splitB = await createSplit(market, [
      { address: (people[1] as Wallet).address, bps: 1 },
      { address: (people[2] as Wallet).address, bps: 9999 },
    ]);
    const models = [
      { key: await registerModel(setup, people[0] as Wallet, splitA), owner: people[0] as Wallet },
      { key: await registerModel(setup, people[2] as Wallet, splitB), owner: people[2] as Wallet },
    ];
    const accounts = [...people.map((person) => person.address), setup.feeRecipient.address];
    const owed = async () => {
      let total = (await undistributed(splitA, currency)) + (await undistributed(splitB, currency));
      for (const account of accounts) total += await withdrawable(account, currency);
      return total;
    };
    const action = fc.oneof(
      fc.record({
        kind: fc.constant('buy' as const),
        model: fc.integer({ min: 0, max: 1 }),
        buyer: fc.integer({ min: 0, max: 3 }),
        price: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      }),
      fc.record({ kind: fc.constant('distribute' as const), split: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('withdraw' as const), account: fc.integer({ min: 0, max: 4 }) }),
      fc.record({
        kind: fc.constant('transfer' as const),
        from: fc.integer({ min: 0, max: 3 }),
        to: fc.integer({ min: 0, max: 3 }),
      }),
    );
    const tokensOf = new Map<string, bigint[]>();
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 12 }), async (steps) => {
        for (const step of steps) {
          if (step.kind === 'buy') {
            const payer = people[step.buyer] as Wallet;
            const model = models[step.model] as (typeof models)[number];
            await mined(token.getFunction('mint')(payer.address, step.price));
            await mined((token.connect(payer) as Contract).getFunction('approve')(marketAddress, step.price));
            const t = await now();
            const sale = await signedSale(
              setup,
              model.owner,
              offerFor(model.key, currency, step.price, t, { transferable: true }),
              payer.address,
              t,
            );
            const receipt = await mined(as(payer).getFunction('buy')(...buyArgs(sale)));
            const list = tokensOf.get(payer.address) ?? [];
            list.push(soldTokenId(market, receipt));
            tokensOf.set(payer.address, list);
          } else if (step.kind === 'distribute') {
            await mined(market.getFunction('distribute')(step.split === 0 ? splitA : splitB, currency));
          } else if (step.kind === 'withdraw') {
            const account = accounts[step.account] as string;
            const balance = await withdrawable(account, currency);
            const before = await token.getFunction('balanceOf')(account);
            if (balance === 0n) {
              expect(
                await revertName(market, market.getFunction('withdraw').staticCall(account, currency)),
              ).toBe('NothingToWithdraw');
            } else {
              // Anyone may trigger it (here a stranger): the money goes to the account only.
              await mined(as(people[3] as Wallet).getFunction('withdraw')(account, currency));
              expect((await token.getFunction('balanceOf')(account)) - before).toBe(balance);
            }
          } else {
            const from = people[step.from] as Wallet;
            const held = tokensOf.get(from.address) ?? [];
            const tokenId = held.pop();
            if (tokenId !== undefined) {
              const to = (people[step.to] as Wallet).address;
              await mined(as(from).getFunction('transferFrom')(from.address, to, tokenId));
              tokensOf.set(to, [...(tokensOf.get(to) ?? []), tokenId]);
            }
          }
          expect(await token.getFunction('balanceOf')(marketAddress)).toBe(await owed());
        }
      }),
      { numRuns: 6 },
    );
  }, 60_000);

  it('a recipient that re-enters gains nothing; one that refuses payment blocks no one else', async () => {
    const marketAddress = await market.getAddress();
    const hostile = await deploy('ReentrantRecipient', setup.admin, [marketAddress]);
    const hostileAddress = await hostile.getAddress();
    const split = await createSplit(market, [
      { address: hostileAddress, bps: 5000 },
      { address: contributor.address, bps: 5000 },
    ]);
    const model = await registerModel(setup, owner, split);
    const t = await now();
    const price = 10n ** 16n;
    const sale = await signedSale(setup, owner, offerFor(model, ZeroAddress, price, t), buyer.address, t);
    await mined(as(buyer).getFunction('buy')(...buyArgs(sale), { value: price }));
    await mined(market.getFunction('distribute')(split, ZeroAddress));
    const owedToHostile = await withdrawable(hostileAddress, ZeroAddress);
    expect(owedToHostile).toBeGreaterThan(0n);

    await mined(hostile.getFunction('setMode')(2));
    // Its own refusal ("refused") is all it gets.
    expect(
      await revertName(market, market.getFunction('withdraw').staticCall(hostileAddress, ZeroAddress)),
    ).toBe('Error');
    const contributorBefore = await chain.provider.getBalance(contributor.address);
    await mined(as(buyer).getFunction('withdraw')(contributor.address, ZeroAddress));
    expect((await chain.provider.getBalance(contributor.address)) - contributorBefore).toBeGreaterThan(0n);

    await mined(hostile.getFunction('setMode')(1));
    await mined(market.getFunction('withdraw')(hostileAddress, ZeroAddress));
    expect(await hostile.getFunction('reentryFailed')()).toBe(true);
    expect(await hostile.getFunction('received')()).toBe(owedToHostile);
    expect(await withdrawable(hostileAddress, ZeroAddress)).toBe(0n);
  });

  it('a token that calls back into the market during a sale gains nothing', async () => {
    const callback = await deploy('CallbackToken', setup.admin);
    const currency = await callback.getAddress();
    await mined(market.getFunction('setCurrencyAllowed')(currency, true));
    const payer = await marketWallet(chain);
    await mined(callback.getFunction('mint')(payer.address, 10n * USDC));
    await mined(
      (callback.connect(payer) as Contract).getFunction('approve')(await market.getAddress(), 10n * USDC),
    );
    // During the sale's transferFrom the token tries to withdraw the fee recipient's balance.
    await mined(
      callback.getFunction('setHook')(
        await market.getAddress(),
        market.interface.encodeFunctionData('withdraw', [setup.feeRecipient.address, currency]),
      ),
    );
    const t = await now();
    const sale = await signedSale(
      setup,
      owner,
      offerFor(modelKey, currency, 10n * USDC, t),
      payer.address,
      t,
    );
    await mined(as(payer).getFunction('buy')(...buyArgs(sale)));
    expect(await callback.getFunction('hookFailed')()).toBe(true);
    expect(await callback.getFunction('balanceOf')(await market.getAddress())).toBe(10n * USDC);
  });
});

describe('the operator’s keys', () => {
  it('cannot change a split, sell below the signed price, move a balance or mint without payment', async () => {
    const { admin, saleSigner } = setup;
    const other = await createSplit(market, [{ address: admin.address, bps: 10000 }]);
    expect(await revertName(market, as(admin).getFunction('setModelSplit').staticCall(modelKey, other))).toBe(
      'NotModelOwner',
    );

    const t = await now();
    const price = 10n ** 15n;
    const offer = offerFor(modelKey, ZeroAddress, price, t);
    // Re-signing the owner's offer at a lower price with the operator's keys does not pass.
    for (const key of [admin, saleSigner]) {
      const cheap = await signedSale(setup, key, { ...offer, price: 1n }, admin.address, t);
      expect(
        await revertName(
          market,
          as(admin)
            .getFunction('buy')
            .staticCall(...buyArgs(cheap), { value: 1n }),
        ),
      ).toBe('BadOfferSignature');
    }
    // The owner's signed price with less money: refused.
    const genuine = await signedSale(setup, owner, offer, admin.address, t);
    expect(
      await revertName(
        market,
        as(admin)
          .getFunction('buy')
          .staticCall(...buyArgs(genuine), { value: 0n }),
      ),
    ).toBe('WrongPayment');

    // Withdrawing someone else's balance pays that someone, never the caller.
    await mined(market.getFunction('distribute')(splitId, ZeroAddress));
    const owed = await withdrawable(contributor.address, ZeroAddress);
    const contributorBefore = await chain.provider.getBalance(contributor.address);
    await mined(as(admin).getFunction('withdraw')(contributor.address, ZeroAddress));
    expect((await chain.provider.getBalance(contributor.address)) - contributorBefore).toBe(owed);

    // Fees stay within the caps fixed at deployment.
    expect(
      await revertName(
        market,
        as(admin)
          .getFunction('setFees')
          .staticCall(admin.address, DEFAULT_FEES.maxPlatformBps + 1, 0),
      ),
    ).toBe('FeeAboveCap');
    expect(
      await revertName(
        market,
        as(admin)
          .getFunction('setFees')
          .staticCall(admin.address, 0, DEFAULT_FEES.maxReferrerBps + 1),
      ),
    ).toBe('FeeAboveCap');
    expect(await revertName(market, as(admin).getFunction('setFees').staticCall(ZeroAddress, 0, 0))).toBe(
      'ZeroAddress',
    );

    // No function of the contract can move a balance other than withdraw (to its account) and
    // distribute (to the split's recipients): the complete list of state-changing functions.
    const mutating = market.interface.fragments
      .filter((fragment) => fragment.type === 'function')
      .map((fragment) => fragment as unknown as { name: string; stateMutability: string })
      .filter((fragment) => fragment.stateMutability !== 'view' && fragment.stateMutability !== 'pure')
      .map((fragment) => fragment.name)
      .sort();
    expect(mutating).toEqual(
      [
        'acceptOwnership',
        'approve',
        'buy',
        'buyWithAuthorization',
        'buyWithPermit',
        'cancelOffer',
        'createSplit',
        'distribute',
        'distributeAndWithdraw',
        'registerModel',
        'renounceOwnership',
        'safeTransferFrom',
        'safeTransferFrom',
        'setApprovalForAll',
        'setBaseTokenURI',
        'setCurrencyAllowed',
        'setFees',
        'setModelSplit',
        'setReferrerRegistered',
        'setSaleSigner',
        'transferFrom',
        'transferOwnership',
        'withdraw',
      ].sort(),
    );
  });

  it('admin functions answer only to the admin; a rotated sale signer’s old key is dead', async () => {
    const stranger = await marketWallet(chain);
    for (const [name, args] of [
      ['setSaleSigner', [stranger.address]],
      ['setFees', [stranger.address, 0, 0]],
      ['setCurrencyAllowed', [ZeroAddress, false]],
      ['setReferrerRegistered', [stranger.address, true]],
      ['setBaseTokenURI', ['https://evil.example/']],
    ] as const) {
      expect(
        await revertName(
          market,
          as(stranger)
            .getFunction(name)
            .staticCall(...args),
        ),
      ).toBe('OwnableUnauthorizedAccount');
    }
    const newSigner = await marketWallet(chain);
    await mined(market.getFunction('setSaleSigner')(newSigner.address));
    try {
      const t = await now();
      const offer = offerFor(modelKey, ZeroAddress, 1n, t);
      const stale = await signedSale(setup, owner, offer, buyer.address, t);
      expect(
        await revertName(
          market,
          as(buyer)
            .getFunction('buy')
            .staticCall(...buyArgs(stale), { value: 1n }),
        ),
      ).toBe('BadSaleAuthorization');
      const fresh = await signedSale(setup, owner, offer, buyer.address, t, {}, newSigner);
      await mined(as(buyer).getFunction('buy')(...buyArgs(fresh), { value: 1n }));
    } finally {
      await mined(market.getFunction('setSaleSigner')(setup.saleSigner.address));
    }
  });

  it('fits the EIP-170 code size limit that every chain enforces', async () => {
    const code = await chain.provider.getCode(await market.getAddress());
    expect((code.length - 2) / 2).toBeLessThanOrEqual(24_576);
  });

  it('refuses a deployment whose fee caps exceed 100%', async () => {
    const { admin } = setup;
    expect(
      await revertName(
        market,
        deploy('ModelCommonsMarket', admin, [
          admin.address,
          admin.address,
          admin.address,
          6000,
          5000,
          0,
          0,
          '',
        ]),
      ),
    ).toBe('FeeAboveCap');
  });
});

/** Random weights → basis points summing to 10000, each at least 1. */
function toBps(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const bps = weights.map((weight) => Math.max(1, Math.floor((weight * 10_000) / total)));
  let excess = bps.reduce((sum, value) => sum + value, 0) - 10_000;
  for (let i = 0; excess !== 0; i = (i + 1) % bps.length) {
    if (excess > 0 && (bps[i] as number) > 1) {
      bps[i] = (bps[i] as number) - 1;
      excess -= 1;
    } else if (excess < 0) {
      bps[i] = (bps[i] as number) + 1;
      excess += 1;
    }
  }
  return bps;
}
