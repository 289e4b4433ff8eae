/**
 * `earnings [--withdraw]`: what the marketplace contract holds for you (GET /me/earnings `onChain`:
 * withdrawable now, and your share of sales not yet distributed), and with --withdraw the one
 * transaction per market and currency that pays it all to your wallet (distributeAndWithdraw). The
 * money only ever goes to the signed-in account; the local key's wallet sends it and pays the gas.
 */
import type { Command } from 'commander';
import type { Wallet } from 'ethers';
import { type ChainConnection, connectChain, rpcUrlFrom, sameAddress, sendCall } from '#cli/chain.js';
import type { Earnings } from '#cli/client/types.js';
import type { CliContext } from '#cli/context.js';
import { CliError, EXIT } from '#cli/exit-codes.js';
import { publishedMarketplace } from './market.js';
import { type WalletOptions, walletOf, withWalletOptions } from './wallet-options.js';

type OnChainEntry = Earnings['onChain'][number];

interface Withdrawal {
  chainId: number;
  market: string;
  currency: string;
  amount: string;
  txHash: string;
}

export function registerEarningsCommand(program: Command, context: (command: Command) => CliContext) {
  withWalletOptions(
    program
      .command('earnings')
      .description(
        'What the marketplace contract holds for you, per chain and currency; --withdraw sends it to your wallet',
      )
      .option('--withdraw', 'send each withdrawal transaction from the local key’s wallet'),
    { sends: true },
  ).action(async (options: WalletOptions & { withdraw?: boolean }, command: Command) => {
    const ctx = context(command);
    const client = await ctx.client();
    const earnings = await client.earnings();
    const entries = earnings.onChain;
    const marketplace = await publishedMarketplace(ctx);
    const lines = await Promise.all(
      entries.map(async (entry) => {
        const show = (amount: string) => marketplace.format(entry.chainId, entry.currency, amount);
        return `  chain ${entry.chainId}  withdrawable ${await show(entry.withdrawable)}  awaiting distribution ${await show(entry.awaitingDistribution)}  (market ${entry.market})`;
      }),
    );
    const withdrawals: Withdrawal[] = [];
    const pending = entries.filter((entry) => entry.withdraw !== null);
    if (options.withdraw && pending.length > 0) {
      const wallet = await walletOf(ctx, options);
      const rpcUrl = rpcUrlFrom(options.rpcUrl, ctx.io.env);
      const chainIds = [...new Set(pending.map((entry) => entry.chainId))];
      for (const chainId of chainIds) {
        const chain = await connectChain(rpcUrl, chainId).catch((error: unknown) => {
          // One RPC URL serves one chain: entries on others wait for a run with their URL.
          if (error instanceof CliError && error.code === 'WRONG_CHAIN' && chainIds.length > 1) {
            ctx.note(`skipping chain ${chainId}: ${error.message}`);
            return undefined;
          }
          throw error;
        });
        if (!chain) continue;
        try {
          for (const entry of pending.filter((candidate) => candidate.chainId === chainId)) {
            withdrawals.push(await withdraw(ctx, chain, wallet, entry, marketplace));
          }
        } finally {
          chain.close();
        }
      }
    }
    const human = [
      ...(entries.length === 0
        ? ['Nothing on chain for you yet.']
        : ['On chain (the marketplace contract):', ...lines]),
      `History: ${earnings.history.length} credit(s) from sales.`,
    ];
    if (options.withdraw) {
      if (pending.length === 0) human.push('Nothing to withdraw.');
      for (const done of withdrawals) {
        const amount = await marketplace.format(done.chainId, done.currency, done.amount);
        human.push(`Withdrew ${amount} on chain ${done.chainId}: ${done.txHash}`);
      }
    }
    ctx.result({ ...earnings, ...(options.withdraw ? { withdrawals } : {}) }, human);
  });
}

async function withdraw(
  ctx: CliContext,
  chain: ChainConnection,
  wallet: Wallet,
  entry: OnChainEntry,
  marketplace: Awaited<ReturnType<typeof publishedMarketplace>>,
): Promise<Withdrawal> {
  const call = entry.withdraw;
  if (!call) throw new CliError('nothing to withdraw', EXIT.FAILURE);
  marketplace.requireMarket(entry.chainId, entry.market);
  if (!sameAddress(call.to, entry.market)) {
    throw new CliError(
      `the withdrawal goes to ${call.to}, not to the market ${entry.market}: refusing to send it`,
      EXIT.FAILURE,
      'UNEXPECTED_CALL',
    );
  }
  const amount = (BigInt(entry.withdrawable) + BigInt(entry.awaitingDistribution)).toString();
  const shown = await marketplace.format(entry.chainId, entry.currency, amount);
  ctx.note(`Withdrawing ${shown} on chain ${entry.chainId}…`);
  const txHash = await sendCall(chain, wallet, {
    ...call,
    description: `withdraw ${shown} from ${entry.market}`,
  });
  ctx.note(`  mined: ${txHash}`);
  return { chainId: entry.chainId, market: entry.market, currency: entry.currency, amount, txHash };
}
