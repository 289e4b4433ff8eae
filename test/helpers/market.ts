/**
 * The marketplace contract on a private anvil, for contract tests: deployment, funded wallets, the
 * owner's signed offer and the operator's sale authorization as EIP-712 typed data (the same data a
 * wallet and the API sign), and decoding a revert into the contract's error name. Also used by
 * bench/p6-contract-gas.ts, hence no vitest import here.
 */
import {
  type BaseContract,
  Contract,
  type ContractTransactionResponse,
  id,
  type JsonRpcProvider,
  NonceManager,
  parseEther,
  type Signer,
  type TypedDataDomain,
  Wallet,
  ZeroAddress,
  ZeroHash,
} from 'ethers';
import {
  OFFER_TYPES as DOMAIN_OFFER_TYPES,
  PERMIT_TYPES as DOMAIN_PERMIT_TYPES,
  MODEL_REGISTRATION_TYPES,
  SALE_AUTHORIZATION_TYPES,
} from '#domain/market/typed-data.js';
import { type ContractName, compileContracts, deployContract } from '#scripts/local-stack/contracts.js';

export const MARKET_CHAIN_ID = 31_338;

/** An anvil (PrivateChain in tests) reached through this provider. */
export interface AnvilChain {
  provider: JsonRpcProvider;
}

/** The contract's EIP-712 types, as the backend declares them (mutable copies, as ethers wants). */
const mutable = <T extends Record<string, ReadonlyArray<{ name: string; type: string }>>>(types: T) =>
  Object.fromEntries(
    Object.entries(types).map(([name, fields]) => [name, fields.map((field) => ({ ...field }))]),
  );
export const OFFER_TYPES = mutable(DOMAIN_OFFER_TYPES);
export const SALE_TYPES = mutable(SALE_AUTHORIZATION_TYPES);
export const MODEL_TYPES = mutable(MODEL_REGISTRATION_TYPES);
export const PERMIT_TYPES = mutable(DOMAIN_PERMIT_TYPES);

export interface Offer {
  modelKey: string;
  offerId: string;
  revision: bigint;
  currency: string;
  price: bigint;
  supplyCap: bigint;
  licenceDuration: bigint;
  validUntil: bigint;
  maxFeeBps: number;
  transferable: boolean;
  termsHash: string;
  manifestHash: string;
}

export interface SaleAuthorization {
  orderId: string;
  buyer: string;
  offerDigest: string;
  referrer: string;
  manifestHash: string;
  expiry: bigint;
}

/** A new wallet with 1000 ETH on the private chain, its nonce managed (parallel sends are safe). */
export async function marketWallet(chain: AnvilChain): Promise<Wallet> {
  const wallet = new Wallet(Wallet.createRandom().privateKey, chain.provider);
  await chain.provider.send('anvil_setBalance', [wallet.address, `0x${parseEther('1000').toString(16)}`]);
  return wallet;
}

export async function contractAt(name: ContractName, address: string, runner: Signer): Promise<Contract> {
  const compiled = (await compileContracts())[name];
  if (!compiled) throw new Error(`no contract ${name}`);
  return new Contract(address, compiled.abi, runner);
}

export async function deploy(name: ContractName, deployer: Signer, args: unknown[] = []): Promise<Contract> {
  return contractAt(name, await deployContract(new NonceManager(deployer), name, args), deployer);
}

export interface MarketSetup {
  market: Contract;
  admin: Wallet;
  saleSigner: Wallet;
  feeRecipient: Wallet;
  token: Contract;
  domain: TypedDataDomain;
}

/** Fees of the default deployment: 2.5% platform (cap 10%), 1% referrer (cap 5%). */
export const DEFAULT_FEES = { platformBps: 250, referrerBps: 100, maxPlatformBps: 1000, maxReferrerBps: 500 };

export async function deployMarket(chain: AnvilChain): Promise<MarketSetup> {
  const [admin, saleSigner, feeRecipient] = await Promise.all([
    marketWallet(chain),
    marketWallet(chain),
    marketWallet(chain),
  ]);
  const market = await deploy('ModelCommonsMarket', admin, [
    admin.address,
    saleSigner.address,
    feeRecipient.address,
    DEFAULT_FEES.maxPlatformBps,
    DEFAULT_FEES.maxReferrerBps,
    DEFAULT_FEES.platformBps,
    DEFAULT_FEES.referrerBps,
    'https://api.example/licences/tokens/',
  ]);
  const token = await deploy('TestStablecoin', admin, ['USD Coin', 'USDC', 6]);
  await mined(market.getFunction('setCurrencyAllowed')(ZeroAddress, true));
  await mined(market.getFunction('setCurrencyAllowed')(await token.getAddress(), true));
  const domain = {
    name: 'Model Commons Market',
    version: '1',
    chainId: MARKET_CHAIN_ID,
    verifyingContract: await market.getAddress(),
  };
  return { market, admin, saleSigner, feeRecipient, token, domain };
}

