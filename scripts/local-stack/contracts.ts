/**
 * Compiles the Solidity files in contracts/ (test-only ones in contracts/test/, a benchmark floor in
 * contracts/bench/) with the npm `solc`
 * compiler (no network: hardhat's compiler download fails offline), resolving `@openzeppelin/…`
 * imports from node_modules, and deploys them with ethers. Compiler output is cached in
 * .cache/contracts keyed by the sources' hash, the OpenZeppelin version and the compiler's, so only the
 * first start pays the ~seconds of solc.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ContractFactory, type InterfaceAbi, type Signer } from 'ethers';
import { CACHE_DIR, PROJECT_ROOT } from './paths.js';

export interface CompiledContract {
  abi: InterfaceAbi;
  bytecode: string;
}

export type ContractName =
  | 'ModelCommonsMarket'
  | 'TestStablecoin'
  | 'Eip1271Wallet'
  | 'FeeOnTransferToken'
  | 'ReentrantRecipient'
  | 'CallbackToken'
  | 'PurchaseFloor';

const CONTRACTS_DIR = join(PROJECT_ROOT, 'contracts');
const require = createRequire(import.meta.url);
/** The installed OpenZeppelin Contracts (its package.json's folder). */
const OPENZEPPELIN_DIR = dirname(require.resolve('@openzeppelin/contracts/package.json'));

/** solc's import callback: `@openzeppelin/contracts/…` from node_modules, nothing else. */
function findImport(path: string): { contents: string } | { error: string } {
  const prefix = '@openzeppelin/contracts/';
  if (!path.startsWith(prefix)) return { error: `unknown import ${path}` };
  try {
    return { contents: readFileSync(join(OPENZEPPELIN_DIR, path.slice(prefix.length)), 'utf8') };
  } catch {
    return { error: `not found: ${path}` };
  }
}

let compiled: Record<string, CompiledContract> | undefined;

export async function compileContracts(): Promise<Record<string, CompiledContract>> {
  if (compiled) return compiled;
  const files = readdirSync(CONTRACTS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.sol'))
    .sort();
  const sources: Record<string, { content: string }> = {};
  const hash = createHash('sha256');
  for (const file of files) {
    const content = readFileSync(join(CONTRACTS_DIR, file), 'utf8');
    sources[file] = { content };
    hash.update(file).update(content);
  }
  const { default: solc } = (await import('solc')) as unknown as {
    default: {
      compile(input: string, callbacks: { import: typeof findImport }): string;
      version(): string;
    };
  };
  hash.update(solc.version());
  hash.update(JSON.parse(readFileSync(join(OPENZEPPELIN_DIR, 'package.json'), 'utf8')).version);
  const cacheFile = join(CACHE_DIR, 'contracts', `${hash.digest('hex').slice(0, 16)}.json`);
  if (existsSync(cacheFile)) {
    compiled = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, CompiledContract>;
    return compiled;
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      // OpenZeppelin 5 uses mcopy (Cancun); anvil and every chain we serve run Cancun or later.
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as {
    errors?: Array<{ severity: string; formattedMessage: string }>;
    contracts: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const result: Record<string, CompiledContract> = {};
  for (const perFile of Object.values(output.contracts)) {
    for (const [name, contract] of Object.entries(perFile)) {
      result[name] = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
    }
  }
  mkdirSync(join(CACHE_DIR, 'contracts'), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(result));
  compiled = result;
  return result;
}

/** Deploys a compiled contract and waits for it to be mined; returns its address. */
export async function deployContract(signer: Signer, name: ContractName, args: unknown[]): Promise<string> {
  const contract = (await compileContracts())[name];
  if (!contract) throw new Error(`No compiled contract named ${name}`);
  const factory = new ContractFactory(contract.abi, contract.bytecode, signer);
  const deployed = await factory.deploy(...args);
  await deployed.waitForDeployment();
  return deployed.getAddress();
}
