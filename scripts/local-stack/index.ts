/**
 * The embedded local stack: DynamoDB Local, s3rver and anvil, started by the project itself for
 * `npm start` (data persisted under .data/) and for tests (in memory, free ports). Returns the
 * environment that `loadConfig` needs to point the app at them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contract, HDNodeWallet, JsonRpcProvider, Mnemonic, NonceManager, Wallet, ZeroAddress } from 'ethers';
import S3rver from 's3rver';
import { createDynamoClients } from '#adapters/dynamodb/clients.js';
import { ensureTable } from '#adapters/dynamodb/table-admin.js';
import { LOCAL_STAND_IN_CREDENTIALS as LOCAL_CREDENTIALS } from '#adapters/local-credentials.js';
import { type Anvil, DEV_CHAIN_ID, DEV_MNEMONIC, startAnvil } from './anvil.js';
import { compileContracts, deployContract } from './contracts.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { ensureMarket, ensureMulticall, type LocalMarket } from './market.js';
import { connectHost, freePort, LOOPBACK } from './processes.js';
import { addSigV4Front } from './s3-sigv4-front.js';
import { addMultipartExtensions } from './s3rver-multipart.js';

export const STABLECOIN = { name: 'Test USD', symbol: 'USD', decimals: 6 } as const;
/** Each funded dev account starts with this many whole USD. */
const STABLECOIN_GRANT = 1_000_000n * 10n ** 6n;

export interface DevAccount {
  address: string;
  privateKey: string;
}

export interface LocalStackOptions {
  /** Persist data under this directory; omit for in-memory data (tests). */
  dataDir?: string;
  /**
   * The address every server listens on: 127.0.0.1 by default, so nothing is reachable from another
   * machine. `0.0.0.0` (or a LAN address) opens them up; the stack's endpoints stay usable from here.
   */
  host?: string;
  ports?: { dynamodb?: number; s3?: number; anvil?: number };
  /** The origin the API will be served on (SIWE domain and URI). */
  publicOrigin: string;
  tableName?: string;
  bucketName?: string;
}

export interface LocalStack {
  env: Record<string, string>;
  dynamoEndpoint: string;
  s3Endpoint: string;
  rpcUrl: string;
  chainId: number;
  stablecoin: string;
  /** The marketplace contract (same address on every fresh chain; see market.ts). */
  market: LocalMarket;
  /** anvil's funded accounts 0..9; account 0 deploys the stablecoin, administers the market and earns its platform fee. */
  accounts: DevAccount[];
  licenceSigner: DevAccount;
  tableName: string;
  bucketName: string;
  stop(): Promise<void>;
}

