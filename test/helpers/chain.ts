/**
 * Chain helpers for tests: fresh random wallets funded through anvil cheat codes, so parallel test
 * files never share an account (and never race on its nonce).
 */
import { Contract, JsonRpcProvider, NonceManager, parseEther, Wallet } from 'ethers';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { startAnvil } from '#scripts/local-stack/anvil.js';
import { deployContract } from '#scripts/local-stack/contracts.js';
import { deployLocalMarket, devAccount, localChainEntry, STABLECOIN } from '#scripts/local-stack/index.js';
import type { LocalMarket } from '#scripts/local-stack/market.js';
import { freePort } from '#scripts/local-stack/processes.js';
import { stack } from './stack.js';

export const ERC20_ABI = [
  'function mint(address to, uint256 value)',
  'function transfer(address to, uint256 value) returns (bool)',
  'function balanceOf(address) view returns (uint256)',
];

export function testProvider(): JsonRpcProvider {
  const { rpcUrl, chainId } = stack();
  return new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
}

/** A new wallet with 100 ETH and, optionally, stablecoin (in base units; the shared chain's by default). */
export async function fundedWallet(
  provider: JsonRpcProvider,
  stablecoinUnits = 0n,
  stablecoin = stack().stablecoin,
): Promise<Wallet> {
  const wallet = new Wallet(Wallet.createRandom().privateKey, provider);
  await provider.send('anvil_setBalance', [wallet.address, `0x${parseEther('100').toString(16)}`]);
  if (stablecoinUnits > 0n) {
    const token = new Contract(stablecoin, ERC20_ABI, wallet);
    await (await token.getFunction('mint')(wallet.address, stablecoinUnits)).wait();
  }
  return wallet;
}

/** The test stablecoin (anyone may mint it: wallets fund themselves) on a private chain, from dev account 0. */
export async function deployTestStablecoin(provider: JsonRpcProvider): Promise<string> {
  const deployer = new NonceManager(new Wallet(devAccount(0).privateKey, provider));
  return deployContract(deployer, 'TestStablecoin', [
    STABLECOIN.name,
    STABLECOIN.symbol,
    STABLECOIN.decimals,
  ]);
}

/** Deploys another TestStablecoin (e.g. a look-alike with the same symbol) from `deployer`. */
export async function deployToken(deployer: Wallet, symbol = 'USD', decimals = 6): Promise<Contract> {
  const address = await deployContract(new NonceManager(deployer), 'TestStablecoin', [
    `Fake ${symbol}`,
    symbol,
    decimals,
  ]);
  return new Contract(address, ERC20_ABI, deployer);
}

export interface PrivateChain {
  rpcUrl: string;
  provider: JsonRpcProvider;
  /** A gateway to this chain only (2 s RPC timeout). */
  gateway: EvmChainGateway;
  stop(): Promise<void>;
}

/**
 * A separate anvil for one test file, for tests that mine many blocks or reorg: nothing they do can
 * touch the shared chain other files use.
 */
export async function startPrivateChain(chainId: number): Promise<PrivateChain> {
  const anvil = await startAnvil({ port: await freePort(), chainId });
  const provider = new JsonRpcProvider(anvil.rpcUrl, chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 20,
  });
  const gateway = new EvmChainGateway([{ chainId, rpcUrl: anvil.rpcUrl }], 2000);
  return {
    rpcUrl: anvil.rpcUrl,
    provider,
    gateway,
    stop: async () => {
      provider.destroy();
      await gateway.destroy();
      await anvil.process.stop();
    },
  };
}

export interface MarketChain extends PrivateChain {
  chainId: number;
  stablecoin: string;
  market: LocalMarket;
  /**
   * CHAINS for a test app that sells on this chain (requiring `confirmations`) beside the shared
   * chains, which sign-in keeps using.
   */
  chains(confirmations: number): string;
  /** A new wallet on this chain with 100 ETH and, optionally, its stablecoin (base units). */
  fundedWallet(stablecoinUnits?: bigint): Promise<Wallet>;
}

/**
 * A private anvil carrying the market as `npm start` deploys it, for a file that mines many blocks
 * or runs the scheduled indexer: the shared chain's other files never see its blocks, and its own
 * chain id keeps its indexer cursor apart in the shared table.
 */
export async function startMarketChain(chainId: number): Promise<MarketChain> {
  const chain = await startPrivateChain(chainId);
  try {
    const stablecoin = await deployTestStablecoin(chain.provider);
    const market = await deployLocalMarket(chain.provider, {
      chainId,
      stablecoin,
      publicOrigin: stack().env.PUBLIC_ORIGIN as string,
    });
    const entry = (confirmations: number) =>
      localChainEntry({
        chainId,
        name: `anvil-${chainId}`,
        rpcUrl: chain.rpcUrl,
        confirmations,
        market,
        stablecoin,
      });
    return {
      ...chain,
      chainId,
      stablecoin,
      market,
      chains: (confirmations) =>
        JSON.stringify([...(JSON.parse(stack().env.CHAINS as string) as object[]), entry(confirmations)]),
      fundedWallet: (stablecoinUnits = 0n) => fundedWallet(chain.provider, stablecoinUnits, stablecoin),
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
