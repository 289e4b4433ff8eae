/**
 * Compiles the Solidity files in contracts/ with the npm `solc` compiler (no network: hardhat's
 * compiler download fails offline) and deploys them with ethers. Compiler output is cached in
 * .cache/contracts keyed by the sources' hash, so only the first start pays the ~seconds of solc.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContractFactory, type InterfaceAbi, type Signer } from 'ethers';
import { CACHE_DIR, PROJECT_ROOT } from './paths.js';

export interface CompiledContract {
  abi: InterfaceAbi;
  bytecode: string;
}

export type ContractName = 'TestStablecoin' | 'Eip1271Wallet';

const CONTRACTS_DIR = join(PROJECT_ROOT, 'contracts');

let compiled: Record<string, CompiledContract> | undefined;

export async function compileContracts(): Promise<Record<string, CompiledContract>> {
  if (compiled) return compiled;
  const files = readdirSync(CONTRACTS_DIR)
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
    default: { compile(input: string): string; version(): string };
  };
  hash.update(solc.version());
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
      evmVersion: 'paris',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
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
