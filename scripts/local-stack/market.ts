/**
 * The marketplace contract on the local chain, at a deterministic address: a dedicated deployer
 * account (dev account 101) sends nothing but the deployment, so the market is always its nonce-0
 * contract. A persisted chain (npm start) keeps it across restarts; a fresh one (tests) deploys it
 * again at the same address. The local operator (dev account 0) is its admin and allows the native
 * coin and the test stablecoin.
 */
import { Contract, getCreateAddress, type JsonRpcProvider, NonceManager, parseEther, Wallet } from 'ethers';
import { deployContract } from './contracts.js';

/** Fee caps fixed at deployment (basis points): 10% platform, 5% referrer. */
export const LOCAL_MARKET_FEE_CAPS = { maxPlatformBps: 1000, maxReferrerBps: 500 } as const;

export interface LocalMarket {
  address: string;
  deployBlock: number;
}

export async function ensureMarket(
  provider: JsonRpcProvider,
  options: {
    deployerKey: string;
    adminKey: string;
    saleSigner: string;
    feeRecipient: string;
    platformFeeBps: number;
    referrerFeeBps: number;
    currencies: readonly string[];
    baseTokenURI: string;
  },
): Promise<LocalMarket> {
  const deployer = new Wallet(options.deployerKey, provider);
  const address = getCreateAddress({ from: deployer.address, nonce: 0 });
  if ((await provider.getCode(address)) !== '0x') {
    // Deployed by an earlier start: its deployment is the deployer's only transaction.
    return { address, deployBlock: await deploymentBlock(provider, address) };
  }
  if ((await provider.getTransactionCount(deployer.address)) !== 0) {
    throw new Error(
      `The market deployer ${deployer.address} has sent transactions: the address is no longer free`,
    );
  }
  await provider.send('anvil_setBalance', [deployer.address, `0x${parseEther('10').toString(16)}`]);
  const admin = new NonceManager(new Wallet(options.adminKey, provider));
  const deployed = await deployContract(deployer, 'ModelCommonsMarket', [
    await admin.getAddress(),
    options.saleSigner,
    options.feeRecipient,
    LOCAL_MARKET_FEE_CAPS.maxPlatformBps,
    LOCAL_MARKET_FEE_CAPS.maxReferrerBps,
    options.platformFeeBps,
    options.referrerFeeBps,
    options.baseTokenURI,
  ]);
  if (deployed !== address) throw new Error(`The market landed at ${deployed}, not ${address}`);
  const market = new Contract(
    address,
    ['function setCurrencyAllowed(address currency, bool allowed)'],
    admin,
  );
  const allowances = [];
  for (const currency of options.currencies) {
    allowances.push(await market.getFunction('setCurrencyAllowed')(currency, true));
  }
  await Promise.all(allowances.map((tx: { wait(): Promise<unknown> }) => tx.wait()));
  return { address, deployBlock: await deploymentBlock(provider, address) };
}

/** Where real chains carry Multicall3; the backend batches its reads of the market through it. */
export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11';

/**
 * Places a Multicall3 (contracts/local/Multicall3.sol, the same `aggregate3` ABI) at the canonical
 * address, as real chains have it: deployed once from `deployerKey`, its runtime code copied there.
 */
export async function ensureMulticall(provider: JsonRpcProvider, deployerKey: string): Promise<void> {
  if ((await provider.getCode(MULTICALL3_ADDRESS)) !== '0x') return;
  const deployer = new Wallet(deployerKey, provider);
  await provider.send('anvil_setBalance', [deployer.address, `0x${parseEther('1').toString(16)}`]);
  const deployed = await deployContract(deployer, 'Multicall3', []);
  await provider.send('anvil_setCode', [MULTICALL3_ADDRESS, await provider.getCode(deployed)]);
}

/** The block the contract's code appeared in (bisection over eth_getCode: ~log2(head) reads). */
async function deploymentBlock(provider: JsonRpcProvider, address: string): Promise<number> {
  let low = 0;
  let high = await provider.getBlockNumber();
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((await provider.getCode(address, middle)) === '0x') low = middle + 1;
    else high = middle;
  }
  return low;
}
