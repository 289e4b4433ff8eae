/**
 * A private, restartable copy of the local stack for fault-injection tests: its own DynamoDB Local
 * (data on disk), s3rver (objects on disk) and anvil (chain state dumped on exit), on their own ports
 * in a temp directory. Each can be stopped for real — the Java process terminated, the S3 server closed
 * with every open connection cut, anvil terminated — and started again on the same port with the same
 * data. The private chain carries what the local stack's does (scripts/local-stack/index.ts): the test
 * stablecoin, the marketplace contract at its deterministic address and Multicall3, and `env.CHAINS`
 * names them the same way. The shared stack that every other test file uses is never touched.
 */

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { JsonRpcProvider, type Wallet } from 'ethers';
import S3rver from 's3rver';
import { createDynamoClients } from '#adapters/dynamodb/clients.js';
import { ensureTable } from '#adapters/dynamodb/table-admin.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { type Anvil, DEV_CHAIN_ID, startAnvil } from '#scripts/local-stack/anvil.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '#scripts/local-stack/dynamodb-local.js';
import {
  deployLocalMarket,
  devAccount,
  LICENCE_SIGNER_INDEX,
  LOCAL_FEES,
  localChainEntry,
} from '#scripts/local-stack/index.js';
import type { LocalMarket } from '#scripts/local-stack/market.js';
import { freePort } from '#scripts/local-stack/processes.js';
import { addSigV4Front } from '#scripts/local-stack/s3-sigv4-front.js';
import { addMultipartExtensions } from '#scripts/local-stack/s3rver-multipart.js';
import { deployTestStablecoin, fundedWallet } from './chain.js';

