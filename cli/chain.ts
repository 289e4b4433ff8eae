/**
 * The CLI's side of the chain: a JSON-RPC connection to the chain an API answer names (checked to be
 * that chain before anything is sent), transactions sent from the local key and awaited, typed data
 * signed, and waiting for blocks while a payment gathers confirmations. ethers loads here on demand
 * (as in signer.ts), so commands that never touch a chain start without it. Chain failures become
 * one-line CliErrors with the exit codes of docs/cli.md; the key never appears in them.
 */
import type { JsonRpcProvider, Wallet } from 'ethers';
import { CliError, EXIT } from './exit-codes.js';

export const RPC_URL_ENV = 'MODEL_COMMONS_RPC_URL';
/** anvil's (and hardhat's) chain id: the one chain where the CLI mines blocks itself. */
export const LOCAL_CHAIN_ID = 31337;

/** A transaction as the API hands it out: calldata, value in wei (decimal string), what it does. */
export interface WalletCall {
  to: string;
  data: string;
  value: string;
  description?: string;
}

/** EIP-712 typed data as the API hands it out. */
export interface TypedData {
  domain: { name: string; version: string; chainId: number; verifyingContract: string };
  types: Record<string, readonly { name: string; type: string }[]>;
  message: Record<string, unknown>;
}

export interface ChainConnection {
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly provider: JsonRpcProvider;
  close(): void;
}

export const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The JSON-RPC URL: `--rpc-url`, else MODEL_COMMONS_RPC_URL; a usage error without either. */
export function rpcUrlFrom(flag: string | undefined, env: Record<string, string | undefined>): string {
  const raw = flag ?? env[RPC_URL_ENV];
  if (!raw) {
    throw new CliError(
      `sending transactions needs the chain's JSON-RPC URL: pass --rpc-url <url> or set ${RPC_URL_ENV}`,
      EXIT.USAGE,
      'NO_RPC_URL',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`--rpc-url must be an http(s) URL, got "${raw}"`, EXIT.USAGE, 'USAGE');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`--rpc-url must be an http(s) URL, got "${raw}"`, EXIT.USAGE, 'USAGE');
  }
  return raw;
}

/**
 * Connects to `rpcUrl` and checks it serves `chainId` (the chain the order or model names): a wrong
 * URL fails here, before a transaction is signed for the wrong chain. Close it when done.
 */
export async function connectChain(rpcUrl: string, chainId: number): Promise<ChainConnection> {
  const { JsonRpcProvider } = await import('ethers');
  // Fresh answers (no 250 ms cache: receipts and block numbers are what we wait on), and 1 s polling.
  const provider = new JsonRpcProvider(rpcUrl, chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 1000,
  });
  const connection = { chainId, rpcUrl, provider, close: () => provider.destroy() };
  try {
    const served = Number(BigInt(await provider.send('eth_chainId', [])));
    if (served !== chainId) {
      throw new CliError(
        `--rpc-url serves chain ${served}, but this is on chain ${chainId}: pass that chain's RPC URL`,
        EXIT.USAGE,
        'WRONG_CHAIN',
      );
    }
  } catch (error) {
    connection.close();
    throw chainFailure(error, `cannot use the chain at ${rpcUrl}`);
  }
  return connection;
}

/** Sends `call` from `wallet`, waits for its receipt, and returns the hash; a revert is REJECTED. */
export async function sendCall(chain: ChainConnection, wallet: Wallet, call: WalletCall): Promise<string> {
  const what = call.description ?? `transaction to ${call.to}`;
  try {
    const sent = await wallet.connect(chain.provider).sendTransaction({
      to: call.to,
      data: call.data,
      value: BigInt(call.value),
    });
    const receipt = await sent.wait();
    if (receipt?.status !== 1) {
      throw new CliError(`${what}: reverted in transaction ${sent.hash}`, EXIT.REJECTED, 'TX_REVERTED');
    }
    return receipt.hash;
  } catch (error) {
    throw chainFailure(error, what);
  }
}

