/** anvil (Foundry's dev chain) as a child process; the binary ships in a platform npm package. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { connectHost, LOOPBACK, type ManagedProcess, startProcess, waitUntilReady } from './processes.js';

/** anvil's well-known development mnemonic: its accounts are public, never use them elsewhere. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
export const DEV_CHAIN_ID = 31337;

function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${arch}`;
  let packageJson: string;
  try {
    packageJson = require.resolve(`${platformPackage}/package.json`);
  } catch {
    throw new Error(`anvil: ${platformPackage} is not installed; run npm install on this platform`);
  }
  const binary = join(dirname(packageJson), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  if (!existsSync(binary)) throw new Error(`anvil binary missing at ${binary}`);
  return binary;
}

export interface Anvil {
  rpcUrl: string;
  chainId: number;
  process: ManagedProcess;
}

/**
 * Starts anvil. `statePath` makes the chain persistent (loaded at start, dumped every few seconds and
 * on exit), with the states of recent blocks too: without them a restarted anvil answers any query
 * at an older height (the chain indexer's reads at head − confirmations) with
 * BlockOutOfRange until new blocks are mined. One slot per epoch makes the `safe`/`finalized` tags
 * follow the head closely.
 */
export async function startAnvil(options: {
  port: number;
  /** The address to listen on; 127.0.0.1 (this machine only) by default. */
  host?: string;
  chainId?: number;
  statePath?: string;
}): Promise<Anvil> {
  const chainId = options.chainId ?? DEV_CHAIN_ID;
  const args = [
    '--host',
    options.host ?? LOOPBACK,
    '--port',
    String(options.port),
    '--chain-id',
    String(chainId),
    '--mnemonic',
    DEV_MNEMONIC,
    '--accounts',
    '10',
    '--balance',
    '10000',
    '--slots-in-an-epoch',
    '1',
    '--silent',
  ];
  if (options.statePath)
    args.push('--state', options.statePath, '--state-interval', '5', '--preserve-historical-states');
  const managed = startProcess(anvilBinary(), args, 'anvil');
  const rpcUrl = `http://${connectHost(options.host ?? LOOPBACK)}:${options.port}`;
  await waitUntilReady('anvil', managed, async () => {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    return response.ok;
  });
  return { rpcUrl, chainId, process: managed };
}
