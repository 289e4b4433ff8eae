import { Contract } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { DependencyError } from '#domain/errors.js';
import { deployToken, ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { stack, testApp } from '#test/helpers/stack.js';

const { infra, close } = testApp();
const provider = testProvider();
afterAll(async () => {
  provider.destroy();
  await close();
});

describe('EvmChainGateway on anvil', () => {
  it('reads an ERC-20 transfer back from the receipt logs, naming the emitting contract', async () => {
    const payer = await fundedWallet(provider, 5_000_000n);
    const payee = await fundedWallet(provider);
    const token = new Contract(stack().stablecoin, ERC20_ABI, payer);

    const tx = await token.getFunction('transfer')(payee.address, 1_250_000n);
    await tx.wait();

    const transfers = await infra.chains.getErc20Transfers(stack().chainId, tx.hash);
    expect(transfers).toEqual([
      { token: stack().stablecoin, from: payer.address, to: payee.address, value: 1_250_000n, logIndex: 0 },
    ]);
  });

  it('attributes a look-alike token transfer to the look-alike contract', async () => {
    const payer = await fundedWallet(provider);
    const fake = await deployToken(payer, 'USD');
    await (await fake.getFunction('mint')(payer.address, 10n)).wait();
    const tx = await fake.getFunction('transfer')(stack().accounts[0]?.address, 10n);
    await tx.wait();

    const transfers = await infra.chains.getErc20Transfers(stack().chainId, tx.hash);
    expect(transfers?.[0]?.token).toBe(await fake.getAddress());
    expect(transfers?.[0]?.token).not.toBe(stack().stablecoin);
  });

  it('answers undefined for an unknown transaction', async () => {
    const unknown = `0x${'ab'.repeat(32)}`;
    expect(await infra.chains.getErc20Transfers(stack().chainId, unknown)).toBeUndefined();
  });

  it('refuses an RPC endpoint that serves another chain id', async () => {
    const misconfigured = new EvmChainGateway([{ chainId: 1, rpcUrl: stack().rpcUrl }]);
    await expect(misconfigured.ping(1)).rejects.toThrowError(DependencyError);
    await misconfigured.destroy();
  });

  it('turns an unreachable RPC into DependencyError', async () => {
    const dead = new EvmChainGateway([{ chainId: stack().chainId, rpcUrl: 'http://127.0.0.1:9' }], 500);
    await expect(dead.ping(stack().chainId)).rejects.toThrowError(DependencyError);
    await dead.destroy();
  });
});
