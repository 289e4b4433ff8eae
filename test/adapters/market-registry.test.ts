/**
 * The domain's on-chain ids against the deployed marketplace contract (the contract is the truth:
 * `modelKeyOf`, `createSplit`, `offerDigest`), and EvmMarketRegistry's reads and signature checks on
 * the local stack's anvil, EIP-1271 wallets included.
 */
import { Contract, type JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { EvmMarketRegistry } from '#adapters/chain/evm-market-registry.js';
import { MARKET_ABI } from '#adapters/chain/market-abi.js';
import type { Address } from '#domain/address.js';
import type { Bytes32 } from '#domain/licences/canonical-json.js';
import { marketSplit } from '#domain/market/split-id.js';
import {
  idHash,
  type MarketOffer,
  marketDomain,
  marketModelKey,
  OFFER_TYPES,
  offerTypedData,
  ZERO_ADDRESS,
  ZERO_BYTES32,
} from '#domain/market/typed-data.js';
import { deployContract } from '#scripts/local-stack/contracts.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { stack } from '#test/helpers/stack.js';

const provider: JsonRpcProvider = testProvider();
const gateway = new EvmChainGateway([{ chainId: stack().chainId, rpcUrl: stack().rpcUrl }], 2000);
const registry = new EvmMarketRegistry(gateway);
// MARKET_ABI lists what the backend calls; the id functions are read here only, to check ours.
const market = new Contract(
  stack().market.address,
  [...MARKET_ABI, 'function modelKeyOf(address owner_, bytes32 externalId) pure returns (bytes32)'],
  provider,
);
const deployment = { chainId: stack().chainId, market: stack().market.address as Address };
afterAll(async () => {
  provider.destroy();
  await gateway.destroy();
});

const randomAddress = () => Wallet.createRandom().address as Address;

function offerFor(owner: Address): MarketOffer {
  return {
    modelKey: marketModelKey(owner, 'mdl_registry_test'),
    offerId: idHash('off_registry_test'),
    revision: '4',
    currency: ZERO_ADDRESS,
    price: '123456789',
    supplyCap: '10',
    licenceDuration: String(30 * 86_400),
    validUntil: '4102444800',
    maxFeeBps: 350,
    transferable: true,
    termsHash: idHash('terms'),
    manifestHash: ZERO_BYTES32,
  };
}

describe('on-chain ids computed in the domain', () => {
  it('marketModelKey equals the contract’s modelKeyOf(owner, keccak256(modelId))', async () => {
    const owner = randomAddress();
    const onChain = await market.getFunction('modelKeyOf')(owner, idHash('mdl_some_model'));
    expect(marketModelKey(owner, 'mdl_some_model')).toBe(onChain);
  });

  it('marketSplit sorts recipients ascending and its splitId equals what createSplit returns', async () => {
    const shares = [1234, 4321, 10, 4435].map((bps) => ({ address: randomAddress(), bps }));
    const split = marketSplit(shares);
    expect(split.recipients.map((address) => BigInt(address))).toEqual(
      [...shares].map((share) => BigInt(share.address)).sort((a, b) => (a < b ? -1 : 1)),
    );
    const created = await market.getFunction('createSplit').staticCall(split.recipients, split.bps);
    expect(split.splitId).toBe(created);
  });

  it('a one-recipient split matches too', async () => {
    const split = marketSplit([{ address: randomAddress(), bps: 10_000 }]);
    expect(await market.getFunction('createSplit').staticCall(split.recipients, split.bps)).toBe(
      split.splitId,
    );
  });
});

describe('EvmMarketRegistry', () => {
  it('reads an unregistered model and an unknown split as absent', async () => {
    expect(await registry.model(deployment, marketModelKey(randomAddress(), 'mdl_nowhere'))).toBeUndefined();
    expect(await registry.splitExists(deployment, idHash('no such split'))).toBe(false);
  });

  it('encodes createSplit calldata the contract decodes to the same arguments', async () => {
    const split = marketSplit([
      { address: randomAddress(), bps: 3000 },
      { address: randomAddress(), bps: 7000 },
    ]);
    const data = await registry.encodeCall({
      function: 'createSplit',
      recipients: split.recipients,
      bps: split.bps,
    });
    const decoded = market.interface.decodeFunctionData('createSplit', data);
    expect([...decoded[0]]).toEqual(split.recipients);
    expect([...decoded[1]].map(Number)).toEqual(split.bps);
  });

  it("computes the contract's offerDigest", async () => {
    const typedData = offerTypedData(
      marketDomain(deployment.chainId, deployment.market),
      offerFor(randomAddress()),
    );
    expect(await registry.digest(typedData)).toBe(await market.getFunction('offerDigest')(typedData.message));
  });

  it("accepts an EOA owner's signature and refuses anyone else's without asking the chain to decide", async () => {
    const owner = Wallet.createRandom();
    const typedData = offerTypedData(
      marketDomain(deployment.chainId, deployment.market),
      offerFor(owner.address as Address),
    );
    const types = { Offer: OFFER_TYPES.Offer.map((field) => ({ ...field })) };
    const own = (await owner.signTypedData(typedData.domain, types, typedData.message)) as `0x${string}`;
    const other = (await Wallet.createRandom().signTypedData(
      typedData.domain,
      types,
      typedData.message,
    )) as `0x${string}`;
    expect(await registry.isSignedBy(typedData, owner.address as Address, own)).toBe(true);
    expect(await registry.isSignedBy(typedData, owner.address as Address, other)).toBe(false);
  });

  it('asks an EIP-1271 wallet, and treats a contract that reverts the check as a refusal', async () => {
    const key = await fundedWallet(provider);
    const wallet = (await deployContract(key, 'Eip1271Wallet', [key.address])) as Address;
    const typedData = offerTypedData(marketDomain(deployment.chainId, deployment.market), offerFor(wallet));
    const digest = await registry.digest(typedData);
    const byKey = key.signingKey.sign(digest).serialized as `0x${string}`;
    const byStranger = Wallet.createRandom().signingKey.sign(digest).serialized as `0x${string}`;

    expect(await registry.isSignedBy(typedData, wallet, byKey)).toBe(true);
    expect(await registry.isSignedBy(typedData, wallet, byStranger)).toBe(false);
    // The stablecoin has no isValidSignature: the node answers the call with a revert.
    expect(await registry.isSignedBy(typedData, stack().stablecoin as Address, byKey)).toBe(false);
  });

  it('reports a deployment with no contract as a dependency failure, never as "not registered"', async () => {
    const nowhere = { chainId: deployment.chainId, market: randomAddress() };
    await expect(registry.model(nowhere, idHash('x') as Bytes32)).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
    });
  });
});
