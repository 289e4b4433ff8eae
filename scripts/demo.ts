/**
 * `npm run demo`: the whole marketplace in one scripted walk, against the running `npm start` (its
 * URL as recorded in .data/local-stack.json, or DEMO_API_URL). A creator signs in with the CLI, pushes a small model, sets a revenue split
 * and an offer, and publishes; a buyer signs in, orders, pays in the local stablecoin on the local
 * chain, gets the licence, verifies it offline, downloads every file and checks its SHA-256; then the
 * balances are printed. The creator half runs the real CLI (in-process), the buyer half the typed
 * client — the two ways scripts talk to the API.
 *
 * `runDemo()` is the core, so a test can run it against an in-process server with fresh wallets.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Contract, formatUnits, JsonRpcProvider, Wallet } from 'ethers';
import { ApiClient, type FetchFn } from '#cli/client/api-client.js';
import type { Licence } from '#cli/client/types.js';
import { main as cli } from '#cli/main.js';
import { siweSignIn } from '#cli/signer.js';
import { devAccount } from './local-stack/index.js';
import { LOCAL_STACK_FILE } from './local-stack/paths.js';

const ERC20 = ['function balanceOf(address) view returns (uint256)'];
/** What the demo calls on the marketplace contract (scripts may read it; the CLI never imports adapters). */
const MARKET = [
  'function models(bytes32 modelKey) view returns (address owner, bytes32 splitId)',
  'function distribute(bytes32 splitId, address currency)',
  'function withdrawable(address account, address currency) view returns (uint256)',
  'function withdraw(address account, address currency) returns (uint256 amount)',
];

export interface DemoOptions {
  /** The API origin, e.g. http://localhost:3000 (SIWE messages name it). */
  baseUrl: string;
  /** JSON-RPC URL of the local chain the buyer pays on. */
  rpcUrl: string;
  fetch?: FetchFn;
  log?: (line: string) => void;
  /** Keys of funded accounts; default anvil dev accounts 1, 2 and 3 (public, local only). */
  creatorKey?: string;
  buyerKey?: string;
  contributorKey?: string;
}

export interface DemoResult {
  modelId: string;
  version: string;
  offerId: string;
  orderId: string;
  licenceId: string;
  licenceToken: string;
  filesVerified: number;
  balances: {
    buyerPaid: string;
    creatorEarned: string;
    contributorEarned: string;
    currency: string;
  };
}

class DemoFailure extends Error {
  override name = 'DemoFailure';
}

