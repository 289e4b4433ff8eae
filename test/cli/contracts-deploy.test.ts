/**
 * `npm run contracts:deploy` run as an operator runs it — a child process (node + tsx) with only the
 * environment it is given — against a private anvil whose chain id (31347) is not a dev chain id, so
 * the script treats it as a real chain: it refuses development accounts there.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, getAddress, parseEther, Wallet } from 'ethers';
import solc from 'solc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WELL_KNOWN_DEV_ADDRESSES } from '#domain/dev-accounts.js';
import { DeployInputError, type DeploymentRecord, parseDeployInputs } from '#scripts/contracts-deploy.js';
import { compileContracts, type StandardJsonInput } from '#scripts/local-stack/contracts.js';
import { PROJECT_ROOT } from '#scripts/local-stack/paths.js';
import { type PrivateChain, startPrivateChain } from '#test/helpers/chain.js';

const CHAIN_ID = 31_347;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the script with `args` and exactly `env` (plus PATH): nothing leaks in from this shell. */
function runDeploy(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/contracts-deploy.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let chain: PrivateChain;
let outDir: string;
const deployer = Wallet.createRandom();
const admin = Wallet.createRandom();
const saleSigner = Wallet.createRandom().address;
const feeRecipient = Wallet.createRandom().address;
const token = Wallet.createRandom().address.toLowerCase(); // lower case is accepted too
const referrer = Wallet.createRandom().address;

/** A complete, valid environment for the private chain. */
function validEnv(): Record<string, string> {
  return {
    DEPLOYER_PRIVATE_KEY: deployer.privateKey,
    MARKET_ADMIN: admin.address,
    SALE_SIGNER: saleSigner,
    PLATFORM_FEE_RECIPIENT: feeRecipient,
    PLATFORM_FEE_BPS: '300',
    BASE_TOKEN_URI: 'https://api.example.com/licences/tokens/',
    RPC_URL: chain.rpcUrl,
    CURRENCIES: `native,${token}`,
    REFERRER_ADDRESSES: referrer,
  };
}

let deployed: Run;
let record: DeploymentRecord;
let marketAddress: string;

beforeAll(async () => {
  chain = await startPrivateChain(CHAIN_ID);
  outDir = await mkdtemp(join(tmpdir(), 'mc-deploy-'));
  for (const wallet of [deployer, admin]) {
    await chain.provider.send('anvil_setBalance', [wallet.address, `0x${parseEther('10').toString(16)}`]);
  }
  deployed = await runDeploy(['--chain', String(CHAIN_ID), '--out', outDir], validEnv());
  marketAddress = /^Deployed ModelCommonsMarket at (0x[0-9a-fA-F]{40})$/m.exec(deployed.stdout)?.[1] ?? '';
  const recordFile = join(outDir, `market-${CHAIN_ID}.deployment.json`);
  if (existsSync(recordFile)) record = JSON.parse(readFileSync(recordFile, 'utf8')) as DeploymentRecord;
});

afterAll(async () => {
  await chain?.stop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function market(): Promise<Contract> {
  const compiled = (await compileContracts()).ModelCommonsMarket;
  if (!compiled) throw new Error('no ModelCommonsMarket');
  return new Contract(marketAddress, compiled.abi, chain.provider);
}

describe('npm run contracts:deploy', () => {
  it('deploys a market owned by MARKET_ADMIN with the sale signer, fee recipient and fees of the env', async () => {
    expect(deployed.stderr).toBe('');
    expect(deployed.code).toBe(0);
    const contract = await market();

    expect(await contract.getFunction('owner')()).toBe(admin.address);
    expect(await contract.getFunction('saleSigner')()).toBe(saleSigner);
    expect(await contract.getFunction('feeRecipient')()).toBe(feeRecipient);
    expect(await contract.getFunction('platformFeeBps')()).toBe(300n);
    expect(await contract.getFunction('referrerFeeBps')()).toBe(100n);
    expect(await contract.getFunction('maxPlatformFeeBps')()).toBe(1000n);
    expect(await contract.getFunction('maxReferrerFeeBps')()).toBe(500n);
  });

  it('records and prints the transaction and block that created the market', async () => {
    const receipt = await chain.provider.getTransactionReceipt(record.transactionHash);

    expect(receipt?.contractAddress).toBe(marketAddress);
    expect(receipt?.from).toBe(deployer.address);
    expect(record).toMatchObject({
      chainId: CHAIN_ID,
      address: marketAddress,
      deployer: deployer.address,
      blockNumber: receipt?.blockNumber,
      blockHash: receipt?.blockHash,
      constructorArgs: { admin: admin.address, saleSigner, feeRecipient, platformFeeBps: 300 },
      standardJsonInput: `market-${CHAIN_ID}.standard-input.json`,
    });
    expect(deployed.stdout).toContain(
      `  transaction ${record.transactionHash}\n  block       ${record.blockNumber}\n`,
    );
    expect(deployed.stdout).toContain(
      `\n${JSON.stringify({ chainId: CHAIN_ID, market: marketAddress, marketDeployBlock: record.blockNumber })}\n`,
    );
  });

  it('prints calldata with which the admin allows the currencies and registers the referrers', async () => {
    const contract = await market();
    const signer = admin.connect(chain.provider);

    for (const call of record.adminCalls) {
      expect(deployed.stdout).toContain(`  ${call.call}\n    to   ${call.to}\n    data ${call.data}\n`);
      await (await signer.sendTransaction({ to: call.to, data: call.data })).wait();
    }

    expect(record.adminCalls.map((call) => call.call.replace(/ \/\*.*\*\//, ''))).toEqual([
      'setCurrencyAllowed(0x0000000000000000000000000000000000000000, true)',
      `setCurrencyAllowed(${getAddress(token)}, true)`,
      `setReferrerRegistered(${referrer}, true)`,
    ]);
    expect(await contract.getFunction('currencyAllowed')('0x0000000000000000000000000000000000000000')).toBe(
      true,
    );
    expect(await contract.getFunction('currencyAllowed')(token)).toBe(true);
    expect(await contract.getFunction('referrerRegistered')(referrer)).toBe(true);
  });

  it('writes a standard-JSON input that compiles to exactly the deployed code', async () => {
    const input = JSON.parse(
      readFileSync(join(outDir, record.standardJsonInput), 'utf8'),
    ) as StandardJsonInput;
    expect(Object.keys(input.sources)).toContain('ModelCommonsMarket.sol');
    expect(
      Object.keys(input.sources).every(
        (name) => name === 'ModelCommonsMarket.sol' || name.startsWith('@openzeppelin/contracts/'),
      ),
    ).toBe(true);
    expect(input.settings).toMatchObject({ optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun' });
    expect(record.compilerVersion).toBe(solc.version());

    // No import callback: the input must be complete on its own, as it is on an explorer. Selecting
    // only the market's code (as explorers also choose their own outputs) changes no byte of it.
    const selected = {
      ...input,
      settings: {
        ...input.settings,
        outputSelection: {
          'ModelCommonsMarket.sol': {
            ModelCommonsMarket: [
              'evm.bytecode.object',
              'evm.deployedBytecode.object',
              'evm.deployedBytecode.immutableReferences',
            ],
          },
        },
      },
    };
    const output = JSON.parse(solc.compile(JSON.stringify(selected))) as {
      contracts: Record<
        string,
        Record<
          string,
          {
            evm: {
              bytecode: { object: string };
              deployedBytecode: {
                object: string;
                immutableReferences: Record<string, Array<{ start: number; length: number }>>;
              };
            };
          }
        >
      >;
    };
    const compiled = output.contracts['ModelCommonsMarket.sol']?.ModelCommonsMarket?.evm;
    const tx = await chain.provider.getTransaction(record.transactionHash);

    // Creation code + constructor arguments is exactly what the deployment transaction carried.
    expect(tx?.data).toBe(`0x${compiled?.bytecode.object}${record.constructorArgsEncoded.slice(2)}`);
    // The runtime code is too, once the immutables (set by the constructor) are masked.
    const references = Object.values(compiled?.deployedBytecode.immutableReferences ?? {}).flat();
    expect(references.length).toBeGreaterThan(0);
    const mask = (hex: string) => {
      let out = hex.replace(/^0x/, '');
      for (const { start, length } of references) {
        out = out.slice(0, start * 2) + '0'.repeat(length * 2) + out.slice((start + length) * 2);
      }
      return out;
    };
    expect(mask(await chain.provider.getCode(marketAddress))).toBe(
      mask(compiled?.deployedBytecode.object ?? ''),
    );
    // And the local stack's compile (all of contracts/) deploys the same creation code.
    expect((await compileContracts()).ModelCommonsMarket?.bytecode).toBe(`0x${compiled?.bytecode.object}`);
  });

  it('refuses to run without DEPLOYER_PRIVATE_KEY', async () => {
    const { DEPLOYER_PRIVATE_KEY: _, ...env } = validEnv();

    const run = await runDeploy(['--chain', String(CHAIN_ID)], env);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^contracts:deploy: DEPLOYER_PRIVATE_KEY: not set: .*\n$/);
  });

  it('sends nothing when --chain differs from the chain the RPC serves', async () => {
    const other = Wallet.createRandom();
    await chain.provider.send('anvil_setBalance', [other.address, `0x${parseEther('1').toString(16)}`]);
    const dir = await mkdtemp(join(tmpdir(), 'mc-deploy-'));
    const blockBefore = await chain.provider.getBlockNumber();

    const run = await runDeploy(['--chain', '31337', '--out', dir], {
      ...validEnv(),
      DEPLOYER_PRIVATE_KEY: other.privateKey,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `contracts:deploy: the RPC at ${new URL(chain.rpcUrl).host} serves chain ${CHAIN_ID}, not --chain 31337; nothing was sent\n`,
    );
    expect(await chain.provider.getTransactionCount(other.address)).toBe(0);
    expect(await chain.provider.getBlockNumber()).toBe(blockBefore);
    expect(readdirSync(dir)).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a public development account as fee recipient on a chain that is not a dev chain', async () => {
    const devAccount = WELL_KNOWN_DEV_ADDRESSES[1] as string;
    const other = Wallet.createRandom();

    const run = await runDeploy(['--chain', String(CHAIN_ID)], {
      ...validEnv(),
      DEPLOYER_PRIVATE_KEY: other.privateKey,
      PLATFORM_FEE_RECIPIENT: devAccount,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `contracts:deploy: PLATFORM_FEE_RECIPIENT: ${devAccount} is a public development account (its private key is published); use an address you control\n`,
    );
    expect(await chain.provider.getTransactionCount(other.address)).toBe(0);
  });

  it('refuses to overwrite the record of a market already deployed on the chain', async () => {
    const nonce = await chain.provider.getTransactionCount(deployer.address);

    const run = await runDeploy(['--chain', String(CHAIN_ID), '--out', outDir], validEnv());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`already records a market on chain ${CHAIN_ID} (${marketAddress})`);
    expect(await chain.provider.getTransactionCount(deployer.address)).toBe(nonce);
  });
});

describe('parseDeployInputs', () => {
  const env = (overrides: Record<string, string | undefined>) => ({
    DEPLOYER_PRIVATE_KEY: deployer.privateKey,
    MARKET_ADMIN: admin.address,
    SALE_SIGNER: saleSigner,
    PLATFORM_FEE_RECIPIENT: feeRecipient,
    BASE_TOKEN_URI: 'https://api.example.com/licences/tokens/',
    RPC_URL: 'http://127.0.0.1:8545',
    ...overrides,
  });
  const problems = (argv: string[], values: Record<string, string | undefined>) => {
    try {
      parseDeployInputs(argv, values);
      return [];
    } catch (error) {
      if (error instanceof DeployInputError) return error.problems;
      throw error;
    }
  };

  it('accepts development accounts on the local chain ids', () => {
    const [first, second] = WELL_KNOWN_DEV_ADDRESSES;

    const plan = parseDeployInputs(
      ['--chain', '31337'],
      env({ MARKET_ADMIN: first, PLATFORM_FEE_RECIPIENT: second }),
    );

    expect(plan.args).toMatchObject({
      admin: first,
      feeRecipient: second,
      platformFeeBps: 250,
      referrerFeeBps: 100,
    });
  });

  it('names every bad input, one line each', () => {
    expect(
      problems(['--chain', '8453'], {
        ...env({}),
        MARKET_ADMIN: '0x0000000000000000000000000000000000000000',
        SALE_SIGNER: '0x5aaEb6053F3E94C9b9A09f33669435E7Ef1BeAed', // EIP-55's example, one letter's case flipped
        PLATFORM_FEE_BPS: '1200',
        BASE_TOKEN_URI: 'https://api.example.com/licences/tokens',
        CURRENCIES: '0x0000000000000000000000000000000000000000',
      }),
    ).toEqual([
      'MARKET_ADMIN: must not be the zero address (0x000…000): nobody holds its key',
      expect.stringMatching(
        /^SALE_SIGNER: ".*" must be a 0x-prefixed 20-byte address, EIP-55 checksummed or all lower-case$/,
      ),
      'PLATFORM_FEE_BPS: 1200 is above MAX_PLATFORM_FEE_BPS (1000)',
      'BASE_TOKEN_URI: must be an http(s) URL ending in "/" (tokenURI is this followed by the token id)',
      'CURRENCIES: write "native" for the chain\'s own coin',
    ]);
  });
});