export async function mined(tx: Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error('no receipt');
  return receipt;
}

/** The custom error a call reverted with (its name), or throws if it did not revert. */
export async function revertName(contract: BaseContract, call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const data = findRevertData(error);
    if (!data) throw error;
    if (data === '0x') return 'EmptyRevert';
    const parsed = contract.interface.parseError(data);
    return parsed?.name ?? `unknown revert ${data.slice(0, 10)}`;
  }
  throw new Error('expected a revert, the call succeeded');
}

function findRevertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown): string | undefined => {
    if (!value || typeof value !== 'object' || seen.has(value)) return undefined;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (typeof record.data === 'string' && record.data.startsWith('0x')) return record.data;
    for (const key of ['error', 'info', 'cause']) {
      const found = visit(record[key]);
      if (found) return found;
    }
    return undefined;
  };
  return visit(error);
}

/** Creates a split (sorted by address, as the contract requires) and returns its id. */
export async function createSplit(
  market: Contract,
  shares: ReadonlyArray<{ address: string; bps: number }>,
): Promise<string> {
  const sorted = [...shares].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const recipients = sorted.map((share) => share.address);
  const bps = sorted.map((share) => share.bps);
  const splitId = await market.getFunction('createSplit').staticCall(recipients, bps);
  await mined(market.getFunction('createSplit')(recipients, bps));
  return splitId as string;
}

/** Registers a model for `owner` (signed by the owner, submitted by `relayer`); returns its key. */
export async function registerModel(
  setup: MarketSetup,
  owner: Wallet,
  splitId: string,
  relayer: Signer = setup.admin,
): Promise<string> {
  const externalId = id(`model-${Math.random()}`);
  const signature = await owner.signTypedData(setup.domain, MODEL_TYPES, {
    owner: owner.address,
    externalId,
    splitId,
  });
  const market = setup.market.connect(relayer) as Contract;
  await mined(market.getFunction('registerModel')(owner.address, externalId, splitId, signature));
  return (await setup.market.getFunction('modelKeyOf')(owner.address, externalId)) as string;
}

export async function latestTimestamp(chain: AnvilChain): Promise<bigint> {
  const block = await chain.provider.getBlock('latest');
  return BigInt(block?.timestamp ?? 0);
}

export function offerFor(
  modelKey: string,
  currency: string,
  price: bigint,
  now: bigint,
  overrides: Partial<Offer> = {},
): Offer {
  return {
    modelKey,
    offerId: id(`offer-${Math.random()}`),
    revision: 0n,
    currency,
    price,
    supplyCap: 0n,
    licenceDuration: 0n,
    validUntil: now + 3600n,
    maxFeeBps: 1000,
    transferable: false,
    termsHash: id('terms: commercial use, attribution'),
    manifestHash: id('manifest 1.0.0'),
    ...overrides,
  };
}

export interface SignedSale {
  offer: Offer;
  offerSignature: string;
  auth: SaleAuthorization;
  authSignature: string;
}

/** The owner's offer signature and the operator's authorization of one order for `buyer`. */
export async function signedSale(
  setup: MarketSetup,
  owner: Signer,
  offer: Offer,
  buyer: string,
  now: bigint,
  overrides: Partial<SaleAuthorization> = {},
  authSigner: Signer = setup.saleSigner,
): Promise<SignedSale> {
  const offerSignature = await owner.signTypedData(setup.domain, OFFER_TYPES, offer);
  const offerDigest = (await setup.market.getFunction('offerDigest')(offer)) as string;
  const auth: SaleAuthorization = {
    orderId: id(`order-${Math.random()}`),
    buyer,
    offerDigest,
    referrer: ZeroAddress,
    manifestHash: offer.manifestHash === ZeroHash ? id('manifest latest') : offer.manifestHash,
    expiry: now + 600n,
    ...overrides,
  };
  const authSignature = await authSigner.signTypedData(setup.domain, SALE_TYPES, auth);
  return { offer, offerSignature, auth, authSignature };
}

/** The licence token a sale minted, from its Sale event. */
export function soldTokenId(
  market: Contract,
  receipt: { logs: ReadonlyArray<{ topics: ReadonlyArray<string>; data: string }> },
): bigint {
  for (const log of receipt.logs) {
    const parsed = market.interface.parseLog(log);
    if (parsed?.name === 'Sale') return parsed.args.tokenId as bigint;
  }
  throw new Error('no Sale event in the receipt');
}

export function buyArgs(sale: SignedSale) {
  return [sale.offer, sale.offerSignature, sale.auth, sale.authSignature] as const;
}