/** Signs EIP-712 typed data with the local key (the domain type follows from `domain`). */
export async function signTypedData(wallet: Wallet, typed: TypedData): Promise<string> {
  const { EIP712Domain: _domain, ...types } = typed.types;
  return wallet.signTypedData(
    typed.domain,
    Object.fromEntries(Object.entries(types).map(([name, fields]) => [name, [...fields]])),
    typed.message,
  );
}

/**
 * Waits until the chain is `blocks` blocks past where it is now, watching new blocks (ethers' block
 * polling), not sleeping a fixed time. Rejects at `deadline` (epoch ms) or when `signal` aborts.
 */
export async function waitForBlocks(
  chain: ChainConnection,
  blocks: number,
  options: { deadline: number; signal?: AbortSignal | undefined },
): Promise<void> {
  const target = (await chainStep(() => chain.provider.getBlockNumber(), 'read the block number')) + blocks;
  const { provider } = chain;
  await new Promise<void>((resolve, reject) => {
    const onBlock = (blockNumber: number) => {
      if (blockNumber >= target) finish(resolve);
    };
    const onAbort = () => finish(() => reject(options.signal?.reason ?? new Error('interrupted')));
    const timer = setTimeout(
      () => finish(() => reject(new CliError('timed out', EXIT.UNAVAILABLE, 'TIMEOUT'))),
      Math.max(0, options.deadline - Date.now()),
    );
    function finish(settle: () => void) {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void provider.off('block', onBlock);
      settle();
    }
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    provider.on('block', onBlock).catch((error: unknown) => finish(() => reject(error)));
  });
}

/**
 * Mines `blocks` blocks at once on a local dev chain (anvil_mine); false when the node has no such
 * method (then the caller waits for blocks like anywhere else).
 */
export async function mineLocalBlocks(chain: ChainConnection, blocks: number): Promise<boolean> {
  if (chain.chainId !== LOCAL_CHAIN_ID) return false;
  try {
    await chain.provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);
    return true;
  } catch {
    return false;
  }
}

/** Runs one read against the chain, failures turned into CliErrors. */
export async function chainStep<T>(step: () => Promise<T>, what: string): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw chainFailure(error, what);
  }
}

/** `value` base units of a token with `decimals`, for people: 25000000 at 6 → "25.0". */
export async function formatAmount(value: string | bigint, decimals: number): Promise<string> {
  const { formatUnits } = await import('ethers');
  return formatUnits(value, decimals);
}

const UNREACHABLE = new Set([
  'NETWORK_ERROR',
  'TIMEOUT',
  'SERVER_ERROR',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

/** One line and an exit code for an ethers or network failure while doing `what`. */
export function chainFailure(error: unknown, what: string): unknown {
  if (error instanceof CliError) return error;
  if (typeof error !== 'object' || error === null) return error;
  const { code, shortMessage, reason, message } = error as {
    code?: unknown;
    shortMessage?: unknown;
    reason?: unknown;
    message?: unknown;
  };
  const detail = String(reason ?? shortMessage ?? message ?? error).split('\n')[0];
  if (code === 'CALL_EXCEPTION') {
    return new CliError(`${what}: the chain refused it (${detail})`, EXIT.REJECTED, 'TX_REVERTED', {
      cause: error,
    });
  }
  if (code === 'INSUFFICIENT_FUNDS') {
    return new CliError(
      `${what}: the wallet cannot pay for it (${detail})`,
      EXIT.REJECTED,
      'INSUFFICIENT_FUNDS',
      { cause: error },
    );
  }
  if (code === 'NONCE_EXPIRED' || code === 'REPLACEMENT_UNDERPRICED') {
    return new CliError(
      `${what}: another transaction from this wallet got in first (${detail})`,
      EXIT.CONFLICT,
      String(code),
      { cause: error },
    );
  }
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return new CliError(
      `${what}: the chain is unreachable (${detail})`,
      EXIT.UNAVAILABLE,
      'CHAIN_UNAVAILABLE',
      {
        cause: error,
      },
    );
  }
  return error;
}
