/**
 * `npm run contracts:deploy -- --chain <id> [--rpc-url URL] [--out DIR]`: deploys the marketplace
 * contract (contracts/ModelCommonsMarket.sol) to a real chain, from a deployer key that only pays the
 * gas — the admin (owner) is MARKET_ADMIN, usually a multisig.
 *
 * 1. validates every input (env below) and refuses, one line each, what would deploy something
 *    unusable or unsafe: a malformed or zero address, a public development account on a chain other
 *    than the local ones (31337, 31338), fees outside their caps;
 * 2. asks the RPC for its chain id and stops unless it is `--chain`: nothing is signed before that;
 * 3. builds the solc standard-JSON input (the market's sources, settings, compiler version), writes it
 *    to `<out>/market-<chainId>.standard-input.json` and compiles exactly that input: the bytecode sent
 *    is the bytecode an explorer verifies the input as;
 * 4. sends the deployment, waits for its receipt, writes `<out>/market-<chainId>.deployment.json` and
 *    prints the address, the transaction, its block, the stage-config snippet, and the calldata of the
 *    admin's follow-up calls (allow CURRENCIES, register REFERRER_ADDRESSES) for the admin to send.
 *
 * Env: DEPLOYER_PRIVATE_KEY, MARKET_ADMIN, SALE_SIGNER, PLATFORM_FEE_RECIPIENT, BASE_TOKEN_URI
 * (required); MAX_PLATFORM_FEE_BPS, MAX_REFERRER_FEE_BPS, PLATFORM_FEE_BPS, REFERRER_FEE_BPS (defaults
 * 1000, 500, 250, 100); RPC_URL (unless --rpc-url); CURRENCIES, REFERRER_ADDRESSES (comma separated).
 * Exit code 1 on bad input or a failed deployment. docs/deploy.md has the walk-through.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ContractFactory, type Interface, JsonRpcProvider, Network, Wallet } from 'ethers';
import {
  type Address,
  isChecksumAddress,
  isHexAddress,
  isZeroAddress,
  toChecksumAddress,
  ZERO_ADDRESS,
} from '#domain/address.js';
import { isWellKnownDevAddress, wellKnownDevAddressReason } from '#domain/dev-accounts.js';
import {
  compileStandardJsonInput,
  MARKET_SOURCE,
  marketStandardJsonInput,
} from '#scripts/local-stack/contracts.js';

const CONTRACT_NAME = 'ModelCommonsMarket';
/** Chain ids of local dev chains (anvil's default, our tests' second chain): dev accounts are fine there. */
const DEV_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 31338]);
const TOTAL_BPS = 10_000;
/** biome.json's formatter.lineWidth. */
const BIOME_LINE_WIDTH = 110;
const USAGE = 'usage: npm run contracts:deploy -- --chain <chainId> [--rpc-url <url>] [--out <dir>]';

/** One or more input problems, each a line naming what to set. */
export class DeployInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The constructor's arguments, by name, in the constructor's order. */
export interface MarketConstructorArgs {
  admin: Address;
  saleSigner: Address;
  feeRecipient: Address;
  maxPlatformFeeBps: number;
  maxReferrerFeeBps: number;
  platformFeeBps: number;
  referrerFeeBps: number;
  baseTokenURI: string;
}