/** One dependency that a test can take down for real and bring back with its data. */
export interface Restartable {
  /** Kills it: afterwards every client sees refused connections, and open ones are cut. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
}

/** A dependency that runs as a child process: it can also be frozen (SIGSTOP) — up but silent. */
export interface ProcessDependency extends Restartable {
  /** Freezes the process: connections are still accepted by the kernel, nothing is answered. */
  pause(): Promise<void>;
  resume(): void;
}

/** A request as s3rver's Koa app sees it (only what hooks need). */
export interface S3Request {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
}

/**
 * What the S3 server does to a request a hook matches: `crash` — dies while serving it (every
 * connection cut, the port closed); `hang` — never answers it; `stall` — sends the headers and the
 * first bytes of the object, then goes silent.
 */
export type S3Fault = 'crash' | 'hang' | 'stall';

interface KoaContext extends S3Request {
  res: ServerResponse;
  respond?: boolean;
}

export interface PrivateStack {
  /** Raw env overrides for `testConfig`/`testApp`: table, bucket, endpoints and CHAINS point here. */
  env: Record<string, string>;
  chainId: number;
  rpcUrl: string;
  stablecoin: string;
  /** The marketplace contract on the private chain (same address as the shared stack's, see market.ts). */
  market: LocalMarket;
  tableName: string;
  bucketName: string;
  /** anvil dev account 0: the market's admin and fee recipient, and PLATFORM_FEE_RECIPIENT. */
  feeRecipient: string;
  dynamodb: ProcessDependency;
  s3: Restartable;
  anvil: ProcessDependency;
  /** A provider on the private chain (no caching: balances and receipts are read fresh). */
  provider: JsonRpcProvider;
  /**
   * Makes the S3 server fail the next `times` requests that `match` (default 1), from inside them
   * (see S3Fault). Resolves when the first has been caught.
   */
  s3Fault(fault: S3Fault, match: (request: S3Request) => boolean, times?: number): Promise<void>;
  /** A fresh wallet with 100 ETH and `stablecoinUnits` of the private stablecoin. */
  fundedWallet(stablecoinUnits?: bigint): Promise<Wallet>;
  /** Every item in the table (a full Scan: fine for a private table of a few hundred items). */
  scan(): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface PrivateStackOptions {
  /** Blocks a payment needs on top of its own (CHAINS `confirmations`). */
  confirmations?: number;
  /** The origin the market's token URIs name (the local stack's public origin by default). */
  publicOrigin?: string;
}

interface S3rverInternals {
  middleware: Array<(ctx: KoaContext, next: () => Promise<void>) => Promise<void>>;
  httpServer?: Server;
}

/**
 * SIGSTOP / SIGCONT for a child process. A signal is delivered asynchronously: `pause` resolves once
 * the kernel reports the process stopped (Linux /proc), so a request sent next cannot slip through.
 */
function freezer(child: () => ChildProcess | undefined) {
  return {
    pause: async () => {
      const target = child();
      if (!target?.pid) return;
      target.kill('SIGSTOP');
      for (let attempt = 0; attempt < 100; attempt++) {
        const stat = await readFile(`/proc/${target.pid}/stat`, 'utf8').catch(() => undefined);
        // The state follows the parenthesised command name: T = stopped.
        if (stat === undefined || /\) T /.test(stat)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    resume: () => {
      child()?.kill('SIGCONT');
    },
  };
}

export async function startPrivateStack(options: PrivateStackOptions = {}): Promise<PrivateStack> {
  const dir = await mkdtemp(join(tmpdir(), 'model-commons-faults-'));
  const [dynamoPort, s3Port, anvilPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const tableName = 'faults';
  const bucketName = 'faults-artifacts';
  const chainId = DEV_CHAIN_ID;

  let ddb: DynamoDbLocal | undefined;
  const dynamodb: ProcessDependency = {
    ...freezer(() => ddb?.process.child),
    async start() {
      ddb = await startDynamoDbLocal({
        port: dynamoPort,
        dbPath: join(dir, 'dynamodb'),
        // Started twice per run and lightly used: start-up time matters more than peak speed.
        jvmArgs: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'],
      });
    },
    async stop() {
      const running = ddb;
      ddb = undefined;
      // SIGTERM, not SIGKILL: killed outright, DynamoDB Local loses transactions it has already
      // acknowledged (4 of 6 in a measurement), which real DynamoDB never does. Either way the process
      // is gone and every client gets refused connections.
      await running?.process.stop();
    },
  };

  const s3Hooks: Array<{
    fault: S3Fault;
    match: (request: S3Request) => boolean;
    times: number;
    fire: () => void;
  }> = [];
  // Requests the server leaves hanging; released (their sockets are cut anyway) when it stops.
  let hanging: Array<() => void> = [];
  const hang = () => new Promise<void>((resolve) => hanging.push(resolve));
  let s3server: S3rver | undefined;
  const s3: Restartable = {
    async start() {
      const server = new S3rver({
        address: '127.0.0.1',
        port: s3Port,
        silent: true,
        directory: join(dir, 's3'),
        resetOnClose: false,
        vhostBuckets: false,
        configureBuckets: [{ name: bucketName }],
      });
      addMultipartExtensions(server);
      addSigV4Front(server, { credentials: LOCAL_STAND_IN_CREDENTIALS, region: 'us-east-1' });
      // Installed before run(): Koa composes its middleware when it starts listening.
      (server as unknown as S3rverInternals).middleware.unshift(async (ctx, next) => {
        const index = s3Hooks.findIndex((hook) => hook.match(ctx));
        if (index < 0) return next();
        const hook = s3Hooks[index];
        if (!hook) return;
        hook.times -= 1;
        if (hook.times === 0) s3Hooks.splice(index, 1);
        hook.fire();
        if (hook.fault === 'crash') return s3.stop();
        // Koa must not answer on our behalf once we have written to the socket ourselves.
        ctx.respond = false;
        if (hook.fault === 'stall') {
          ctx.res.writeHead(200, { 'content-length': '1048576', 'content-type': 'application/octet-stream' });
          ctx.res.write(Buffer.alloc(1024));
        }
        await hang();
      });
      await server.run();
      s3server = server;
    },
    async stop() {
      const server = s3server;
      s3server = undefined;
      for (const release of hanging) release();
      hanging = [];
      if (!server) return;
      const closed = server.close();
      // close() alone would let keep-alive and in-flight requests finish: a crash does not.
      (server as unknown as S3rverInternals).httpServer?.closeAllConnections();
      await closed;
    },
  };

  let chain: Anvil | undefined;
  const anvil: ProcessDependency = {
    ...freezer(() => chain?.process.child),
    async start() {
      chain = await startAnvil({ port: anvilPort, chainId, statePath: join(dir, 'chain-state.json') });
    },
    async stop() {
      const running = chain;
      chain = undefined;
      // SIGTERM: anvil dumps its chain to the state file on exit (its only way to persist), so the
      // restarted node has the same blocks, receipts and nonces; like any node, it loses its mempool.
      await running?.process.stop();
    },
  };

  const started: Restartable[] = [];
  const { client, document } = createDynamoClients({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${dynamoPort}`,
    credentials: LOCAL_STAND_IN_CREDENTIALS,
  });
  const rpcUrl = `http://127.0.0.1:${anvilPort}`;
  const provider = new JsonRpcProvider(rpcUrl, chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 20,
  });
  const close = async () => {
    provider.destroy();
    client.destroy();
    // A frozen process would sit out SIGTERM until the 5 s SIGKILL fallback.
    dynamodb.resume();
    anvil.resume();
    await Promise.allSettled(started.map((dependency) => dependency.stop()));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const starting = (dependency: Restartable) =>
      dependency.start().then(() => {
        started.push(dependency);
      });
    // The JVM takes seconds: create the table and deploy the contracts while the others come up. All
    // settle before a failure is thrown, so close() stops whatever did start.
    let stablecoin = '';
    let market: LocalMarket | undefined;
    const results = await Promise.allSettled([
      starting(dynamodb).then(() => ensureTable(client, tableName)),
      starting(s3),
      starting(anvil).then(async () => {
        stablecoin = await deployTestStablecoin(provider);
        market = await deployLocalMarket(provider, {
          chainId,
          stablecoin,
          publicOrigin: options.publicOrigin ?? 'http://localhost:3000',
        });
      }),
    ]);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
    if (!market) throw new Error('the market was not deployed');

    const env: Record<string, string> = {
      TABLE_NAME: tableName,
      BUCKET_NAME: bucketName,
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      CHAINS: JSON.stringify([
        localChainEntry({
          chainId,
          name: 'anvil-faults',
          rpcUrl,
          confirmations: options.confirmations ?? 1,
          market,
          stablecoin,
        }),
      ]),
      LICENCE_SIGNER_KEY: devAccount(LICENCE_SIGNER_INDEX).privateKey,
      PLATFORM_FEE_RECIPIENT: devAccount(0).address,
      PLATFORM_FEE_BPS: String(LOCAL_FEES.platformFeeBps),
      REFERRER_FEE_BPS: String(LOCAL_FEES.referrerFeeBps),
    };

    return {
      env,
      chainId,
      rpcUrl,
      stablecoin,
      market,
      tableName,
      bucketName,
      feeRecipient: devAccount(0).address,
      dynamodb,
      s3,
      anvil,
      provider,
      s3Fault: (fault, match, times = 1) =>
        new Promise<void>((resolve) => s3Hooks.push({ fault, match, times, fire: resolve })),
      fundedWallet: (stablecoinUnits = 0n) => fundedWallet(provider, stablecoinUnits, stablecoin),
      scan: async () => {
        const items: Array<Record<string, unknown>> = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const page: ScanCommandOutput = await document.send(
            new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
          );
          items.push(...(page.Items ?? []));
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return items;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