export function devAccount(index: number): DevAccount {
  const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${index}`);
  return { address: wallet.address, privateKey: wallet.privateKey };
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const tableName = options.tableName ?? 'model-commons';
  const bucketName = options.bucketName ?? 'model-commons-artifacts';
  const [dynamoPort, s3Port, anvilPort] = await Promise.all([
    options.ports?.dynamodb ?? freePort(),
    options.ports?.s3 ?? freePort(),
    options.ports?.anvil ?? freePort(),
  ]);
  const dataDir = options.dataDir;
  const host = options.host ?? LOOPBACK;
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    await Promise.allSettled(stops.reverse().map((fn) => fn()));
  };
  try {
    const s3 = new S3rver({
      address: host,
      port: s3Port,
      silent: true,
      directory: dataDir ? join(dataDir, 's3') : join(await tempDir(), 's3'),
      resetOnClose: !dataDir,
      vhostBuckets: false,
      configureBuckets: [{ name: bucketName, configs: [corsXml()] }],
    });
    // ListParts and AbortMultipartUpload (resumable uploads) are missing from s3rver 3.7.1.
    addMultipartExtensions(s3);
    // Last, so it runs first: nothing reaches s3rver without S3's checks of signature, expiry and body.
    addSigV4Front(s3, { credentials: LOCAL_CREDENTIALS, region: 'us-east-1' });
    const s3Started = s3.run().then(() => {
      stops.push(() => s3.close());
    });
    const dynamoStarted = startDynamoDbLocal({
      port: dynamoPort,
      host,
      ...(dataDir ? { dbPath: join(dataDir, 'dynamodb') } : {}),
    }).then((ddb: DynamoDbLocal) => {
      stops.push(() => ddb.process.stop());
      return ddb;
    });
    const anvilStarted = startAnvil({
      port: anvilPort,
      host,
      ...(dataDir ? { statePath: join(dataDir, 'chain-state.json') } : {}),
    }).then((anvil: Anvil) => {
      stops.push(() => anvil.process.stop());
      return anvil;
    });
    const contractsCompiled = compileContracts();
    const [ddb, anvil] = await Promise.all([dynamoStarted, anvilStarted, s3Started, contractsCompiled]);

    const { client } = createDynamoClients({
      region: 'us-east-1',
      endpoint: ddb.endpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    await ensureTable(client, tableName);
    client.destroy();

    const stablecoin = await ensureStablecoin(anvil.rpcUrl, dataDir);
    const accounts = Array.from({ length: 10 }, (_, index) => devAccount(index));
    const licenceSigner = devAccount(LICENCE_SIGNER_INDEX);
    const s3Endpoint = `http://${connectHost(host)}:${s3Port}`;
    const operator = accounts[0] as DevAccount;
    const market = await withProvider(anvil.rpcUrl, anvil.chainId, (provider) =>
      deployLocalMarket(provider, { chainId: anvil.chainId, stablecoin, publicOrigin: options.publicOrigin }),
    );

    const env: Record<string, string> = {
      PUBLIC_ORIGIN: options.publicOrigin,
      ALLOWED_ORIGINS: 'http://localhost:5173,http://127.0.0.1:5173',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      TABLE_NAME: tableName,
      BUCKET_NAME: bucketName,
      DYNAMODB_ENDPOINT: ddb.endpoint,
      S3_ENDPOINT: s3Endpoint,
      CHAINS: JSON.stringify([
        localChainEntry({
          chainId: anvil.chainId,
          name: 'anvil',
          rpcUrl: anvil.rpcUrl,
          confirmations: 2,
          market,
          stablecoin,
        }),
      ]),
      SESSION_KEYS: 'local1:local-session-signing-key-not-for-production-use',
      LICENCE_SIGNER_KEY: licenceSigner.privateKey,
      // The market's fee recipient (deployLocalMarket), named so that it never also earns a referrer fee.
      PLATFORM_FEE_RECIPIENT: operator.address,
    };
    return {
      env,
      dynamoEndpoint: ddb.endpoint,
      s3Endpoint,
      rpcUrl: anvil.rpcUrl,
      chainId: anvil.chainId,
      stablecoin,
      market,
      accounts,
      licenceSigner,
      tableName,
      bucketName,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The dev account that deploys the market and nothing else (its nonce-0 contract). */
const MARKET_DEPLOYER_INDEX = 101;
/** Deploys the local Multicall3 whose code is copied to the canonical address. */
const MULTICALL_DEPLOYER_INDEX = 102;
/** The operator key that signs licence tokens and sale authorizations (LICENCE_SIGNER_KEY; KMS in AWS). */
export const LICENCE_SIGNER_INDEX = 100;
/** The fees the local market is deployed with; PLATFORM_FEE_BPS / REFERRER_FEE_BPS default to the same. */
export const LOCAL_FEES = { platformFeeBps: 250, referrerFeeBps: 100 } as const;

/**
 * The marketplace contract and Multicall3 on a local chain, as `npm start` has them: the market at its
 * deterministic address, administered by dev account 0 (which also earns the platform fee), selling
 * for the native coin and `stablecoin`, its sale signer the licence key. Private test chains use it too.
 */
export async function deployLocalMarket(
  provider: JsonRpcProvider,
  options: { chainId: number; stablecoin: string; publicOrigin: string },
): Promise<LocalMarket> {
  const operator = devAccount(0);
  const market = await ensureMarket(provider, {
    deployerKey: devAccount(MARKET_DEPLOYER_INDEX).privateKey,
    adminKey: operator.privateKey,
    saleSigner: devAccount(LICENCE_SIGNER_INDEX).address,
    feeRecipient: operator.address,
    ...LOCAL_FEES,
    currencies: [ZeroAddress, options.stablecoin],
    baseTokenURI: `${new URL(options.publicOrigin).origin}/metadata/${options.chainId}/`,
  });
  await ensureMulticall(provider, devAccount(MULTICALL_DEPLOYER_INDEX).privateKey);
  return market;
}

/** A local chain's CHAINS entry: its market, the native coin and the test stablecoin (EIP-2612 and EIP-3009). */
export function localChainEntry(chain: {
  chainId: number;
  name: string;
  rpcUrl: string;
  confirmations: number;
  market: LocalMarket;
  stablecoin: string;
}) {
  return {
    chainId: chain.chainId,
    name: chain.name,
    rpcUrl: chain.rpcUrl,
    confirmations: chain.confirmations,
    market: chain.market.address,
    marketDeployBlock: chain.market.deployBlock,
    currencies: [
      { address: 'native', symbol: 'ETH', decimals: 18 },
      {
        address: chain.stablecoin,
        symbol: STABLECOIN.symbol,
        decimals: STABLECOIN.decimals,
        // Its EIP-712 domain (ERC20Permit: the token's name, version "1"), as USDC's.
        signing: { name: STABLECOIN.name, version: '1', permit: true, receiveWithAuthorization: true },
      },
    ],
  };
}

async function withProvider<T>(
  rpcUrl: string,
  chainId: number,
  use: (provider: JsonRpcProvider) => Promise<T>,
): Promise<T> {
  const provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1 });
  try {
    return await use(provider);
  } finally {
    provider.destroy();
  }
}

/** Deploys the test stablecoin once per chain state and funds dev accounts 1..9. */
async function ensureStablecoin(rpcUrl: string, dataDir: string | undefined): Promise<string> {
  const provider = new JsonRpcProvider(rpcUrl, DEV_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const recordFile = dataDir ? join(dataDir, 'stablecoin.json') : undefined;
    if (recordFile) {
      const recorded = readRecord(recordFile);
      if (recorded && (await provider.getCode(recorded)) !== '0x') return recorded;
    }
    const deployer = new NonceManager(new Wallet(devAccount(0).privateKey, provider));
    const address = await deployContract(deployer, 'TestStablecoin', [
      STABLECOIN.name,
      STABLECOIN.symbol,
      STABLECOIN.decimals,
    ]);
    const token = new Contract(address, ['function mint(address to, uint256 value)'], deployer);
    const mints = [];
    for (let index = 0; index < 10; index++) {
      mints.push(await token.getFunction('mint')(devAccount(index).address, STABLECOIN_GRANT));
    }
    await Promise.all(mints.map((tx: { wait(): Promise<unknown> }) => tx.wait()));
    if (recordFile) writeFileSync(recordFile, JSON.stringify({ address }));
    return address;
  } finally {
    provider.destroy();
  }
}

function readRecord(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { address?: string }).address;
  } catch {
    return undefined;
  }
}

async function tempDir(): Promise<string> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  return mkdtemp(join(tmpdir(), 'model-commons-'));
}

/** Browsers upload and download artifacts directly: allow the headers presigned requests use. */
function corsXml(): string {
  return `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;
}