export interface DeployPlan {
  chainId: number;
  rpcUrl: string;
  outDir: string;
  /** Never printed nor written anywhere. */
  deployerKey: string;
  deployer: Address;
  args: MarketConstructorArgs;
  /** Currencies the admin should allow; the zero address is the chain's native coin. */
  currencies: Address[];
  referrers: Address[];
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the command line and the environment; throws `DeployInputError` listing every
 * problem (one line each, naming the flag or variable to set). Touches no network and no file.
 */
export function parseDeployInputs(argv: string[], env: Env): DeployPlan {
  let values: { chain?: string; 'rpc-url'?: string; out?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { chain: { type: 'string' }, 'rpc-url': { type: 'string' }, out: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new DeployInputError([`${message(error)}; ${USAGE}`]);
  }
  const problems: string[] = [];
  const problem = (text: string) => {
    problems.push(text);
    return undefined;
  };

  const chainId = /^[1-9]\d{0,15}$/.test(values.chain ?? '') ? Number(values.chain) : undefined;
  if (chainId === undefined || !Number.isSafeInteger(chainId)) {
    problem(`--chain: ${values.chain === undefined ? 'required' : 'must be a positive integer'}; ${USAGE}`);
  }
  const devChain = chainId !== undefined && DEV_CHAIN_IDS.has(chainId);

  const rpcSource = values['rpc-url'] !== undefined ? '--rpc-url' : 'RPC_URL';
  const rpcUrl = values['rpc-url'] ?? env.RPC_URL;
  if (!rpcUrl)
    problem('RPC_URL: not set (or pass --rpc-url): the JSON-RPC endpoint of the chain to deploy to');
  else if (!isHttpUrl(rpcUrl)) problem(`${rpcSource}: must be an http(s) URL of a JSON-RPC endpoint`);

  let deployerKey = '';
  let deployer: Address | undefined;
  const key = env.DEPLOYER_PRIVATE_KEY;
  if (!key) {
    problem(
      'DEPLOYER_PRIVATE_KEY: not set: the private key (0x + 64 hex digits) of the account that pays the gas',
    );
  } else if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    // The value is never echoed: it is (or is close to) a secret.
    problem('DEPLOYER_PRIVATE_KEY: must be a 0x-prefixed 32-byte hex private key');
  } else {
    try {
      deployer = toChecksumAddress(new Wallet(key).address);
      deployerKey = key;
      if (!devChain && isWellKnownDevAddress(deployer)) {
        problem(`DEPLOYER_PRIVATE_KEY: ${wellKnownDevAddressReason(deployer)}`);
      }
    } catch {
      problem('DEPLOYER_PRIVATE_KEY: not a valid secp256k1 private key');
    }
  }

  /** An address that holds authority or receives money. */
  const account = (name: string, value: string | undefined, what: string): Address | undefined => {
    if (!value) return problem(`${name}: not set: ${what}`);
    const shape = addressProblem(value);
    if (shape) return problem(`${name}: ${shape}`);
    if (!devChain && isWellKnownDevAddress(value))
      return problem(`${name}: ${wellKnownDevAddressReason(value)}`);
    return toChecksumAddress(value);
  };
  const admin = account(
    'MARKET_ADMIN',
    env.MARKET_ADMIN,
    'the address that will own the market (e.g. a multisig)',
  );
  const saleSigner = account(
    'SALE_SIGNER',
    env.SALE_SIGNER,
    "the address of the operator's sale (licence) signing key, which authorizes each order",
  );
  const feeRecipient = account(
    'PLATFORM_FEE_RECIPIENT',
    env.PLATFORM_FEE_RECIPIENT,
    'the address that earns the platform fee',
  );

  const bps = (name: string, fallback: number): number | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    if (!/^\d{1,5}$/.test(value) || Number(value) > TOTAL_BPS) {
      return problem(
        `${name}: must be an integer number of basis points from 0 to ${TOTAL_BPS} (got "${value}")`,
      );
    }
    return Number(value);
  };
  const maxPlatformFeeBps = bps('MAX_PLATFORM_FEE_BPS', 1000);
  const maxReferrerFeeBps = bps('MAX_REFERRER_FEE_BPS', 500);
  const platformFeeBps = bps('PLATFORM_FEE_BPS', 250);
  const referrerFeeBps = bps('REFERRER_FEE_BPS', 100);
  if (maxPlatformFeeBps !== undefined && maxReferrerFeeBps !== undefined) {
    if (maxPlatformFeeBps + maxReferrerFeeBps > TOTAL_BPS) {
      problem(`MAX_PLATFORM_FEE_BPS + MAX_REFERRER_FEE_BPS: must be at most ${TOTAL_BPS} together`);
    }
  }
  if (platformFeeBps !== undefined && maxPlatformFeeBps !== undefined && platformFeeBps > maxPlatformFeeBps) {
    problem(`PLATFORM_FEE_BPS: ${platformFeeBps} is above MAX_PLATFORM_FEE_BPS (${maxPlatformFeeBps})`);
  }
  if (referrerFeeBps !== undefined && maxReferrerFeeBps !== undefined && referrerFeeBps > maxReferrerFeeBps) {
    problem(`REFERRER_FEE_BPS: ${referrerFeeBps} is above MAX_REFERRER_FEE_BPS (${maxReferrerFeeBps})`);
  }

