/**
 * The local server behind `npm start` (local.ts): starts the embedded DynamoDB Local, S3 server and
 * anvil chain with data under .data/, then serves the app on `host`:`port`, where `host` is 127.0.0.1
 * unless the user sets `HOST` (0.0.0.0 to reach it from other machines, e.g. a phone on the same
 * network). The API's URL is recorded in .data/local-stack.json for tools (npm run demo).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { ChainIndexer } from '#domain/market/chain-indexer.js';
import { startLocalStack } from '#scripts/local-stack/index.js';
import { DATA_DIR, LOCAL_STACK_FILE, PROJECT_ROOT } from '#scripts/local-stack/paths.js';
import {
  connectHost,
  hostFromEnv,
  isWildcardHost,
  LOOPBACK,
  portInUse,
} from '#scripts/local-stack/processes.js';
import { type Config, ConfigError, loadConfig } from '#shared/config.js';

/** Serves `fetch` on `host`:`port`; resolves once it is listening. */
export function serveLocally(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { port: number; host: string },
): Promise<{ server: ServerType; address: AddressInfo }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: options.port, hostname: options.host }, (address) =>
      resolve({ server, address }),
    );
    server.once('error', reject);
  });
}

const LOCK_FILE = join(DATA_DIR, 'server.lock');

function fail(message: string): never {
  console.error(`model-commons: ${message}`);
  process.exit(1);
}

/** One `npm start` per checkout: a second one would fight over .data/. */
function acquireLock(): void {
  mkdirSync(DATA_DIR, { recursive: true });
  if (existsSync(LOCK_FILE)) {
    const pid = Number(readFileSync(LOCK_FILE, 'utf8'));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (alive)
      fail(`already running (pid ${pid}); stop it with Ctrl-C first, or remove ${LOCK_FILE} if it is stale`);
  }
  writeFileSync(LOCK_FILE, String(process.pid));
}

/** What `npm start` serves, composed by the entry (local.ts) from the whole configuration. */
export interface LocalServices {
  fetch: (request: Request) => Response | Promise<Response>;
  /** Runs every second in this process (a schedule runs it in AWS); undefined without a market contract. */
  chainIndexer: ChainIndexer | undefined;
  close(): Promise<void>;
}

/**
 * `npm start`: starts the embedded servers, then serves what `compose` builds on their configuration
 * until Ctrl-C, which stops everything it started. Exits with one line on a bad setting.
 */
export function runLocalServer(compose: (config: Config) => Promise<LocalServices>): void {
  main(compose).catch((error: unknown) => {
    rmSync(LOCK_FILE, { force: true });
    fail(error instanceof Error ? error.message : String(error));
  });
}

async function main(compose: (config: Config) => Promise<LocalServices>): Promise<void> {
  const envFile = join(PROJECT_ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    fail(`PORT must be a TCP port, got "${process.env.PORT}"`);
  const host = hostFromEnv(process.env);
  acquireLock();
  if (await portInUse(port, host)) {
    rmSync(LOCK_FILE, { force: true });
    fail(`port ${port} is already in use; set PORT to another port`);
  }

  console.log('Starting DynamoDB Local, the S3 server and anvil (data in .data/) ...');
  const publicOrigin = process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}`;
  const stack = await startLocalStack({ dataDir: DATA_DIR, publicOrigin, host });
  let config: ReturnType<typeof loadConfig>;
  try {
    // The embedded servers' addresses win; anything else (LOG_LEVEL, fees, origins) may come from the env.
    config = loadConfig({ ...stack.env, ...process.env, ...pickStackEnv(stack.env) });
  } catch (error) {
    await stack.stop();
    rmSync(LOCK_FILE, { force: true });
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  // localhost (the default PUBLIC_ORIGIN's host, which SIWE messages must name) unless HOST names one
  // specific other address, which then is the only one that answers.
  const local = host === LOOPBACK || isWildcardHost(host);
  const apiUrl = `http://${local ? 'localhost' : connectHost(host)}:${port}`;
  writeFileSync(
    LOCAL_STACK_FILE,
    JSON.stringify({
      apiUrl,
      rpcUrl: stack.rpcUrl,
      chainId: stack.chainId,
      stablecoin: stack.stablecoin,
    }),
  );
  const services = await compose(config);
  const { server } = await serveLocally(services.fetch, { port, host });
  // The chain indexer: a scheduled Lambda in AWS, a loop here (anvil mines on demand, so a second
  // is plenty; POST /orders/{id}/payment indexes a buyer's own transaction at once).
  const indexer = services.chainIndexer;
  let indexing = false;
  const indexerTimer = setInterval(async () => {
    if (!indexer || indexing) return;
    indexing = true;
    for (const chain of indexer.chains) {
      await indexer.catchUp(chain.chainId).catch((error: unknown) => console.error('chain indexer:', error));
    }
    indexing = false;
  }, 1000);

  console.log(
    [
      '',
      `Model Commons API     ${apiUrl}  (listening on ${host}${host === LOOPBACK ? ': this machine only, HOST to change' : ''})`,
      `  health              ${apiUrl}/health/ready`,
      `  API reference       ${apiUrl}/docs  (OpenAPI: /openapi.json)`,
      `DynamoDB Local        ${stack.dynamoEndpoint}  table ${stack.tableName}`,
      `S3 server             ${stack.s3Endpoint}  bucket ${stack.bucketName}`,
      `anvil chain           ${stack.rpcUrl}  chain id ${stack.chainId}`,
      `Test stablecoin       ${stack.stablecoin}  (USD, 6 decimals)`,
      `Market contract       ${stack.market.address}  (deployed in block ${stack.market.deployBlock}; indexed every second)`,
      'Dev accounts (anvil mnemonic; public keys, never use them on a real chain):',
      ...stack.accounts.map((account, index) => `  [${index}] ${account.address}  ${account.privateKey}`),
      '',
      'Ctrl-C to stop.',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ...`);
    clearInterval(indexerTimer);
    server.close();
    await services.close();
    await stack.stop();
    rmSync(LOCK_FILE, { force: true });
    rmSync(LOCAL_STACK_FILE, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function pickStackEnv(env: Record<string, string>): Record<string, string> {
  const keys = ['TABLE_NAME', 'BUCKET_NAME', 'DYNAMODB_ENDPOINT', 'S3_ENDPOINT', 'CHAINS', 'AWS_REGION'];
  return Object.fromEntries(keys.flatMap((key) => (env[key] === undefined ? [] : [[key, env[key]]])));
}