/** Runs the walk-through; throws DemoFailure naming the step that failed. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const log = options.log ?? ((line: string) => console.log(line));
  const creator = new Wallet(options.creatorKey ?? devAccount(1).privateKey);
  const buyer = new Wallet(options.buyerKey ?? devAccount(2).privateKey);
  const contributor = new Wallet(options.contributorKey ?? devAccount(3).privateKey);
  const api = new ApiClient({ baseUrl: options.baseUrl, fetch: fetchFn });
  const workDir = await mkdtemp(join(tmpdir(), 'model-commons-demo-'));
  const configDir = join(workDir, 'config');

  /** Runs one CLI command as the creator, echoing its output indented. */
  const run = async (argv: string[]): Promise<string> => {
    log(`  $ model-commons ${argv.map(shellWord).join(' ')}`);
    let stdout = '';
    const code = await cli([...argv], {
      fetch: fetchFn,
      stdout: lineSink((line) => {
        stdout += `${line}\n`;
        if (!argv.includes('--json')) log(`    ${line}`);
      }),
      stderr: lineSink((line) => log(`    ${line}`)),
      env: { MODEL_COMMONS_API_URL: options.baseUrl, MODEL_COMMONS_PRIVATE_KEY: creator.privateKey },
      configDir,
    });
    if (code !== 0)
      throw new DemoFailure(`model-commons ${argv[0]} ${argv[1] ?? ''} failed with exit code ${code}`);
    return stdout;
  };

  log(`Model Commons demo against ${options.baseUrl}`);
  try {
    await api.health();
  } catch {
    throw new DemoFailure(
      `the API at ${options.baseUrl} is not answering: start it with \`npm start\` first`,
    );
  }
  const marketplace = await api.wellKnown();
  const chain = marketplace.chains[0];
  if (!chain) throw new DemoFailure('the marketplace lists no chains');
  const stablecoin = chain.currencies.find((currency) => currency.address !== 'native');
  if (!stablecoin) throw new DemoFailure(`chain ${chain.chainId} accepts no ERC-20 stablecoin`);
  const provider = new JsonRpcProvider(options.rpcUrl, chain.chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  try {
    await provider.getBlockNumber();
  } catch {
    throw new DemoFailure(
      `the chain at ${options.rpcUrl} is not answering: set DEMO_RPC_URL to the anvil URL \`npm start\` printed`,
    );
  }

  try {
    // ---- the creator ----
    log('\n1. The creator signs in with a local key (Sign-In with Ethereum) and creates a model');
    await run(['login']);
    const slug = `tiny-sentiment-${Date.now().toString(36)}`;
    const created = JSON.parse(
      await run([
        'models',
        'create',
        '--name',
        'Tiny Sentiment',
        '--slug',
        slug,
        '--task',
        'text-classification',
        '--tags',
        'demo,sentiment',
        '--framework',
        'onnx',
        '--description',
        'A very small sentiment classifier, published by the Model Commons demo.',
        '--json',
      ]),
    ) as { modelId: string };
    const modelId = created.modelId;
    log(`    created ${modelId}`);

    log(
      '\n2. It pushes a model folder (hashed, uploaded straight to storage, verified by the server) and publishes 1.0.0',
    );
    const folder = join(workDir, 'tiny-sentiment');
    await mkdir(join(folder, 'tokenizer'), { recursive: true });
    await writeFile(join(folder, 'model.onnx'), randomBytes(3 * 1024 * 1024 + 17));
    await writeFile(
      join(folder, 'config.json'),
      JSON.stringify({ labels: ['negative', 'positive'], maxLength: 128 }, null, 2),
    );
    await writeFile(
      join(folder, 'tokenizer', 'vocab.txt'),
      Array.from({ length: 500 }, (_, i) => `tok${i}`).join('\n'),
    );
    await writeFile(
      join(folder, 'README.md'),
      '# Tiny Sentiment\n\nDemo model. Licensed through Model Commons.\n',
    );
    await writeFile(join(folder, 'scratch.tmp'), 'not for upload');
    await writeFile(join(folder, '.modelcommonsignore'), '*.tmp\n');
    await run([
      'push',
      folder,
      '--model',
      modelId,
      '--version',
      '1.0.0',
      '--changelog',
      'First release',
      '--publish',
      '--progress',
      'lines',
    ]);

    log('\n3. It shares revenue with a contributor (80/20) and offers a commercial licence for 25 USD');
    const splitFile = join(workDir, 'split.yaml');
    await writeFile(
      splitFile,
      `recipients:\n  - address: "${creator.address}"\n    bps: 8000\n    role: author\n  - address: "${contributor.address}"\n    bps: 2000\n    role: data curation\n`,
    );
    await run(['split', 'set', splitFile, '--model', modelId]);
    const price = 25n * 10n ** BigInt(stablecoin.decimals);
    const offer = JSON.parse(
      await run([
        'offers',
        'create',
        '--model',
        modelId,
        '--name',
        'Commercial',
        '--price',
        price.toString(),
        '--currency',
        stablecoin.symbol,
        '--chain-id',
        String(chain.chainId),
        '--commercial',
        '--attribution',
        '--spdx',
        'OpenRAIL-M',
        '--json',
      ]),
    ) as { offerId: string };
    log(`    offer ${offer.offerId}: 25 ${stablecoin.symbol}, commercial use, OpenRAIL-M`);
    await run(['models', 'publish', modelId]);

    const creatorApi = api.withToken((await siweSignIn(api, creator, chain.chainId)).token);
    const creatorWallet = creator.connect(provider);
    const market = await creatorApi.modelMarket(modelId).catch(() => undefined);
    if (market) {
      log(
        '\n3b. It registers the model and its split on the marketplace contract and signs the offer (EIP-712):\n' +
          '    from now on the contract, not the platform, holds the price, the terms and who earns what',
      );
      for (const call of market.calls) {
        const sent = await creatorWallet.sendTransaction({
          to: call.to,
          data: call.data,
          value: BigInt(call.value),
        });
        await sent.wait();
        log(`    ${call.description}: ${sent.hash}`);
      }
      const typed = await creatorApi.offerTypedData(modelId, offer.offerId);
      const signature = await creator.signTypedData(
        typed.domain,
        Object.fromEntries(Object.entries(typed.types).map(([name, fields]) => [name, [...fields]])),
        typed.message,
      );
      await creatorApi.signOffer(modelId, offer.offerId, {
        signature,
        validUntil: typed.message.validUntil,
        maxFeeBps: typed.message.maxFeeBps,
      });
      log(
        `    offer signed for sale on chain until ${new Date(Number(typed.message.validUntil) * 1000).toISOString()}`,
      );
    }

    // ---- the buyer ----
    log('\n4. A buyer signs in and orders the licence');
    const buyerApi = api.withToken((await siweSignIn(api, buyer, chain.chainId)).token);
    const order = await buyerApi.createOrder({ offerId: offer.offerId });
    log(
      `    order ${order.id}: ${formatUnits(order.amount, order.currency.decimals)} ${order.currency.symbol} through the market ${order.sale.contract} on chain ${order.chainId} before ${order.expiresAt ?? 'expiry'}`,
    );

    const token = new Contract(order.currency.address, ERC20, buyer.connect(provider));
    const balanceOf = async (address: string): Promise<bigint> => token.getFunction('balanceOf')(address);
    const buyerBefore = await balanceOf(buyer.address);
    const creatorBefore = await balanceOf(creator.address);
    const contributorBefore = await balanceOf(contributor.address);
    const { sale } = order;
    log(
      '\n5. The buyer sends the transactions the order lists from its own wallet, and submits the last hash',
    );
    let txHash = '';
    for (const call of sale.calls) {
      const sent = await buyer
        .connect(provider)
        .sendTransaction({ to: call.to, data: call.data, value: BigInt(call.value) });
      await sent.wait();
      txHash = sent.hash;
      log(`    ${call.description}: ${sent.hash}`);
    }
    const licence = await settle(buyerApi, provider, order.id, txHash, log);
    log(`    licence ${licence.id} (${licence.state}), manifest ${licence.manifestHash ?? '?'}`);

    log('\n6. Anyone can verify the licence offline, against the signer the marketplace publishes');
    await run(['licences', 'verify', licence.token]);
    const verdict = await api.verifyLicence(licence.token);
    log(`    the API agrees: ${verdict.valid ? 'valid' : `invalid (${verdict.reason})`}`);
    if (!verdict.valid) throw new DemoFailure('the API says the licence is not valid');

    log('\n7. The buyer downloads every file and checks its bytes');
    const version = await buyerApi.getVersion(modelId, '1.0.0');
    for (const file of version.files) {
      const { url } = await buyerApi.downloadUrl(modelId, '1.0.0', file.path);
      const response = await fetchFn(url);
      if (!response.ok) throw new DemoFailure(`download of ${file.path} answered ${response.status}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      const local = await readFile(join(folder, ...file.path.split('/')));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== file.sha256 || !bytes.equals(local))
        throw new DemoFailure(`${file.path}: downloaded bytes differ`);
      log(`    ✓ ${file.path}  ${bytes.length} bytes  sha256 ${sha256.slice(0, 16)}…`);
    }

    log(
      '\n8. The split is paid by the contract: the creator triggers both withdrawals (anyone may; the money only goes to its owner)',
    );
    const contract = new Contract(sale.contract, MARKET, creatorWallet);
    const [, splitId] = (await contract.getFunction('models')(sale.offer.modelKey)) as [string, string];
    await (await contract.getFunction('distribute')(splitId, order.currency.address)).wait();
    for (const account of [creator.address, contributor.address]) {
      if ((await contract.getFunction('withdrawable')(account, order.currency.address)) === 0n) continue;
      await (await contract.getFunction('withdraw')(account, order.currency.address)).wait();
    }
    const buyerAfter = await balanceOf(buyer.address);
    const creatorEarned = (await balanceOf(creator.address)) - creatorBefore;
    const contributorEarned = (await balanceOf(contributor.address)) - contributorBefore;
    const symbol = order.currency.symbol;
    const show = (value: bigint) => `${formatUnits(value, order.currency.decimals)} ${symbol}`;
    log(
      `    buyer       ${buyer.address}  paid ${show(buyerBefore - buyerAfter)} (wallet ${show(buyerBefore)} → ${show(buyerAfter)})`,
    );
    log(
      `    creator     ${creator.address}  +${show(creatorEarned)} (80% of the price after the platform fee)`,
    );
    log(`    contributor ${contributor.address}  +${show(contributorEarned)} (20%)`);
    log(
      '    the rest is the platform fee, withdrawable by the fee recipient alone; no one else holds the money',
    );
    log('\nDone.');

    return {
      modelId,
      version: '1.0.0',
      offerId: offer.offerId,
      orderId: order.id,
      licenceId: licence.id,
      licenceToken: licence.token,
      filesVerified: version.files.length,
      balances: {
        buyerPaid: (buyerBefore - buyerAfter).toString(),
        creatorEarned: creatorEarned.toString(),
        contributorEarned: contributorEarned.toString(),
        currency: order.currency.address,
      },
    };
  } finally {
    provider.destroy();
  }
}

/**
 * Submits the payment until it is final. The local chain only makes blocks when transactions arrive,
 * so while the server waits for confirmations the demo mines them (anvil_mine: local chains only).
 */
async function settle(
  client: ApiClient,
  provider: JsonRpcProvider,
  orderId: string,
  txHash: string,
  log: (line: string) => void,
): Promise<Licence> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const outcome = await client.submitPayment(orderId, txHash);
    if (outcome.status === 'paid') return outcome.licence;
    const missing = Math.max(1, (outcome.required ?? 1) - (outcome.confirmations ?? 0));
    log(
      `    confirming: ${outcome.confirmations ?? 0}/${outcome.required ?? '?'} confirmations; mining ${missing} block(s) on the local chain`,
    );
    await provider.send('anvil_mine', [`0x${missing.toString(16)}`]);
  }
  throw new DemoFailure('the payment did not become final');
}

/** An argument as a person would type it; long ones (licence tokens) shortened for the log. */
function shellWord(arg: string): string {
  const shown = arg.length > 60 ? `${arg.slice(0, 24)}…${arg.slice(-8)}` : arg;
  return /\s/.test(shown) ? JSON.stringify(shown) : shown;
}

/** A writable that hands complete lines to `onLine`. */
function lineSink(onLine: (line: string) => void): Writable & { isTTY: false } {
  let buffer = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        onLine(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
      callback();
    },
  });
  return Object.assign(sink, { isTTY: false as const });
}

/**
 * Where the demo finds the API and the chain. An explicit `DEMO_API_URL` / `DEMO_RPC_URL` wins; else
 * what the running `npm start` recorded in .data/local-stack.json (its API URL follows `PORT` and
 * `HOST`); else the defaults of a plain `npm start` (the API on port 3000, anvil on 8545).
 */
export function demoUrls(
  env: Record<string, string | undefined> = process.env,
  recordedFile = LOCAL_STACK_FILE,
): { apiUrl: string; rpcUrl: string } {
  const recorded = readRecordedStack(recordedFile);
  return {
    apiUrl: env.DEMO_API_URL || recorded.apiUrl || 'http://localhost:3000',
    rpcUrl: env.DEMO_RPC_URL || recorded.rpcUrl || 'http://127.0.0.1:8545',
  };
}

function readRecordedStack(file: string): { apiUrl?: string; rpcUrl?: string } {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    const field = (key: string) => {
      const value = (parsed as Record<string, unknown>)[key];
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const apiUrl = field('apiUrl');
    const rpcUrl = field('rpcUrl');
    return { ...(apiUrl ? { apiUrl } : {}), ...(rpcUrl ? { rpcUrl } : {}) };
  } catch {
    return {}; // unreadable: fall back to the defaults
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { apiUrl, rpcUrl } = demoUrls();
  runDemo({ baseUrl: apiUrl, rpcUrl })
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