  const baseTokenURI = env.BASE_TOKEN_URI;
  if (!baseTokenURI) {
    problem(
      'BASE_TOKEN_URI: not set: the URL the token id is appended to, e.g. https://api.example.com/licences/tokens/',
    );
  } else if (!isHttpUrl(baseTokenURI) || !baseTokenURI.endsWith('/')) {
    problem(
      'BASE_TOKEN_URI: must be an http(s) URL ending in "/" (tokenURI is this followed by the token id)',
    );
  }

  const currencies = list(env.CURRENCIES).flatMap((entry): Address[] => {
    // The contract names the native coin by the zero address; the stage config calls it "native".
    if (entry === 'native') return [ZERO_ADDRESS];
    const shape = isZeroAddress(entry) ? 'write "native" for the chain\'s own coin' : addressProblem(entry);
    if (shape) {
      problem(`CURRENCIES: ${shape}`);
      return [];
    }
    return [toChecksumAddress(entry)];
  });
  const referrers = list(env.REFERRER_ADDRESSES).flatMap((entry): Address[] => {
    const checked = account('REFERRER_ADDRESSES', entry, '');
    return checked ? [checked] : [];
  });

  if (problems.length > 0) throw new DeployInputError(problems);
  return {
    chainId: chainId as number,
    rpcUrl: rpcUrl as string,
    outDir: resolve(values.out ?? 'deployments'),
    deployerKey,
    deployer: deployer as Address,
    args: {
      admin: admin as Address,
      saleSigner: saleSigner as Address,
      feeRecipient: feeRecipient as Address,
      maxPlatformFeeBps: maxPlatformFeeBps as number,
      maxReferrerFeeBps: maxReferrerFeeBps as number,
      platformFeeBps: platformFeeBps as number,
      referrerFeeBps: referrerFeeBps as number,
      baseTokenURI: baseTokenURI as string,
    },
    currencies: [...new Set(currencies)],
    referrers: [...new Set(referrers)],
  };
}

