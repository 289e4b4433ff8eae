/**
 * Compiles the Solidity files in contracts/ (test-only ones in contracts/test/, a benchmark floor in
 * contracts/bench/) with the npm `solc`
 * compiler (no network: hardhat's compiler download fails offline), resolving `@openzeppelin/…`
 * imports from node_modules, and deploys them with ethers. Compiler output is cached in
 * .cache/contracts keyed by the sources' hash, the OpenZeppelin version and the compiler's, so only the
 * first start pays the ~seconds of solc. `marketStandardJsonInput()` gives an explorer what it needs to
 * verify a deployed market (scripts/contracts-deploy.ts writes it next to the deployment record).
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
  | 'PurchaseFloor'
  | 'Multicall3';

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

/**
 * The compiler settings that decide the bytecode, shared by the local compile and the standard-JSON
 * input given to explorers: if they differed, a verification would fail (or verify other bytecode).
 */
const COMPILER_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  // OpenZeppelin 5 uses mcopy (Cancun); anvil and every chain we serve run Cancun or later.
  evmVersion: 'cancun',
} as const;

interface Solc {
  compile(input: string, callbacks?: { import: typeof findImport }): string;
  version(): string;
}

async function loadSolc(): Promise<Solc> {
  return ((await import('solc')) as unknown as { default: Solc }).default;
}

/** Throws solc's errors (not its warnings), all in one message. */
function throwOnSolcErrors(
  diagnostics: Array<{ severity: string; formattedMessage: string }> | undefined,
): void {
  const errors = (diagnostics ?? []).filter((error) => error.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
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
  const solc = await loadSolc();
  hash.update(solc.version());
  hash.update(JSON.stringify(COMPILER_SETTINGS));
  hash.update(JSON.parse(readFileSync(join(OPENZEPPELIN_DIR, 'package.json'), 'utf8')).version);
  const cacheFile = join(CACHE_DIR, 'contracts', `${hash.digest('hex').slice(0, 16)}.json`);
  if (existsSync(cacheFile)) {
    compiled = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, CompiledContract>;
    return compiled;
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: { ...COMPILER_SETTINGS, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as {
    errors?: Array<{ severity: string; formattedMessage: string }>;
    contracts: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
  };
  throwOnSolcErrors(output.errors);
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

/** The source unit name of the market: its path under contracts/, as `compileContracts` names it. */
export const MARKET_SOURCE = 'ModelCommonsMarket.sol';

/** A solc standard-JSON input (https://docs.soliditylang.org/en/latest/using-the-compiler.html). */
export interface StandardJsonInput {
  language: 'Solidity';
  sources: Record<string, { content: string }>;
  settings: typeof COMPILER_SETTINGS & { outputSelection: Record<string, Record<string, string[]>> };
}

/**
 * What an explorer (Etherscan's "Standard-Json-Input", Blockscout, Sourcify) needs to verify a deployed
 * ModelCommonsMarket: the market's source and every file it imports, transitively — found by solc's own
 * parser, keyed by the source unit names solc gives them (`@openzeppelin/contracts/…`) — with the
 * settings `compileContracts` uses, and the exact compiler version (`solc.version()`).
 * Compiling it yields the bytecode `compileContracts` deploys: the metadata hash at the end of the
 * bytecode covers only the market's own sources, not the other files in contracts/.
 */
export async function marketStandardJsonInput(): Promise<{
  compilerVersion: string;
  input: StandardJsonInput;
}> {
  const solc = await loadSolc();
  const sources: Record<string, { content: string }> = {
    [MARKET_SOURCE]: { content: readFileSync(join(CONTRACTS_DIR, MARKET_SOURCE), 'utf8') },
  };
  // Parse (no type checking, no code) the files found so far, add what they import, until nothing is new.
  let pending = [MARKET_SOURCE];
  while (pending.length > 0) {
    const parsed = JSON.parse(
      solc.compile(
        JSON.stringify({
          language: 'Solidity',
          sources: Object.fromEntries(pending.map((name) => [name, sources[name]])),
          settings: { stopAfter: 'parsing', outputSelection: { '*': { '': ['ast'] } } },
        }),
      ),
    ) as {
      errors?: Array<{ severity: string; formattedMessage: string }>;
      sources?: Record<string, { ast: { nodes: Array<{ nodeType: string; absolutePath?: string }> } }>;
    };
    throwOnSolcErrors(parsed.errors);
    const next = new Set<string>();
    for (const unit of Object.values(parsed.sources ?? {})) {
      for (const node of unit.ast.nodes) {
        const path = node.absolutePath;
        if (node.nodeType !== 'ImportDirective' || !path || sources[path] || next.has(path)) continue;
        next.add(path);
      }
    }
    for (const path of next) sources[path] = { content: readSource(path) };
    pending = [...next];
  }
  const sorted = Object.fromEntries(Object.entries(sources).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    compilerVersion: solc.version(),
    input: {
      language: 'Solidity',
      sources: sorted,
      settings: {
        ...COMPILER_SETTINGS,
        outputSelection: { '*': { '*': ['abi', 'evm.bytecode', 'evm.deployedBytecode', 'metadata'] } },
      },
    },
  };
}

/**
 * Compiles a standard-JSON input as it is — no import callback, so a source missing from it fails the
 * compile — and returns one of its contracts: what gets deployed is what the input verifies as.
 */
export async function compileStandardJsonInput(
  input: StandardJsonInput,
  source: string,
  name: string,
): Promise<CompiledContract> {
  const solc = await loadSolc();
  const selected = {
    ...input,
    settings: {
      ...input.settings,
      outputSelection: { [source]: { [name]: ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(selected))) as {
    errors?: Array<{ severity: string; formattedMessage: string }>;
    contracts?: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
  };
  throwOnSolcErrors(output.errors);
  const contract = output.contracts?.[source]?.[name];
  if (!contract) throw new Error(`solc produced no ${source}:${name}`);
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
}

/** An imported file's content: OpenZeppelin from node_modules, anything else from contracts/. */
function readSource(path: string): string {
  const found = findImport(path);
  if ('contents' in found) return found.contents;
  try {
    return readFileSync(join(CONTRACTS_DIR, path), 'utf8');
  } catch {
    throw new Error(`${MARKET_SOURCE} imports ${path}, found neither in node_modules nor in contracts/`);
  }
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