/** EIP-55 checksummed or all lower-case, and not the zero address; undefined when fine. */
function addressProblem(value: string): string | undefined {
  if (!isHexAddress(value) || (value !== value.toLowerCase() && !isChecksumAddress(value))) {
    return `"${value}" must be a 0x-prefixed 20-byte address, EIP-55 checksummed or all lower-case`;
  }
  if (isZeroAddress(value)) return 'must not be the zero address (0x000…000): nobody holds its key';
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function message(error: unknown): string {
  if (
    error &&
    typeof error === 'object' &&
    'shortMessage' in error &&
    typeof error.shortMessage === 'string'
  ) {
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A call the admin sends after the deployment (this script cannot drive a multisig). */
export interface AdminCall {
  call: string;
  to: Address;
  data: string;
}

/** What `<out>/market-<chainId>.deployment.json` holds. */
export interface DeploymentRecord {
  contract: string;
  source: string;
  chainId: number;
  address: Address;
  deployer: Address;
  transactionHash: string;
  blockNumber: number;
  blockHash: string;
  constructorArgs: MarketConstructorArgs;
  /** ABI-encoded constructor arguments (what explorers append to the creation code). */
  constructorArgsEncoded: string;
  /** `solc.version()`; explorers write it `v0.8.x+commit.<hash>` (`explorerCompilerVersion`). */
  compilerVersion: string;
  explorerCompilerVersion: string;
  standardJsonInput: string;
  adminCalls: AdminCall[];
}

/** The admin's follow-up calls: allow each currency, register each referrer. */
export function adminCalls(
  market: Address,
  abi: Interface,
  plan: Pick<DeployPlan, 'currencies' | 'referrers'>,
) {
  return [
    ...plan.currencies.map((currency) => ({
      call: `setCurrencyAllowed(${isZeroAddress(currency) ? `${currency} /* native coin */` : currency}, true)`,
      to: market,
      data: abi.encodeFunctionData('setCurrencyAllowed', [currency, true]),
    })),
    ...plan.referrers.map((referrer) => ({
      call: `setReferrerRegistered(${referrer}, true)`,
      to: market,
      data: abi.encodeFunctionData('setReferrerRegistered', [referrer, true]),
    })),
  ];
}

/** Deploys as `plan` says, printing progress through `log`; returns the record it wrote. */
export async function deployMarketContract(
  plan: DeployPlan,
  log: (line: string) => void,
): Promise<DeploymentRecord> {
  const host = new URL(plan.rpcUrl).host; // not the whole URL: providers put API keys in the path
  const provider = new JsonRpcProvider(plan.rpcUrl, Network.from(plan.chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  try {
    let rpcChainId: number;
    try {
      rpcChainId = Number(BigInt(await provider.send('eth_chainId', [])));
    } catch (error) {
      throw new Error(`cannot read the chain id from the RPC at ${host}: ${message(error)}`);
    }
    if (rpcChainId !== plan.chainId) {
      throw new Error(
        `the RPC at ${host} serves chain ${rpcChainId}, not --chain ${plan.chainId}; nothing was sent`,
      );
    }
    const recordFile = join(plan.outDir, `market-${plan.chainId}.deployment.json`);
    const inputFile = join(plan.outDir, `market-${plan.chainId}.standard-input.json`);
    if (existsSync(recordFile)) {
      const previous = readRecordAddress(recordFile);
      throw new Error(
        `${shown(recordFile)} already records a market on chain ${plan.chainId}${previous}; ` +
          'move it away first (or pass --out): a replaced market stays live, keep its record',
      );
    }

    const { compilerVersion, input } = await marketStandardJsonInput();
    const compiled = await compileStandardJsonInput(input, MARKET_SOURCE, CONTRACT_NAME);
    mkdirSync(plan.outDir, { recursive: true });
    writeFileSync(inputFile, formatJson(input));
    log(`Wrote ${shown(inputFile)} (solc ${compilerVersion})`);

    const a = plan.args;
    const args = [
      a.admin,
      a.saleSigner,
      a.feeRecipient,
      a.maxPlatformFeeBps,
      a.maxReferrerFeeBps,
      a.platformFeeBps,
      a.referrerFeeBps,
      a.baseTokenURI,
    ];
    const wallet = new Wallet(plan.deployerKey, provider);
    const factory = new ContractFactory(compiled.abi, compiled.bytecode, wallet);
    log(
      `Deploying ${CONTRACT_NAME} to chain ${plan.chainId} (RPC ${host}) from ${plan.deployer}: admin ${a.admin}, ` +
        `sale signer ${a.saleSigner}, fee recipient ${a.feeRecipient}, fees ${a.platformFeeBps}/${a.referrerFeeBps} bps ` +
        `(caps ${a.maxPlatformFeeBps}/${a.maxReferrerFeeBps}), base URI ${a.baseTokenURI}`,
    );
    const sent = await wallet.sendTransaction(await factory.getDeployTransaction(...args));
    log(`Sent ${sent.hash} (nonce ${sent.nonce}); waiting for its receipt…`);
    const receipt = await sent.wait(1);
    if (receipt?.status !== 1 || !receipt.contractAddress) {
      throw new Error(`the deployment ${sent.hash} failed (status ${receipt?.status ?? 'unknown'})`);
    }
    const market = toChecksumAddress(receipt.contractAddress);
    // Printed before anything else can fail: the market exists now, whatever happens to the files.
    log(`Deployed ${CONTRACT_NAME} at ${market}`);
    log(`  transaction ${receipt.hash}`);
    log(`  block       ${receipt.blockNumber}`);
    const calls = adminCalls(market, factory.interface, plan);
    const record: DeploymentRecord = {
      contract: CONTRACT_NAME,
      source: MARKET_SOURCE,
      chainId: plan.chainId,
      address: market,
      deployer: plan.deployer,
      transactionHash: receipt.hash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      constructorArgs: a,
      constructorArgsEncoded: factory.interface.encodeDeploy(args),
      compilerVersion,
      explorerCompilerVersion: `v${compilerVersion.replace(/^(\d+\.\d+\.\d+\+commit\.[0-9a-f]+).*$/, '$1')}`,
      standardJsonInput: `market-${plan.chainId}.standard-input.json`,
      adminCalls: calls,
    };
    writeFileSync(recordFile, formatJson(record));
    log(`Wrote ${shown(recordFile)}`);
    log(`Stage config, in chains[] for chain ${plan.chainId}:`);
    log(JSON.stringify({ chainId: plan.chainId, market, marketDeployBlock: receipt.blockNumber }));
    log(
      `Admin follow-up, from MARKET_ADMIN ${a.admin} (no currency is allowed yet: no sale can settle before):`,
    );
    if (plan.currencies.length === 0) {
      log(
        '  setCurrencyAllowed(currency, true) for each currency to sell in (CURRENCIES was empty; 0x0 = native)',
      );
    }
    for (const call of calls) log(`  ${call.call}\n    to   ${call.to}\n    data ${call.data}`);
    return record;
  } finally {
    provider.destroy();
  }
}

/** A path relative to the working directory when it is inside it (`deployments/…`), else absolute. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/**
 * JSON as Biome formats it — two spaces, a short array of scalars on one line — so that committing a
 * deployment's files keeps `npm run lint` clean. (Structural newlines are the only raw ones: those in
 * strings are escaped.)
 */
export function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return `${text.replace(
    /\[\n\s*((?:[^[\]{}\n]+,\n\s*)*[^[\]{}\n]+)\n\s*\]/g,
    (whole, items: string, offset: number) => {
      const collapsed = `[${items.split(/,\n\s*/).join(', ')}]`;
      const lineStart = text.lastIndexOf('\n', offset) + 1;
      return offset - lineStart + collapsed.length + 1 <= BIOME_LINE_WIDTH ? collapsed : whole;
    },
  )}\n`;
}

function readRecordAddress(file: string): string {
  try {
    const address = (JSON.parse(readFileSync(file, 'utf8')) as { address?: unknown }).address;
    return typeof address === 'string' ? ` (${address})` : '';
  } catch {
    return '';
  }
}

async function main(argv: string[]): Promise<number> {
  let plan: DeployPlan;
  try {
    plan = parseDeployInputs(argv, process.env);
  } catch (error) {
    if (!(error instanceof DeployInputError)) throw error;
    for (const line of error.problems) console.error(`contracts:deploy: ${line}`);
    return 1;
  }
  try {
    await deployMarketContract(plan, (line) => console.log(line));
    return 0;
  } catch (error) {
    console.error(`contracts:deploy: ${message(error)}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`contracts:deploy: ${message(error)}`);
      process.exit(1);
    },
  );
}
